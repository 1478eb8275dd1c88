// Shared option types of registry operations: the injected clock and the step hook.

/** Returns "now". Injected so history timestamps are testable; the CLI passes `() => new Date()`. */
export type Clock = () => Date;

/**
 * Steps between the write steps of a mutating operation. `onStep` runs after each one; tests use it
 * to pause a child process there and SIGKILL it (crash-consistency tests).
 */
export type RegistryStep =
  | "lock-acquired"
  | "staging-created"
  | "files-copied"
  | "metadata-written"
  | "version-renamed"
  | "journal-written"
  | "temp-pointer-created"
  | "pointer-switched"
  | "history-appended"
  | "journal-cleared";

export type StepHook = (step: RegistryStep) => void | Promise<void>;

export type OpOptions = {
  clock: Clock;
  onStep?: StepHook;
};
