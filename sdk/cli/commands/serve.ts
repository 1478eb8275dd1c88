// `t2 serve [--port 9464] [--host 127.0.0.1] [--state runs/daily]`: the monitoring dashboard and Prometheus /metrics until Ctrl-C.
import { readFileSync } from "node:fs";
import type { CommandModule } from "yargs";
import { parse as parseYaml } from "yaml";
import { createLogger } from "../../log/index.ts";
import { DEFAULT_STATE_DIR, DEFAULT_THRESHOLDS, parseAlertThresholds, startMonitorServer } from "../../monitor/index.ts";

export const serveCommand: CommandModule = {
  command: "serve",
  describe: "Serve the monitoring dashboard (GET /) and Prometheus metrics (GET /metrics) over the daily state directory",
  builder: (y) =>
    y
      .option("port", { type: "number", default: 9464, describe: "TCP port (0 = any free port)" })
      .option("host", { type: "string", default: "127.0.0.1", describe: "interface to bind (0.0.0.0 exposes it to the network)" })
      .option("state", { type: "string", default: DEFAULT_STATE_DIR, describe: "daily state directory (<YYYY-MM-DD>.json snapshots)" })
      .option("alert-file", { type: "string", describe: "append-only alert file counted by /metrics (default <state>/alerts.jsonl)" })
      .option("thresholds", { type: "string", describe: "YAML file of alert thresholds (keys of AlertThresholds; PRD 9.3 defaults)" })
      .option("refresh", { type: "number", default: 60, describe: "dashboard refresh period, seconds" }),
  handler: async (argv) => {
    const log = createLogger("serve");
    const thresholds = argv.thresholds === undefined ? DEFAULT_THRESHOLDS : parseAlertThresholds(parseYaml(readFileSync(argv.thresholds as string, "utf8")));
    const srv = await startMonitorServer({
      stateDir: argv.state as string,
      host: argv.host as string,
      port: argv.port as number,
      thresholds,
      refreshMs: (argv.refresh as number) * 1000,
      ...(argv["alert-file"] === undefined ? {} : { alertFile: argv["alert-file"] as string }),
    });
    log.info({ url: srv.url, state: argv.state }, "monitor listening");
    console.log(`dashboard: ${srv.url}\nmetrics:   ${srv.url}metrics\nstate:     ${String(argv.state)}  (Ctrl-C stops)`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await srv.close();
  },
};
