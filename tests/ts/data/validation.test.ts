// Each validation rule: a failing input and the exact message naming file, sheet, cell, column, date or factor.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  DataConfigError,
  DataValidationError,
  autoDetectConfig,
  cleanPanel,
  loadDataset,
  parseDataConfig,
  validatePanel,
  type RawPanel,
} from "../../../sdk/data/index.ts";
import { CLEANING, RULES, synthPanel } from "./fixtures.ts";

function errorOf(fn: () => unknown): DataValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataValidationError) return e;
    throw e;
  }
  throw new Error("expected a DataValidationError");
}

async function asyncErrorOf(p: Promise<unknown>): Promise<DataValidationError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataValidationError) return e;
    throw e;
  }
  throw new Error("expected a DataValidationError");
}

function withDates(p: RawPanel, dates: string[]): RawPanel {
  return { ...p, dates };
}

const base = synthPanel({ factors: 4, start: "2010-01-04", end: "2010-03-31", missingRate: 0 });

describe("validatePanel", () => {
  it("accepts a clean panel", () => {
    expect(validatePanel(base, RULES).errors).toEqual([]);
  });

  it("DUPLICATE_DATE names the date and rows", () => {
    const dates = [...base.dates];
    dates[5] = dates[4] as string;
    const e = errorOf(() => validatePanel(withDates(base, dates), RULES));
    expect(e.issues.map((i) => i.code)).toContain("DUPLICATE_DATE");
    const dup = e.issues.find((i) => i.code === "DUPLICATE_DATE");
    expect(dup?.message).toBe("date 2010-01-08 appears twice (panel rows 5 and 6) (file mem, sheet factors, cell A7, date 2010-01-08)");
  });

  it("UNSORTED_DATES names the out-of-order date", () => {
    const dates = [...base.dates];
    [dates[2], dates[3]] = [dates[3] as string, dates[2] as string];
    const e = errorOf(() => validatePanel(withDates(base, dates), RULES));
    expect(e.code).toBe("UNSORTED_DATES");
    expect(e.message).toBe("UNSORTED_DATES: dates are not sorted: 2010-01-06 comes after 2010-01-07 (file mem, sheet factors, cell A5, date 2010-01-06)");
  });

  it("NON_TRADING_DAY for weekends and calendar holidays", () => {
    const dates = [...base.dates];
    dates[0] = "2010-01-03"; // a Sunday
    const e = errorOf(() => validatePanel(withDates(base, dates), RULES));
    expect(e.message).toBe("NON_TRADING_DAY: 2010-01-03 is a weekend day, not a trading day (file mem, sheet factors, cell A2, date 2010-01-03)");
    const h = errorOf(() => validatePanel(base, { ...RULES, holidays: ["2010-01-18"] }));
    expect(h.message).toContain("2010-01-18 is a holiday in the trading calendar");
    expect(h.date).toBe("2010-01-18");
  });

  it("RETURN_OUT_OF_RANGE names factor, date and cell", () => {
    const returns = base.returns.slice();
    returns[10 * 4 + 2] = 0.62;
    const e = errorOf(() => validatePanel({ ...base, returns }, RULES));
    expect(e.code).toBe("RETURN_OUT_OF_RANGE");
    expect(e.factor).toBe("F003");
    expect(e.cell).toBe("D12");
    expect(e.message).toBe("RETURN_OUT_OF_RANGE: return 0.62 of factor F003 on 2010-01-18 is beyond ±0.5 (returns must be decimals) (file mem, sheet factors, cell D12, factor F003, date 2010-01-18)");
  });

  it("TOO_FEW_ROWS for a history shorter than lookback + horizon", () => {
    const e = errorOf(() => validatePanel(base, { ...RULES, minRows: 255 }));
    expect(e.message).toBe(`TOO_FEW_ROWS: ${base.dates.length} rows, fewer than the 255 needed for the lookback and horizon (file mem, sheet factors)`);
  });

  it("collects every error and reports the count", () => {
    const returns = base.returns.slice();
    returns[0] = 0.9;
    returns[5] = -0.7;
    const e = errorOf(() => validatePanel({ ...base, returns }, RULES));
    expect(e.issues).toHaveLength(2);
    expect(e.message).toMatch(/\(\+1 more error\)$/);
  });

  it("FACTOR_DROPPED warning below 80% availability; cleanPanel drops it and builds day status", () => {
    const returns = base.returns.slice();
    const T = base.dates.length;
    for (let t = 0; t < Math.floor(T * 0.25); t++) returns[t * 4 + 1] = NaN;
    for (let i = 0; i < 3; i++) returns[40 * 4 + (i === 1 ? 3 : i)] = NaN;
    const p = { ...base, returns };
    const rep = validatePanel(p, RULES);
    expect(rep.warnings[0]?.message).toMatch(/^factor F002 is available on [67]\d\.\d% of days \(< 80%\) and is dropped/);
    const c = cleanPanel(p, RULES, CLEANING);
    expect(c.factors).toEqual(["F001", "F003", "F004"]);
    expect(c.dayStatus[40]).toBe("halt"); // 3 of 3 kept factors missing
    expect(c.issues.some((i) => i.code === "DAY_MISSING_HALT" && i.date === base.dates[40])).toBe(true);
  });
});

describe("load-time errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "t2-val-"));
  const csvConfig = (file: string) =>
    parseDataConfig({
      name: "csv",
      factors: { sources: [{ path: file }] },
      market: { sources: [{ path: file, series: { market_return: { column: "A" }, vix: { column: "A" }, rf: { column: "A" }, yield_10y: { column: "A" }, yield_2y: { column: "A" } } }] },
      rules: { minRows: 1 },
    });

  it("NON_NUMERIC_CELL names file, cell, column and date", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, "date,A,B\n2020-01-02,0.01,0.02\n2020-01-03,0.01,oops\n");
    const cfg = parseDataConfig({ ...csvConfig(file), market: { sources: [{ path: file, series: { market_return: { column: "A" }, vix: { column: "A" }, rf: { column: "A" }, yield_10y: { column: "A" }, yield_2y: { column: "A" } } }] } });
    const panel = await loadDataset(cfg, { baseDir: "/" });
    const e = errorOf(() => validatePanel(panel, cfg.rules));
    expect(e.message).toBe(`NON_NUMERIC_CELL: non-numeric value "oops" (file ${file}, cell C3, column B, date 2020-01-03)`);
  });

  it("INVALID_DATE names the cell", async () => {
    const file = join(dir, "date.csv");
    writeFileSync(file, "date,A\n2020-01-02,0.01\n2020-13-45,0.01\n");
    const panel = await loadDataset(csvConfig(file));
    const e = errorOf(() => validatePanel(panel, { ...RULES, minRows: 1 }));
    expect(e.issues[0]?.message).toBe(`cannot read "2020-13-45" as a date (file ${file}, cell A3, column date)`);
    expect(e.code).toBe("INVALID_DATE");
  });

  it("COLUMN_NOT_FOUND lists the header", async () => {
    const file = join(dir, "col.csv");
    writeFileSync(file, "day,A\n2020-01-02,0.01\n");
    const e = await asyncErrorOf(loadDataset(csvConfig(file)));
    expect(e.message).toBe(`COLUMN_NOT_FOUND: column "date" not found; header is [day, A] (file ${file}, column date)`);
  });

  it("SHEET_NOT_FOUND lists the workbook's sheets", async () => {
    const file = join(dir, "book.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("returns").addRow(["date", "A"]);
    await wb.xlsx.writeFile(file);
    const e = await asyncErrorOf(loadDataset(autoDetectConfig(file)));
    expect(e.message).toBe(`SHEET_NOT_FOUND: sheet "factors" not found; the workbook has returns (file ${file}, sheet factors)`);
  });

  it("FILE_NOT_FOUND", async () => {
    const e = await asyncErrorOf(loadDataset(csvConfig(join(dir, "nope.csv"))));
    expect(e.code).toBe("FILE_NOT_FOUND");
  });
});

describe("data config", () => {
  it("rejects unknown keys with their path", () => {
    expect(() => parseDataConfig({ name: "x", factors: { sources: [{ path: "a.csv", unit: "decimal" }] }, market: { sources: [] } })).toThrow(DataConfigError);
    try {
      parseDataConfig({ name: "x", factors: { sources: [{ path: "a.csv", unit: "decimal" }] }, market: { sources: [] } });
    } catch (e) {
      expect((e as Error).message).toContain("factors.sources.0.unit: unknown key");
      expect((e as Error).message).toContain("market.sources: no source gives the market role market_return");
    }
  });

  it("rejects a market role given twice", () => {
    const src = { path: "m.csv", series: { vix: { column: "vix" } } };
    expect(() =>
      parseDataConfig({
        name: "x",
        factors: { sources: [{ path: "a.csv" }] },
        market: { sources: [src, { path: "n.csv", series: { vix: { column: "v" }, market_return: { column: "m" }, rf: { column: "r" }, yield_10y: { column: "a" }, yield_2y: { column: "b" } } }] },
      }),
    ).toThrow("market.sources.1.series.vix: role vix is already given by market.sources.0");
  });
});
