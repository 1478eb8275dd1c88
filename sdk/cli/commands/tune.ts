// `t2 tune`, `t2 ablate`, `t2 experiments`: the Optuna tuner and ablations run in the worker's Python
// (`python -m pyworker tune ...`, docs/tuning.md); these commands pass their options through and relay the output.
// `tune` and `ablate` then write tuning_report.html (tune-report.ts); `experiments report` writes it for any logs.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { CommandModule } from "yargs";
import { REPO_ROOT, workerPython } from "../../worker/index.ts";
import { writeTuningReportFor, type TuningSources } from "./tune-report.ts";

function relay(args: readonly string[]): boolean {
  const r = spawnSync(workerPython(), ["-m", "pyworker", "tune", ...args], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.error) throw new Error(`could not start the worker's Python: ${r.error.message}`);
  process.exitCode = r.status ?? 1;
  return r.status === 0;
}

function report(src: TuningSources, out?: string): void {
  const files = writeTuningReportFor(src, out);
  console.error(`tuning report: ${files.html} (data: ${files.json})`);
}

const opt = (v: unknown, flag: string): string[] => (v === undefined ? [] : [flag, String(v)]);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

export const tuneCommand: CommandModule = {
  command: "tune",
  describe: "Run or resume a tuning study phase (Optuna; validation years only), then write its tuning_report.html",
  builder: (y) =>
    y
      .option("config", { type: "string", default: "configs/tune/quick.yaml" })
      .option("phase", { type: "string", describe: "phase name (default: the first)" })
      .option("n-trials", { type: "number", describe: "finished trials to reach" })
      .option("worker", { type: "number", describe: "worker index when several processes share the study" })
      .option("storage", { type: "string", describe: "Optuna RDB URL (default: SQLite under the config's out_dir)" })
      .option("report", { type: "boolean", default: true, describe: "write <out_dir>/<study>/tuning_report.html (--no-report: skip)" }),
  handler: (argv) => {
    const ok = relay(["run", "--config", String(argv.config), ...opt(argv.phase, "--phase"), ...opt(argv["n-trials"], "--n-trials"), ...opt(argv.worker, "--worker"), ...opt(argv.storage, "--storage")]);
    if (ok && argv.report !== false) report({ configs: [String(argv.config)] });
  },
};

export const ablateCommand: CommandModule = {
  command: "ablate",
  describe: "Run the ablation variants of a config, print Sharpe deltas with confidence intervals, write tuning_report.html",
  builder: (y) =>
    y
      .option("config", { type: "string", default: "configs/tune/ablate-quick.yaml" })
      .option("report", { type: "boolean", default: true, describe: "write <out_dir>/<name>/tuning_report.html (--no-report: skip)" }),
  handler: (argv) => {
    const ok = relay(["ablate", "--config", String(argv.config)]);
    if (ok && argv.report !== false) report({ ablationConfigs: [String(argv.config)] });
  },
};

export const experimentsCommand: CommandModule = {
  command: "experiments <action>",
  describe: "List, show or compare the trials of an experiment log (with the Deflated Sharpe Ratio), or write their HTML report",
  builder: (y) =>
    y
      .positional("action", { choices: ["list", "show", "compare", "report"] as const, demandOption: true })
      .option("config", { type: "string", describe: "tuning config (its log); default configs/tune/quick.yaml unless --log / --ablation" })
      .option("log", { type: "string", describe: "experiment log (.jsonl) instead of --config" })
      .option("trial", { type: "number", array: true, describe: "trial number(s) for show / compare" })
      .option("phase", { type: "string" })
      .option("ablation", { type: "string", array: true, describe: "report: ablation.json file(s) to add" })
      .option("out", { type: "string", describe: "report: the HTML file (default <out_dir>/<study>/tuning_report.html; tuning.json beside it)" }),
  handler: (argv) => {
    const log = argv.log === undefined ? undefined : resolve(String(argv.log)); // the worker runs in the repo root
    const ablations = strings(argv.ablation).map((p) => resolve(p));
    const config = argv.config === undefined ? (log === undefined && (argv.action !== "report" || ablations.length === 0) ? "configs/tune/quick.yaml" : undefined) : String(argv.config);
    if (argv.action === "report") {
      report({ logs: log === undefined ? [] : [log], configs: config === undefined ? [] : [config], ablations }, argv.out === undefined ? undefined : String(argv.out));
      return;
    }
    const src = log === undefined ? ["--config", String(config)] : ["--log", log];
    relay(["experiments", String(argv.action), ...src, ...((argv.trial as number[] | undefined)?.length ? ["--trial", ...(argv.trial as number[]).map(String)] : []), ...opt(argv.phase, "--phase")]);
  },
};
