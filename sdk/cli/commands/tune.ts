// `t2 tune`, `t2 ablate`, `t2 experiments`: the Optuna tuner and ablations run in the worker's Python
// (`python -m pyworker tune ...`, docs/tuning.md); these commands pass their options through and relay the output.
import { spawnSync } from "node:child_process";
import type { CommandModule } from "yargs";
import { REPO_ROOT, workerPython } from "../../worker/index.ts";

function relay(args: readonly string[]): void {
  const r = spawnSync(workerPython(), ["-m", "pyworker", "tune", ...args], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.error) throw new Error(`could not start the worker's Python: ${r.error.message}`);
  process.exitCode = r.status ?? 1;
}

const opt = (v: unknown, flag: string): string[] => (v === undefined ? [] : [flag, String(v)]);

export const tuneCommand: CommandModule = {
  command: "tune",
  describe: "Run or resume a tuning study phase (Optuna; validation years only)",
  builder: (y) =>
    y
      .option("config", { type: "string", default: "configs/tune/quick.yaml" })
      .option("phase", { type: "string", describe: "phase name (default: the first)" })
      .option("n-trials", { type: "number", describe: "finished trials to reach" })
      .option("worker", { type: "number", describe: "worker index when several processes share the study" })
      .option("storage", { type: "string", describe: "Optuna RDB URL (default: SQLite under the config's out_dir)" }),
  handler: (argv) =>
    relay(["run", "--config", String(argv.config), ...opt(argv.phase, "--phase"), ...opt(argv["n-trials"], "--n-trials"), ...opt(argv.worker, "--worker"), ...opt(argv.storage, "--storage")]),
};

export const ablateCommand: CommandModule = {
  command: "ablate",
  describe: "Run the ablation variants of a config and print Sharpe deltas with confidence intervals",
  builder: (y) => y.option("config", { type: "string", default: "configs/tune/ablate-quick.yaml" }),
  handler: (argv) => relay(["ablate", "--config", String(argv.config)]),
};

export const experimentsCommand: CommandModule = {
  command: "experiments <action>",
  describe: "List, show or compare the trials of a study's experiment log (with the Deflated Sharpe Ratio)",
  builder: (y) =>
    y
      .positional("action", { choices: ["list", "show", "compare"] as const, demandOption: true })
      .option("config", { type: "string", default: "configs/tune/quick.yaml" })
      .option("trial", { type: "number", array: true, describe: "trial number(s) for show / compare" })
      .option("phase", { type: "string" }),
  handler: (argv) =>
    relay(["experiments", String(argv.action), "--config", String(argv.config), ...((argv.trial as number[] | undefined)?.length ? ["--trial", ...(argv.trial as number[]).map(String)] : []), ...opt(argv.phase, "--phase")]),
};
