// Alert delivery: append-only file, webhook retries/backoff against a local HTTP server, and a dispatcher that never blocks.
import { once } from "node:events";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { AlertDispatcher, evaluateAlertRules, fileSink, logSink, MonitorError, readAlertFile, webhookSink, type Alert, type AlertSink } from "../../../sdk/monitor/index.ts";
import { makeSnapshot } from "./fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "monitor-sinks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const alerts = evaluateAlertRules({ ...makeSnapshot(), turnover: 0.8, failures: { inference: "boom", pipeline: null } });
const clock = () => new Date("2024-03-28T22:00:00.000Z");

/** A loopback HTTP server; `handler` sees each request with its body; `await using` closes it (and any hung sockets). */
async function httpServer(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const srv = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => handler(req, body, res));
  });
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const addr = srv.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    async [Symbol.asyncDispose]() {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    },
  };
}

describe("fileSink", () => {
  it("appends one JSON line per alert, in order, never rewriting what is there", async () => {
    const file = join(dir, "a", "alerts.jsonl");
    const d = new AlertDispatcher({ sinks: [fileSink(file, clock)] });
    d.dispatch(alerts.slice(0, 2));
    expect((await d.flush(5_000)).complete).toBe(true);
    const first = readFileSync(file, "utf8");
    d.dispatch(alerts.slice(2));
    await d.flush(5_000);
    const all = readFileSync(file, "utf8");
    expect(all.startsWith(first)).toBe(true);
    const { records, bad } = readAlertFile(file);
    expect(bad).toEqual([]);
    expect(records).toEqual(alerts.map((a) => ({ ...a, at: "2024-03-28T22:00:00.000Z" })));
    expect(d.stats()).toEqual({ delivered: { file: alerts.length }, failed: { file: 0 }, dropped: { file: 0 }, pending: 0 });
  });

  it("reader reports a torn or foreign line by number instead of throwing; missing file is empty", () => {
    const file = join(dir, "torn.jsonl");
    writeFileSync(file, JSON.stringify({ ...alerts[0], at: "x" }) + "\n");
    appendFileSync(file, '{"level":"CRIT');
    expect(readAlertFile(file).records).toHaveLength(1);
    expect(readAlertFile(file).bad.map((b) => b.line)).toEqual([2]);
    expect(readAlertFile(join(dir, "nope.jsonl"))).toEqual({ records: [], bad: [] });
  });
});

describe("logSink", () => {
  it("maps CRITICAL/WARNING/INFO to error/warn/info with the alert as context", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(s) });
    const d = new AlertDispatcher({ sinks: [logSink(logger)] });
    d.dispatch(alerts);
    await d.flush(1_000);
    const parsed = lines.map((l) => JSON.parse(l) as { level: number; msg: string; alert: { code: string } });
    expect(parsed.map((p) => [p.level, p.alert.code])).toEqual([
      [50, "INFERENCE_FAILURE"],
      [40, "HIGH_TURNOVER"],
      [30, "REBALANCE_SUMMARY"],
      [30, "PERFORMANCE_SUMMARY"],
      [30, "MODEL_HEALTH"],
    ]);
  });
});

describe("webhookSink", () => {
  const alert = alerts[0] as Alert;

  it("retries 5xx with exponential backoff and delivers on the third attempt", async () => {
    const seen: { body: string; t: number }[] = [];
    await using srv = await httpServer((_req, body, res) => {
      seen.push({ body, t: performance.now() });
      res.writeHead(seen.length <= 2 ? 503 : 204).end();
    });
    const d = new AlertDispatcher({ sinks: [webhookSink({ url: srv.url, attempts: 4, backoffMs: 40, timeoutMs: 2_000 })] });
    d.dispatch(alert);
    expect((await d.flush(5_000)).complete).toBe(true);
    expect(d.stats().delivered.webhook).toBe(1);
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => JSON.parse(s.body).code === "INFERENCE_FAILURE")).toBe(true);
    const gaps = [(seen[1]?.t ?? 0) - (seen[0]?.t ?? 0), (seen[2]?.t ?? 0) - (seen[1]?.t ?? 0)];
    expect(gaps[0]).toBeGreaterThanOrEqual(38);
    expect(gaps[1]).toBeGreaterThanOrEqual(78); // doubled
  });

  it("does not retry a 4xx; gives up after the last attempt on a refused connection, listing each attempt", async () => {
    let hits = 0;
    await using srv = await httpServer((_req, _b, res) => {
      hits++;
      res.writeHead(400).end();
    });
    const bad = webhookSink({ url: srv.url, attempts: 3, backoffMs: 1 });
    await expect(bad.deliver(alert, new AbortController().signal)).rejects.toThrow(/after 1 attempt\(s\): HTTP 400/);
    expect(hits).toBe(1);
    const refused = webhookSink({ url: "http://127.0.0.1:1/hook", attempts: 3, backoffMs: 1, timeoutMs: 1_000 });
    await expect(refused.deliver(alert, new AbortController().signal)).rejects.toThrow(/after 3 attempt\(s\)/);
  });

  it("a server that never answers does not block the pipeline: dispatch returns at once, flush abandons at its timeout", async () => {
    let hits = 0;
    await using srv = await httpServer(() => void hits++); // never responds
    const d = new AlertDispatcher({ sinks: [webhookSink({ url: srv.url, attempts: 3, timeoutMs: 60_000 })] });
    const t0 = performance.now();
    d.dispatch(alerts);
    const dispatchMs = performance.now() - t0;
    expect(dispatchMs).toBeLessThan(20);
    expect(d.stats().pending).toBe(alerts.length);
    const t1 = performance.now();
    const r = await d.flush(300);
    expect(performance.now() - t1).toBeLessThan(2_000);
    expect(r).toEqual({ complete: false, abandoned: alerts.length });
    expect(d.stats()).toMatchObject({ pending: 0, failed: { webhook: alerts.length } });
    expect(hits).toBe(1); // ordered queue: the first alert was in flight, the rest never sent
  });

  it("a per-attempt timeout bounds each try", async () => {
    await using srv = await httpServer(() => undefined);
    const s = webhookSink({ url: srv.url, attempts: 2, timeoutMs: 100, backoffMs: 1 });
    const t0 = performance.now();
    await expect(s.deliver(alert, new AbortController().signal)).rejects.toThrow(/timeout after 100 ms; timeout after 100 ms/);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it("rejects a bad URL or option with BAD_CONFIG", () => {
    expect(() => webhookSink({ url: "ftp://x" })).toThrow(MonitorError);
    expect(() => webhookSink({ url: "http://x", attempts: 0 })).toThrow(/attempts/);
  });
});

describe("AlertDispatcher", () => {
  it("a failing sink never reaches the caller nor stops the others; a full queue drops and counts", async () => {
    const got: string[] = [];
    const broken: AlertSink = { name: "broken", deliver: () => Promise.reject(new Error("disk full")) };
    const thrower: AlertSink = {
      name: "thrower",
      deliver: () => {
        throw new Error("sync throw");
      },
    };
    const ok: AlertSink = {
      name: "ok",
      deliver: (a) => {
        got.push(a.code);
        return Promise.resolve();
      },
    };
    const d = new AlertDispatcher({ sinks: [broken, thrower, ok], maxPending: 3 });
    expect(() => d.dispatch(alerts)).not.toThrow();
    await d.flush(1_000);
    expect(got).toEqual(alerts.slice(0, 3).map((a) => a.code));
    expect(d.stats()).toEqual({
      delivered: { broken: 0, thrower: 0, ok: 3 },
      failed: { broken: 3, thrower: 3, ok: 0 },
      dropped: { broken: 2, thrower: 2, ok: 2 },
      pending: 0,
    });
  });
});
