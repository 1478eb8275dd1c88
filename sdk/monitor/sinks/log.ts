// logSink: alerts as pino log lines (CRITICAL -> error, WARNING -> warn, INFO -> info).
import type { Logger } from "pino";
import type { Alert } from "../alerts/types.ts";
import type { AlertSink } from "./types.ts";

/**
 * A sink writing each alert to `logger` at the matching level, with the alert's fields as structured context.
 * @example logSink(createLogger("alerts"))
 */
export function logSink(logger: Logger): AlertSink {
  return {
    name: "log",
    deliver(a: Alert): Promise<void> {
      const ctx = { alert: { level: a.level, code: a.code, date: a.date, details: a.details } };
      if (a.level === "CRITICAL") logger.error(ctx, a.message);
      else if (a.level === "WARNING") logger.warn(ctx, a.message);
      else logger.info(ctx, a.message);
      return Promise.resolve();
    },
  };
}
