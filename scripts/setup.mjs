#!/usr/bin/env node
// Creates/refreshes the worker's Python environment (.venv) from requirements.txt.
// Idempotent: a stamp file holds the hash of requirements.txt, so a second run is instant.
// The SDK calls the same logic on first use (sdk/worker/pythonEnv.ts -> this script).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const venv = join(root, ".venv");
const py = join(venv, "bin", "python");
const stamp = join(venv, ".t2-requirements.sha256");
const req = join(root, "requirements.txt");
const quiet = process.argv.includes("--quiet");

function log(msg) {
  if (!quiet) process.stderr.write(`[setup] ${msg}\n`);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: quiet ? "ignore" : "inherit", cwd: root });
  if (r.error) throw new Error(`setup: could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`setup: '${cmd} ${args.join(" ")}' exited with ${r.status}`);
}

function findPython() {
  const candidates = [process.env.T2_PYTHON, "python3.11", "python3", "python"].filter(Boolean);
  for (const c of candidates) {
    const r = spawnSync(c, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim() === "3.11") return c;
  }
  throw new Error(
    "setup: Python 3.11 not found (tried $T2_PYTHON, python3.11, python3, python). Install Python 3.11 or set T2_PYTHON.",
  );
}

const want = createHash("sha256").update(readFileSync(req)).digest("hex");
const have = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
if (existsSync(py) && have === want) {
  log(".venv is up to date");
} else {
  if (!existsSync(py)) {
    const base = findPython();
    log(`creating .venv with ${base}`);
    run(base, ["-m", "venv", venv]);
  }
  log("installing requirements.txt into .venv (first run takes a few minutes)");
  run(py, ["-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", req]);
  writeFileSync(stamp + ".tmp", want + "\n");
  renameSync(stamp + ".tmp", stamp);
  log(".venv ready");
}
