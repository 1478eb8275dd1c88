// The repository root, for paths the SDK resolves against its own checkout (configs, .venv, sources, models/).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
