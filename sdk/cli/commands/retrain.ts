// `t2 retrain --year YYYY [--config configs/retrain/synthetic.yaml] [--dry-run]`: PRD 9.2 retraining: train, validate
// on YYYY-1, register, compare with production and promote only if the gate passes; prints the decision.
// Exit code 0 when promoted (or a dry run), 3 when the gate refused the candidate.
import type { CommandModule } from "yargs";
import { DEFAULT_RETRAIN_CONFIG, renderRetrain, runRetrain } from "../../run/index.ts";

export const retrainCommand: CommandModule = {
  command: "retrain",
  describe: "Train a new ensemble for a year, validate it, register it and promote it if it beats production",
  builder: (y) =>
    y
      .option("year", { type: "number", demandOption: true, describe: "deployment year YYYY (train through YYYY-2, validate YYYY-1)" })
      .option("config", { type: "string", default: DEFAULT_RETRAIN_CONFIG, describe: "retrain config (YAML)" })
      .option("dry-run", { type: "boolean", default: false, describe: "train and compare, but write nothing to the registry" })
      .option("json", { type: "boolean", default: false, describe: "print the outcome as JSON" })
      .check((a) => {
        if (!Number.isInteger(a.year) || (a.year as number) < 1900 || (a.year as number) > 9999) throw new Error(`--year must be YYYY, got ${String(a.year)}`);
        return true;
      }),
  handler: async (argv) => {
    const o = await runRetrain({ year: argv.year as number, config: argv.config as string, dryRun: argv["dry-run"] as boolean });
    console.log(argv.json ? JSON.stringify(o, null, 2) : renderRetrain(o));
    process.exitCode = o.dryRun || o.promoted ? 0 : 3;
  },
};
