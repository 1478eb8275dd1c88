// sdk/io: low-level file helpers shared by every area (no dependencies on the rest of the SDK).
export { fsyncPath, writeAtomic, writeAtomicAsync, writeJsonAtomic, writeNewFile, type AtomicWriteOptions } from "./atomic.ts";
export { REPO_ROOT } from "./paths.ts";
export { pidAlive } from "./process.ts";
