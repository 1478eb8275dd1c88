// Whether a process id on this host is running: used to tell stale lock files and shared-memory
// segments (left by a killed process) from live ones.

/** True when `pid` runs on this host (also when it belongs to another user: EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
