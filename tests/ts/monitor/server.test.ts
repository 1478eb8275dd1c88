// Monitoring server routes via fastify inject (no port): dashboard page, snapshot API and its errors, history, /metrics, /healthz.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonitorServer, fileSink, AlertDispatcher, evaluateAlertRules, METRIC_NAMES, readLatestSnapshot, writeDailySnapshot } from "../../../sdk/monitor/index.ts";
import { makeSnapshot, writeState } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "monitor-server-"));
const stateDir = join(root, "daily");
const clock = () => new Date("2024-03-29T00:45:00.000Z");
const app = createMonitorServer({ stateDir, clock });
let dates: string[] = [];

beforeAll(async () => {
  dates = writeState(stateDir, 45);
  const d = new AlertDispatcher({ sinks: [fileSink(join(stateDir, "alerts.jsonl"))] });
  d.dispatch(evaluateAlertRules({ ...makeSnapshot("2024-03-27"), turnover: 0.9 }));
  await d.flush(5_000);
});
afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const get = async (url: string) => {
  const r = await app.inject({ method: "GET", url });
  return { status: r.statusCode, type: String(r.headers["content-type"]), body: r.body, json: () => JSON.parse(r.body) as Record<string, unknown> };
};

describe("monitor server", () => {
  it("GET / is the self-contained dashboard: chart.js inlined, no external scripts, every panel present", async () => {
    const r = await get("/");
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.body).toContain("Chart.js v4");
    expect(r.body).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    for (const id of ["positions", "chart-pnl", "chart-drawdown", "chart-sharpe", "chart-vol", "top-predictions", "chart-eigen", "optimizer-status", "disagreement", "var95", "var99", "active-positions", "turnover", "missing", "winsorized", "feature-drift", "alerts"]) {
      expect(r.body, id).toContain(`id="${id}"`);
    }
  });

  it("GET /healthz reports the latest day and the injected clock", async () => {
    expect((await get("/healthz")).json()).toEqual({ status: "ok", now: "2024-03-29T00:45:00.000Z", latest: "2024-03-28", snapshots: 45 });
  });

  it("GET /api/snapshot/latest and /:date return the snapshot, its view and its alerts", async () => {
    const latest = (await get("/api/snapshot/latest")).json() as { snapshot: { asOf: string; nav: number }; view: { asOf: string; nav: number; rollingSharpe: number }; alerts: { level: string }[] };
    expect(latest.view.asOf).toBe("2024-03-28");
    expect(latest.snapshot).toEqual(readLatestSnapshot(stateDir));
    expect(latest.alerts.map((a) => a.level)).toEqual(["INFO", "INFO", "INFO"]);
    const day = (await get(`/api/snapshot/${dates[10]}`)).json() as { view: { asOf: string } };
    expect(day.view.asOf).toBe(dates[10]);
  });

  it("unknown data: 404 naming the date and the available range; malformed date: 400; unknown route: 404 JSON", async () => {
    const nf = await get("/api/snapshot/2019-01-01");
    expect(nf.status).toBe(404);
    expect(nf.json()).toEqual({ error: { code: "NOT_FOUND", message: "no snapshot for 2019-01-01; available: 2024-02-13 .. 2024-03-28 (45 days)" } });
    const bad = await get("/api/snapshot/2024-13-45");
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({ error: { code: "BAD_DATE", message: 'not a date (YYYY-MM-DD): "2024-13-45"' } });
    expect((await get("/api/snapshot/yesterday")).status).toBe(400);
    const route = await get("/api/positions");
    expect(route.status).toBe(404);
    expect(route.json()).toEqual({ error: { code: "NOT_FOUND", message: "no route GET /api/positions" } });
  });

  it("GET /api/history: one row per day, rolling Sharpe after 30 days", async () => {
    const h = (await get("/api/history")).json() as { rows: { date: string; rollingSharpe: number | null }[]; errors: unknown[] };
    expect(h.errors).toEqual([]);
    expect(h.rows.map((r) => r.date)).toEqual(dates);
    expect(h.rows.findIndex((r) => r.rollingSharpe !== null)).toBe(29);
  });

  it("GET /metrics: Prometheus text with every gauge, values from the latest snapshot, alert counts, snapshot age", async () => {
    const r = await get("/metrics");
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of METRIC_NAMES) expect(r.body, name).toContain(`# TYPE ${name} gauge`);
    const latest = readLatestSnapshot(stateDir);
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, "\\$&")} (\\S+)$`, "m").exec(r.body)?.[1]);
    expect(value("t2_snapshot_available")).toBe(1);
    expect(value("t2_nav")).toBeCloseTo(latest.nav, 6);
    expect(value("t2_turnover")).toBeCloseTo(latest.turnover, 12);
    expect(value('t2_var_utilization{level="95"}')).toBe(0.5);
    expect(value('t2_optimizer_status{status="optimal"}')).toBe(1);
    expect(value('t2_optimizer_status{status="infeasible"}')).toBe(0);
    expect(value('t2_alerts{level="INFO"}')).toBe(3);
    expect(value('t2_alerts{level="CRITICAL"}')).toBe(0);
    expect(value('t2_alerts_logged{level="WARNING"}')).toBe(1);
    expect(value("t2_last_run_timestamp_seconds")).toBe(Date.parse("2024-03-28T21:45:00.000Z") / 1000);
    expect(value("t2_snapshot_age_seconds")).toBe(3 * 3600);
    expect(value("t2_active_positions")).toBe(4);
    expect(Number.isFinite(value("t2_rolling_sharpe_30d"))).toBe(true);
  });

  it("reads live: a new day appears and an overwritten day is re-read; a corrupt file is named (500) and skipped in history", async () => {
    writeDailySnapshot(stateDir, { ...makeSnapshot("2024-03-29"), nav: 2_000_000, optimizer: { status: "equal_weight" } });
    const v = (await get("/api/snapshot/latest")).json() as { view: { asOf: string; nav: number }; alerts: { code: string }[] };
    expect([v.view.asOf, v.view.nav, v.alerts[0]?.code]).toEqual(["2024-03-29", 2_000_000, "SOLVER_INFEASIBLE"]);
    expect((await get("/metrics")).body).toMatch(/^t2_alerts\{level="CRITICAL"\} 1$/m);
    writeDailySnapshot(stateDir, { ...makeSnapshot("2024-03-29"), nav: 2_500_000.5 });
    expect(((await get("/api/snapshot/latest")).json() as { view: { nav: number } }).view.nav).toBe(2_500_000.5);
    const file = join(stateDir, "2024-03-30.json");
    writeFileSync(file, '{"version":1}');
    const bad = await get("/api/snapshot/2024-03-30");
    expect(bad.status).toBe(500);
    expect(bad.json()).toMatchObject({ error: { code: "BAD_SNAPSHOT", file } });
    expect(String((bad.json().error as { message: string }).message)).toContain("asOf");
    const h = (await get("/api/history")).json() as { rows: unknown[]; errors: { file: string }[] };
    expect(h.rows).toHaveLength(46);
    expect(h.errors.map((e) => e.file)).toEqual([file]);
    expect((await get("/metrics")).body).toMatch(/^t2_snapshot_errors 1$/m);
    rmSync(file);
  });

  it("an empty state directory: 404 for data, metrics say no snapshot, the page still loads", async () => {
    const empty = createMonitorServer({ stateDir: join(root, "none"), clock });
    try {
      const latest = await empty.inject({ url: "/api/snapshot/latest" });
      expect(latest.statusCode).toBe(404);
      expect(latest.json()).toEqual({ error: { code: "NOT_FOUND", message: `no snapshots in ${join(root, "none")}` } });
      expect((await empty.inject({ url: "/metrics" })).body).toMatch(/^t2_snapshot_available 0$/m);
      expect((await empty.inject({ url: "/" })).statusCode).toBe(200);
      expect((await empty.inject({ url: "/healthz" })).json()).toMatchObject({ latest: null, snapshots: 0 });
    } finally {
      await empty.close();
    }
  });
});
