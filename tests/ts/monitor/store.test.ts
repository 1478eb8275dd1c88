// The daily state directory: atomic writer, validating reader that names the bad file, dates, derived views.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { drawdownSeries } from "../../../sdk/backtest/index.ts";
import {
  covarianceEigenvalues,
  historyRows,
  isIsoDate,
  listSnapshotDates,
  MonitorError,
  readDailySnapshot,
  readLatestSnapshot,
  snapshotView,
  writeDailySnapshot,
  type DailySnapshot,
} from "../../../sdk/monitor/index.ts";
import { makeSnapshot } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "monitor-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof MonitorError ? `${e.code}: ${e.message}` : `other: ${String(e)}`;
  }
  return "no error";
}

describe("state directory", () => {
  it("round-trips a snapshot through an atomic write and leaves no temp file", () => {
    const dir = join(root, "rt");
    const s = makeSnapshot("2024-03-27");
    expect(writeDailySnapshot(dir, s)).toBe(join(dir, "2024-03-27.json"));
    writeDailySnapshot(dir, makeSnapshot("2024-03-28"));
    expect(readdirSync(dir).sort()).toEqual(["2024-03-27.json", "2024-03-28.json"]);
    expect(readDailySnapshot(dir, "2024-03-27")).toEqual(s);
    expect(readLatestSnapshot(dir).asOf).toBe("2024-03-28");
    expect(listSnapshotDates(dir)).toEqual(["2024-03-27", "2024-03-28"]);
  });

  it("refuses to write an invalid snapshot (vector length, NaN) and writes nothing", () => {
    const dir = join(root, "bad-write");
    expect(code(() => writeDailySnapshot(dir, { ...makeSnapshot(), weights: [0.5, 0.5] }))).toMatch(/^BAD_SNAPSHOT: snapshot 2024-03-28: weights: length 2, expected 12/);
    expect(code(() => writeDailySnapshot(dir, { ...makeSnapshot(), nav: Number.NaN }))).toMatch(/^BAD_SNAPSHOT: .*nav/);
    expect(listSnapshotDates(dir)).toEqual([]);
  });

  it("the reader names the bad file and field; unknown and malformed dates are distinct errors", () => {
    const dir = join(root, "bad-read");
    writeDailySnapshot(dir, makeSnapshot("2024-03-01"));
    writeFileSync(join(dir, "2024-03-02.json"), "{not json");
    writeFileSync(join(dir, "2024-03-03.json"), JSON.stringify({ ...makeSnapshot("2024-03-03"), extra: 1 }));
    writeFileSync(join(dir, "2024-03-04.json"), JSON.stringify({ ...makeSnapshot("2024-03-04"), optimizer: { status: "great" } }));
    writeFileSync(join(dir, "notes.txt"), "ignored");
    expect(code(() => readDailySnapshot(dir, "2024-03-02"))).toMatch(new RegExp(`^BAD_SNAPSHOT: ${join(dir, "2024-03-02.json")}: not JSON`));
    expect(code(() => readDailySnapshot(dir, "2024-03-03"))).toMatch(/2024-03-03\.json: \(root\): Unrecognized key: "extra"/);
    expect(code(() => readDailySnapshot(dir, "2024-03-04"))).toMatch(/2024-03-04\.json: optimizer\.status: /);
    expect(code(() => readDailySnapshot(dir, "2023-01-01"))).toBe(`NOT_FOUND: no snapshot for 2023-01-01 in ${dir}`);
    expect(code(() => readDailySnapshot(dir, "2024-02-30"))).toBe('BAD_DATE: not a date (YYYY-MM-DD): "2024-02-30"');
    expect(code(() => readDailySnapshot(dir, "../etc/passwd"))).toMatch(/^BAD_DATE/);
    expect(code(() => readLatestSnapshot(join(root, "absent")))).toMatch(/^NOT_FOUND: no snapshots in/);
    expect(listSnapshotDates(dir)).toEqual(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"]);
    expect([isIsoDate("2024-12-31"), isIsoDate("2024-13-01"), isIsoDate("24-01-01")]).toEqual([true, false, false]);
  });
});

describe("derived views", () => {
  it("snapshotView: positions, top 10 predictions, VaR utilization, drawdown agree with sdk/backtest", () => {
    const s = makeSnapshot();
    const v = snapshotView(s);
    expect(v.positions.map((p) => [p.factor, p.weight, p.previous])).toEqual([
      ["value", 0.4, 0.25],
      ["momentum", 0.3, 0.25],
      ["quality", 0.2, 0.25],
      ["size", 0.1, 0.25],
    ]);
    expect(v.topPredictions.map((p) => p.factor)).toEqual(["value", "momentum", "quality", "size", "low_vol", "carry", "growth", "profit", "invest", "beta"]);
    expect([v.activePositions, v.maxPosition, v.varUtilization95, v.varUtilization99]).toEqual([4, 0.4, 0.5, 0.5]);
    expect(v.pnl).toBeCloseTo(1_234_567.89 * (1 - 1 / 1.0042), 6);
    const losing = [0.01, -0.05, 0.02, -0.01];
    expect(snapshotView({ ...s, returnsHistory: losing }).drawdown).toBeCloseTo(drawdownSeries(losing)[3] as number, 15);
  });

  it("eigenvalues of the covariance: sum equals the trace, descending, positive; known 2x2 case", () => {
    expect(covarianceEigenvalues([[2, 1], [1, 2]]).map((x) => Number(x.toFixed(12)))).toEqual([3, 1]);
    const s = makeSnapshot();
    const e = snapshotView(s).eigenvalues as number[];
    const trace = s.prediction.sigma.reduce((t, x) => t + x * x, 0);
    expect(e.reduce((a, b) => a + b, 0)).toBeCloseTo(trace, 14);
    expect(e.every((x, i) => x > 0 && (i === 0 || x <= (e[i - 1] as number)))).toBe(true);
    const { covariance: _c, ...pred } = s.prediction;
    expect(snapshotView({ ...s, prediction: pred } as DailySnapshot).eigenvalues).toBeNull();
  });

  it("historyRows: sorted, nav drawdown from running peak, rolling Sharpe only after a full window", () => {
    const navs = [100, 110, 99, 120];
    const snaps = navs.map((nav, i) => ({ ...makeSnapshot(`2024-01-0${i + 1}`), nav, dailyReturn: 0.01 * i }));
    const rows = historyRows([...snaps].reverse(), 3);
    expect(rows.map((r) => r.date)).toEqual(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]);
    expect(rows.map((r) => Number(r.drawdown.toFixed(4)))).toEqual([0, 0, 0.1, 0]);
    expect(rows.map((r) => r.rollingSharpe === null)).toEqual([true, true, false, false]);
  });
});
