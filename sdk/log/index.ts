// sdk/log: the SDK's pino logger (pretty in a terminal, JSON otherwise; T2_LOG_LEVEL sets the level).
import { pino, type Logger } from "pino";

export type { Logger } from "pino";

export function createLogger(name = "t2", level = process.env.T2_LOG_LEVEL ?? "info"): Logger {
  const pretty = process.stderr.isTTY && process.env.T2_LOG_FORMAT !== "json";
  if (pretty) {
    return pino({ name, level, transport: { target: "pino-pretty", options: { destination: 2, colorize: true } } });
  }
  return pino({ name, level }, pino.destination(2));
}

/** A logger that drops everything (tests, libraries embedding the SDK quietly). */
export const silentLogger: Logger = pino({ level: "silent" });
