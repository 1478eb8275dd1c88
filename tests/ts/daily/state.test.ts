// Persisted incremental features agree bit for bit with the batch driver; the day file reader's typed errors.
import { describe, expect, it } from "vitest";
import { assertIsoDate, synthPanel, cleanPanel, selectFactors } from "../../../sdk/data/index.ts";
import { appendDay, buildFeatures, marketDay } from "../../../sdk/features/index.ts";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrapState, decodeState, encodeState, parseDailyConfig, parseDayText, renderDayFile, runDaily, DailyError } from "../../../sdk/daily/index.ts";
import type { WorkerApi } from "../../../bridge/index.ts";
import { pushRow } from "../../../sdk/daily/window.ts";

const SYNTH = { factors: 12, start: "2010-01-04", end: "2011-06-30", seed: 3 };
const config = parseDailyConfig({ name: "t", source: { kind: "synthetic", synthetic: SYNTH }, members: ["x"], inference: { windowDays: 30 } });

describe("feature state persistence", () => {
  it("bootstrap + daily appends through a JSON round trip each day equal the batch features bit for bit", () => {
    const panel = synthPanel(SYNTH);
    const first = panel.dates.indexOf("2011-03-01");
    const b = bootstrapState(panel, "2011-03-01", config);
    let state = b.state;
    const N0 = panel.factors.length;
    const keep = state.feature.factors.map((f) => panel.factors.indexOf(f));
    const days = 25;
    for (let t = first; t < first + days; t++) {
      state = decodeState(JSON.parse(JSON.stringify(encodeState(state))) as Record<string, unknown>);
      const market = marketDay(panel.market, t);
      const r = appendDay(state.feature, { date: panel.dates[t] as string, returns: keep.map((i) => panel.returns[t * N0 + i] as number), market });
      state = { ...state, feature: r.state, window: pushRow(state.window, r.row, market) };
    }
    const T = first + days;
    const head = { ...panel, dates: panel.dates.slice(0, T), returns: panel.returns.subarray(0, T * N0), market: Object.fromEntries(Object.entries(panel.market).map(([k, v]) => [k, v.subarray(0, T)])) as unknown as typeof panel.market };
    const batch = buildFeatures(cleanPanel(selectFactors(head, keep), { ...config.rules, minAvailability: 0 }, config.cleaning));
    const F = batch.nFeatures;
    const w = state.window;
    expect(w.dates).toEqual(batch.dates.slice(T - 30));
    expect(Buffer.from(w.features.buffer).equals(Buffer.from(batch.features.buffer, (T - 30) * F * 4, 30 * F * 4))).toBe(true);
    expect(b.dropped.length + state.feature.factors.length).toBe(12);
  });
});

describe("day file", () => {
  const factors = ["F001", "F002", "F003"];
  const market = { market_return: 0.001, vix: 18, rf: 0.02, yield_10y: 0.03, yield_2y: 0.02 };
  const good = renderDayFile("2011-03-01", factors, [0.01, NaN, -0.02], market);
  const code = (text: string, date = "2011-03-01") => {
    try {
      parseDayText(text, "in/x.csv", date, factors);
      return "ok";
    } catch (e) {
      return e instanceof DailyError ? `${e.code}: ${e.message}` : String(e);
    }
  };
  it("reads a good file (empty cell = missing, an absent factor column = missing)", () => {
    const p = parseDayText(good, "x.csv", "2011-03-01", [...factors, "F004"]);
    expect(Array.from(p.day.returns)).toEqual([0.01, NaN, -0.02, NaN]);
    expect(p.absentFactors).toEqual(["F004"]);
  });
  it("names the problem, file, date and column of a malformed file", () => {
    expect(code(good.replace("0.01,", "oops,"))).toBe('DAY_FILE_MALFORMED: non-numeric value "oops" in column F001 (file in/x.csv, date 2011-03-01, column F001, factor F001)');
    expect(code(good, "2011-03-02")).toBe("DAY_FILE_MALFORMED: the file is dated 2011-03-01, not 2011-03-02 (file in/x.csv, date 2011-03-02, column date)");
    expect(code(good.replace("vix,", "vixx,"))).toBe('DAY_FILE_MALFORMED: no "vix" column (file in/x.csv, date 2011-03-01, column vix)');
    expect(code(good.split("\n")[0] as string)).toBe("DAY_FILE_MALFORMED: expected a header and one data row, found 1 non-empty line(s) (file in/x.csv, date 2011-03-01)");
    expect(code(good.replace(",18,", ",,"))).toBe("DAY_FILE_MALFORMED: missing value in column vix (file in/x.csv, date 2011-03-01, column vix)");
  });
  it("rejects unknown config keys with their path", () => {
    expect(() => parseDailyConfig({ name: "t", source: { kind: "synthetic", synthetic: SYNTH }, members: ["x"], inference: { windowDayz: 3 } })).toThrow(/inference: unknown key windowDayz/);
  });
});

describe("as-of date", () => {
  it("runDaily rejects a date that is not on the calendar before touching anything", async () => {
    expect(() => assertIsoDate("2024-02-29")).not.toThrow();
    for (const bad of ["2025-13-45", "2025-02-29", "2025-1-2", "yesterday"]) expect(() => assertIsoDate(bad)).toThrow(RangeError);
    const dir = mkdtempSync(join(tmpdir(), "t2-asof-"));
    try {
      const cfg = parseDailyConfig({ name: "t", source: { kind: "synthetic", synthetic: SYNTH }, members: ["x"], runDir: join(dir, "run") });
      await expect(runDaily({ asOf: "2025-13-45", config: cfg, worker: {} as WorkerApi, members: [] })).rejects.toThrow(/asOf must be a calendar date YYYY-MM-DD, got "2025-13-45"/);
      expect(readdirSync(dir)).toEqual([]); // no run directory, no state, no result
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
