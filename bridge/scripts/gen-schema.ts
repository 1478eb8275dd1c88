// Writes bridge/schema/contract.schema.json (atomically). `--check` exits 1 when the file is stale.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderContractSchema, SCHEMA_PATH } from "../schema/generate.ts";

const path = resolve(import.meta.dirname, "../..", SCHEMA_PATH);
const text = renderContractSchema();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(path, "utf8");
  } catch {
    /* missing file counts as stale */
  }
  if (current !== text) {
    console.error(`${SCHEMA_PATH} is stale: run \`npm run gen:schema\``);
    process.exit(1);
  }
  console.log(`${SCHEMA_PATH} is up to date`);
} else {
  writeFileSync(path + ".tmp", text);
  renameSync(path + ".tmp", path);
  console.log(`wrote ${SCHEMA_PATH}`);
}
