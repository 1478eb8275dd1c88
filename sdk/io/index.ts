// sdk/io: low-level file helpers shared by every area (no dependencies on the rest of the SDK).
export { writeAtomic, writeJsonAtomic } from "./atomic.ts";
