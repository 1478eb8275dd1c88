// Typed registry errors: each names the problem (file, member, version, hash) in its message.

export type RegistryErrorCode =
  | "INVALID_VERSION"
  | "VERSION_NOT_FOUND"
  | "VERSION_EXISTS"
  | "HASH_MISMATCH"
  | "METADATA_INVALID"
  | "SOURCE_INVALID"
  | "LOCKED"
  | "NO_PREVIOUS_VERSION"
  | "POINTER_INVALID"
  | "GATE_REFUSED";

export class RegistryError extends Error {
  override readonly name: string = "RegistryError";
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A stored file whose sha256 differs from the one recorded in metadata.json. */
export class HashMismatchError extends RegistryError {
  override readonly name = "HashMismatchError";
  constructor(
    readonly version: string,
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super("HASH_MISMATCH", `${version}: ${file} has sha256 ${actual}, metadata.json expects ${expected}`);
  }
}

/** Another process holds models/.lock. */
export class RegistryLockedError extends RegistryError {
  override readonly name = "RegistryLockedError";
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super("LOCKED", `registry is locked by pid ${pid} (${lockFile}); wait for it to finish`);
  }
}
