// createMonitorServer: the fastify app behind `t2 serve`: dashboard page, JSON API over the state directory, /metrics, /healthz.
import { join } from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { silentLogger } from "../../log/index.ts";
import { evaluateAlertRules } from "../alerts/rules.ts";
import { DEFAULT_THRESHOLDS, type AlertThresholds } from "../alerts/thresholds.ts";
import { snapshotView } from "../derive/view.ts";
import { MonitorError, MonitorErrorCode } from "../errors.ts";
import { chartJsBundle } from "./chartjs.ts";
import { renderDashboard } from "./dashboard.ts";
import { createMetrics } from "./metrics.ts";
import { StateReader } from "./state-reader.ts";

export interface MonitorServerOptions {
  /** The daily state directory (DailySnapshot files). */
  stateDir: string;
  /** Injected clock (snapshot age in /metrics and /healthz). */
  clock?: () => Date;
  thresholds?: AlertThresholds;
  /** The append-only alert file counted by /metrics (default `<stateDir>/alerts.jsonl`). */
  alertFile?: string;
  /** Days of history the charts show (default 400). */
  historyDays?: number;
  /** Dashboard polling period (default 60 s). */
  refreshMs?: number;
  /** Request log (default: none). */
  logger?: Logger;
}

const STATUS: Record<MonitorErrorCode, number> = { NOT_FOUND: 404, BAD_DATE: 400, BAD_SNAPSHOT: 500, BAD_CONFIG: 500 };

/**
 * The monitoring app, not yet listening (use `inject` in tests, or `startMonitorServer`).
 * @example const app = createMonitorServer({ stateDir: "runs/daily" }); await app.listen({ host: "127.0.0.1", port: 9464 });
 */
export function createMonitorServer(opts: MonitorServerOptions): FastifyInstance {
  const clock = opts.clock ?? (() => new Date());
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const reader = new StateReader(opts.stateDir, opts.historyDays ?? 400, thresholds.sharpeWindow);
  const metrics = createMetrics({ reader, thresholds, clock, alertFile: opts.alertFile ?? join(opts.stateDir, "alerts.jsonl") });
  const page = renderDashboard(chartJsBundle(), opts.refreshMs);
  const app: FastifyInstance = Fastify({ loggerInstance: (opts.logger ?? silentLogger) as FastifyBaseLogger });

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof MonitorError) {
      const file = typeof err.details.file === "string" ? { file: err.details.file } : {};
      return reply.code(STATUS[err.code]).send({ error: { code: err.code, message: err.message, ...file } });
    }
    const e = err as Error & { statusCode?: number };
    return reply.code(e.statusCode ?? 500).send({ error: { code: "INTERNAL", message: e.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.url}` } }));

  app.get("/", (_req, reply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page));
  app.get("/healthz", () => {
    const dates = reader.dates();
    return { status: "ok", now: clock().toISOString(), latest: dates[dates.length - 1] ?? null, snapshots: dates.length };
  });
  app.get("/api/dates", () => ({ dates: reader.dates() }));
  app.get("/api/history", () => reader.history());
  app.get<{ Params: { date: string } }>("/api/snapshot/:date", (req) => {
    const snapshot = req.params.date === "latest" ? reader.latest() : reader.read(req.params.date);
    return { snapshot, view: snapshotView(snapshot, thresholds.sharpeWindow), alerts: evaluateAlertRules(snapshot, thresholds), thresholds };
  });
  app.get("/metrics", async (_req, reply) => {
    const text = await metrics.render();
    return reply.type(metrics.registry.contentType).send(text);
  });
  return app;
}

export interface RunningMonitorServer extends AsyncDisposable {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:40123/ */
  url: string;
  close(): Promise<void>;
}

/**
 * Creates and starts the server (default 127.0.0.1, an ephemeral port); `await using` closes it.
 * @example await using srv = await startMonitorServer({ stateDir: "runs/daily", port: 0 }); console.log(srv.url);
 */
export async function startMonitorServer(opts: MonitorServerOptions & { host?: string; port?: number }): Promise<RunningMonitorServer> {
  const app = createMonitorServer(opts);
  await app.listen({ host: opts.host ?? "127.0.0.1", port: opts.port ?? 0 });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port ?? 0;
  const host = (opts.host ?? "127.0.0.1").includes(":") ? `[${opts.host}]` : opts.host ?? "127.0.0.1";
  const close = () => app.close();
  return { app, url: `http://${host}:${port}/`, close, [Symbol.asyncDispose]: close };
}
