// `t2 evidence --data ../shared/data/real [--config ...] [--out runs/evidence] [--quick] [--render-only]`: the real-data
// evidence run (sdk/run/evidence.ts) and docs/results.md rendered from its results. Exit 2 when the data are absent.
import type { CommandModule } from "yargs";
import { runEvidence } from "../../run/index.ts";

export const evidenceCommand: CommandModule = {
  command: "evidence",
  describe: "Real-data walk-forward of the xLSTM ensemble vs the benchmarks; writes the report and docs/results.md",
  builder: (y) =>
    y
      .option("config", { type: "string", default: "configs/evidence/intl100.yaml", describe: "evidence config (YAML)" })
      .option("data", { type: "string", default: "../shared/data/real", describe: "directory of the real CSVs; absent: skip with exit code 2" })
      .option("out", { type: "string", describe: "run directory (default: the config's out); finished years and members there are reused" })
      .option("docs", { type: "string", default: "docs/results.md", describe: "the results document rendered from the run" })
      .option("quick", { type: "boolean", default: false, describe: "skip the sensitivity and perturbation runs" })
      .option("render-only", { type: "boolean", default: false, describe: "only re-render the docs from the run directory's files" }),
  handler: async (argv) => {
    process.exitCode = await runEvidence({
      config: argv.config as string,
      data: argv.data as string,
      docs: argv.docs as string,
      quick: argv.quick as boolean,
      renderOnly: argv["render-only"] as boolean,
      ...(argv.out === undefined ? {} : { out: argv.out as string }),
    });
  },
};
