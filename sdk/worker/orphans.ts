// Leaves no orphan worker when the Node process ends: exit, SIGINT, SIGTERM, uncaught exception.
// (The worker also watches its parent pid, which covers SIGKILL of Node.)
import type { ChildProcess } from "node:child_process";

const live = new Set<ChildProcess>();
let installed = false;

function killAll(): void {
  for (const c of live) {
    try {
      c.kill("SIGKILL");
    } catch {
      /* already gone */
    }
  }
  live.clear();
}

function onSignal(sig: NodeJS.Signals): void {
  killAll();
  process.off(sig, onSignal);
  // Only re-raise when nobody else handles the signal: then Node's default (exit) applies.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

export function track(child: ChildProcess): void {
  if (!installed) {
    installed = true;
    process.on("exit", killAll);
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, onSignal);
  }
  live.add(child);
  child.once("exit", () => live.delete(child));
}
