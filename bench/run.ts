// `npm run bench [-- --quick] [-- --only NAME]`: runs bench/*.bench.ts and bench/py/bench_*.py,
// prints one table, writes bench/results/<name>.json plus summary.json with the machine it ran on.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { workerPython, REPO_ROOT } from "../sdk/worker/index.ts";
import { writeJsonAtomic } from "../sdk/io/index.ts";
import type { BenchRow } from "./types.ts";

const quick = process.argv.includes("--quick");
const onlyIdx = process.argv.indexOf("--only");
const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1] : undefined;
const outDir = join(REPO_ROOT, "bench", "results");
mkdirSync(outDir, { recursive: true });

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : a >= 0.01 ? v.toFixed(4) : v.toExponential(2);
}

const all: Record<string, BenchRow[]> = {};
const benchDir = join(REPO_ROOT, "bench");
for (const f of readdirSync(benchDir).filter((f) => f.endsWith(".bench.ts")).sort()) {
  const name = f.replace(/\.bench\.ts$/, "");
  if (only && only !== name) continue;
  process.stderr.write(`[bench] ${name}...\n`);
  const mod = (await import(pathToFileURL(join(benchDir, f)).href)) as { run(o: { quick: boolean }): Promise<BenchRow[]> };
  try {
    all[name] = await mod.run({ quick });
    writeJsonAtomic(join(outDir, `${name}.json`), all[name]);
  } catch (e) {
    process.stderr.write(`[bench] ${name} failed: ${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}
const pyDir = join(benchDir, "py");
if (existsSync(pyDir)) {
  for (const f of readdirSync(pyDir).filter((f) => /^bench_.*\.py$/.test(f)).sort()) {
    const name = f.replace(/^bench_|\.py$/g, "");
    if (only && only !== name) continue;
    process.stderr.write(`[bench] ${name} (python)...\n`);
    const r = spawnSync(workerPython(), [join(pyDir, f), ...(quick ? ["--quick"] : [])], { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] });
    const out = join(outDir, `${name}.json`);
    if (r.status !== 0 || !existsSync(out)) {
      process.stderr.write(`[bench] ${name} failed (exit ${r.status})\n`);
      process.exitCode = 1;
      continue;
    }
    all[name] = JSON.parse(readFileSync(out, "utf8")) as BenchRow[];
  }
}

const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
writeJsonAtomic(join(outDir, "summary.json"), { date: new Date().toISOString(), quick, machine, results: all });
console.log(`\nmachine: ${machine.cpu} x${machine.cores}, ${machine.memGiB} GiB${quick ? " (quick run)" : ""}`);
console.log(["suite", "name", "metric", "value", "unit", "ratio (vs baseline)"].join(" | "));
for (const [suite, rows] of Object.entries(all)) {
  for (const r of rows) {
    const ratio = r.ratio !== undefined ? `${fmt(r.ratio)}x vs ${r.baseline ?? "baseline"}` : (r.note ?? "");
    console.log([suite, r.name, r.metric, fmt(r.value), r.unit, ratio].join(" | "));
  }
}
