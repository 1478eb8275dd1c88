#!/usr/bin/env node
// `t2` launcher: runs the TypeScript CLI through tsx (no build step).
import { register } from "tsx/esm/api";

register();
await import("../sdk/cli/main.ts");
