// `t2 daily --asof YYYY-MM-DD [--config configs/daily/synthetic.yaml] [--members DIR ...] [--json]`: one daily run
// (ingest -> validate -> features -> inference -> optimize -> trades -> pre-trade), printing the stage table; then the
// day's monitor snapshot, alert delivery and (with a registry) the rollback check.
// Exit code 0 when orders were produced or trading was halted by rule, 2 when the day failed (state untouched).
import type { CommandModule } from "yargs";
import { DEFAULT_DAILY_CONFIG, runDailyPipeline } from "../../run/index.ts";
import { renderStageTable } from "../../daily/index.ts";
import { assertIsoDate } from "../../data/index.ts";

export const dailyCommand: CommandModule = {
  command: "daily",
  describe: "Daily pipeline for one as-of date: order list, pre-trade checks, fail-safes and alerts",
  builder: (y) =>
    y
      .option("asof", { type: "string", demandOption: true, describe: "as-of trading day (YYYY-MM-DD)" })
      .option("config", { type: "string", default: DEFAULT_DAILY_CONFIG, describe: "daily config (YAML)" })
      .option("members", { type: "array", string: true, describe: "member files or directories (default: the config's members)" })
      .option("json", { type: "boolean", default: false, describe: "print result.json instead of the table" })
      .check((a) => {
        assertIsoDate(String(a.asof), "--asof"); // before any worker starts
        return true;
      }),
  handler: async (argv) => {
    const ac = new AbortController();
    const stop = () => ac.abort(new Error("interrupted"));
    process.once("SIGINT", stop);
    try {
      const members = argv.members as string[] | undefined;
      const { result: r, published: p } = await runDailyPipeline({ asOf: argv.asof as string, config: argv.config as string, signal: ac.signal, ...(members ? { members } : {}) });
      console.log(argv.json ? JSON.stringify(r, null, 2) : renderStageTable(r));
      if (!argv.json && p.snapshotFile) console.log(`snapshot ${p.snapshotFile}; ${p.alerts.length} alert(s) delivered${p.rollback?.rolledBack ? `; ROLLED BACK to ${p.rollback.rolledBack.entry.to}` : ""}`);
      process.exitCode = r.status === "failed" ? 2 : 0;
    } finally {
      process.off("SIGINT", stop);
    }
  },
};
