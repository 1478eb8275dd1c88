// Loaders: synthetic workbook (xlsx streaming) round trip, Excel serial dates, CSV units, Parquet, real CSVs.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  autoDetectConfig,
  cleanPanel,
  isoToExcelSerial,
  loadDataConfig,
  loadDataset,
  metaPathFor,
  parseDataConfig,
  parseDateCell,
  readParquetTable,
  renderQualityReport,
  saveCleanPanel,
  synthMarket,
  validatePanel,
  writeSynthWorkbook,
} from "../../../sdk/data/index.ts";
import { buildFeatures, loadFeatures, saveFeatures } from "../../../sdk/features/index.ts";

const dir = mkdtempSync(join(tmpdir(), "t2-load-"));
const REAL = "../shared/data/real";

function sameWithNaN(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    if (!(x === y || (Number.isNaN(x) && Number.isNaN(y)))) return false;
  }
  return true;
}

describe("dates", () => {
  it("reads ISO strings, Excel serials, YYYYMMDD and Dates; rejects impossible dates", () => {
    expect(parseDateCell("2024-02-29")).toBe("2024-02-29");
    expect(parseDateCell("2023-02-29")).toBeUndefined();
    expect(parseDateCell(45351)).toBe("2024-02-29");
    expect(isoToExcelSerial("2000-01-03")).toBe(36528);
    expect(parseDateCell("20000103")).toBe("2000-01-03");
    expect(parseDateCell(new Date(Date.UTC(2001, 0, 2)))).toBe("2001-01-02");
    expect(parseDateCell("yesterday")).toBeUndefined();
  });
});

describe("workbook", () => {
  it("loads the full-size synthetic workbook (100 factors, 2000-2025) with configs/data/synthetic.yaml", async () => {
    const m = synthMarket({ seed: 7 });
    const file = join(dir, "data/raw/T2_Optimizer.xlsx");
    await writeSynthWorkbook(m, file);
    const meta = JSON.parse(readFileSync(metaPathFor(file), "utf8")) as { bestIC: number };
    expect(meta.bestIC).toBe(m.meta.bestIC);
    const cfg = loadDataConfig("configs/data/synthetic.yaml");
    const p = await loadDataset(cfg, { baseDir: dir });
    expect(p.dates).toEqual(m.dates);
    expect(p.factors).toEqual(m.factors);
    expect(sameWithNaN(p.returns, m.returns)).toBe(true);
    expect(p.market.vix).toEqual(m.market.vix);
    expect(sameWithNaN(p.market.rf, m.market.rf.map((x) => x / 100))).toBe(true);
    const rep = validatePanel(p, cfg.rules);
    expect(rep.warnings.map((w) => w.factor)).toEqual([m.meta.lowAvailabilityFactor]);
    const c = cleanPanel(p, cfg.rules, cfg.cleaning);
    expect(c.factors).toHaveLength(99);
    expect(c.dayStatus[m.dates.indexOf(m.meta.haltDate)]).toBe("halt");
    expect(c.dayStatus[m.dates.indexOf(m.meta.warnDate)]).toBe("warn");
  });

  it("reads Excel serial dates, a header on row 3 and percent units; auto-detects nothing it cannot", async () => {
    const file = join(dir, "serial.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Returns");
    ws.addRow(["T2 export"]);
    ws.addRow([]);
    ws.addRow(["Date", "Value", "Size"]);
    ws.addRow([isoToExcelSerial("2021-03-01"), 1.5, -2]);
    ws.addRow([isoToExcelSerial("2021-03-02"), null, 0.25]);
    const mk = wb.addWorksheet("Macro");
    mk.addRow(["Date", "spx", "vix", "tbill", "t10", "t2"]);
    mk.addRow(["2021-03-01", 0.01, 22, 0.05, 1.4, 0.1]);
    mk.addRow(["2021-03-02", -0.01, 21, 0.05, 1.42, 0.12]);
    await wb.xlsx.writeFile(file);
    const cfg = parseDataConfig({
      name: "serial",
      factors: { sources: [{ path: file, sheet: "Returns", headerRow: 3, dateColumn: "Date", units: "percent" }] },
      market: {
        sources: [
          {
            path: file,
            sheet: "Macro",
            dateColumn: "Date",
            series: { market_return: { column: "spx" }, vix: { column: "vix", units: "points" }, rf: { column: "tbill", units: "percent" }, yield_10y: { column: "t10", units: "percent" }, yield_2y: { column: "t2", units: "percent" } },
          },
        ],
      },
    });
    const p = await loadDataset(cfg);
    expect(p.dates).toEqual(["2021-03-01", "2021-03-02"]);
    expect(p.factors).toEqual(["Value", "Size"]);
    expect(Array.from(p.returns)).toEqual([0.015, -0.02, NaN, 0.0025]);
    expect(p.origin.rowOf[0]).toEqual(Int32Array.from([4, 5]));
    expect(p.market.yield_10y[1]).toBeCloseTo(0.0142, 15);
    expect(() => autoDetectConfig(join(dir, "x.csv"))).toThrow(/CSV and Parquet inputs need a data config/);
  });
});

describe("csv and parquet", () => {
  it("prepares a panel to Parquet and reads it back; loads a Parquet source with a config", async () => {
    const m = synthMarket({ factors: 5, start: "2019-01-01", end: "2020-06-30", seed: 5 });
    const file = join(dir, "small.xlsx");
    await writeSynthWorkbook(m, file);
    const cfg = autoDetectConfig(file);
    const p = await loadDataset(cfg);
    const c = cleanPanel(p, { ...cfg.rules, minRows: 1 }, cfg.cleaning);
    const out = join(dir, "processed");
    saveCleanPanel(out, c);
    const fs = buildFeatures(c);
    saveFeatures(out, fs);
    const back = await loadFeatures(out);
    expect(back.dates).toEqual(fs.dates);
    expect(back.featureNames).toEqual(fs.featureNames);
    expect(back.features).toEqual(fs.features);
    const t = await readParquetTable(join(out, "raw_returns.parquet"));
    expect(t.header).toEqual(["date", ...c.factors]);
    const cfgPq = parseDataConfig({
      name: "pq",
      factors: { sources: [{ path: join(out, "raw_returns.parquet") }] },
      market: { sources: [{ path: join(out, "market.parquet"), series: { market_return: { column: "market_return" }, vix: { column: "vix", units: "points" }, rf: { column: "rf" }, yield_10y: { column: "yield_10y" }, yield_2y: { column: "yield_2y" } } }] },
    });
    const pq = await loadDataset(cfgPq);
    expect(pq.dates).toEqual(p.dates);
    expect(sameWithNaN(pq.returns, c.rawReturns)).toBe(true);
    expect(pq.market.rf).toEqual(p.market.rf);
    const html = renderQualityReport({ factors: p.factors, availability: validatePanel(p, { ...cfg.rules, minRows: 1 }).availability, cleaned: c, issues: c.issues });
    expect(html).toContain("Availability per factor");
    expect(html).toContain("Missing factors per day");
    expect(html).toContain("Winsorized values per factor");
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html.length).toBeGreaterThan(100_000); // Chart.js is inlined
  });

  it("reads CSV with percent units", async () => {
    const file = join(dir, "pct.csv");
    writeFileSync(file, "date,A,B,mkt,vix,rf,y10,y2\n2020-01-02,1.5,,1,12,2,1.8,1.5\n2020-01-03,-0.5,2,0.5,13,2,1.8,1.5\n");
    const cfg = parseDataConfig({
      name: "csv",
      factors: { sources: [{ path: file, columns: ["A", "B"], units: "percent" }] },
      market: { sources: [{ path: file, series: { market_return: { column: "mkt", units: "percent" }, vix: { column: "vix", units: "points" }, rf: { column: "rf", units: "percent" }, yield_10y: { column: "y10", units: "percent" }, yield_2y: { column: "y2", units: "percent" } } }] },
    });
    const p = await loadDataset(cfg);
    expect(Array.from(p.returns)).toEqual([0.015, NaN, -0.005, 0.02]);
    expect(Array.from(p.market.market_return)).toEqual([0.01, 0.005]);
  });
});

describe.skipIf(!existsSync(REAL))("real data in ../shared/data/real (skipped when absent)", () => {
  it("loads configs/data/real-us-factors.yaml", async () => {
    const cfg = loadDataConfig("configs/data/real-us-factors.yaml");
    const p = await loadDataset(cfg);
    expect(p.factors).toHaveLength(21);
    expect(p.factors).not.toContain("RF");
    expect(p.dates[0]).toBe("2000-01-03");
    expect(validatePanel(p, cfg.rules).errors).toEqual([]);
    const t = p.dates.indexOf("2020-03-16");
    expect(p.market.market_return[t]).toBeCloseTo(-0.12, 4);
  });

  it("loads configs/data/real-intl100.yaml on the U.S. trading calendar", async () => {
    const cfg = loadDataConfig("configs/data/real-intl100.yaml");
    const p = await loadDataset(cfg);
    expect(p.factors).toHaveLength(100);
    expect(p.dates.at(-1)).toBe("2025-07-31");
    expect(p.dates).not.toContain("2025-04-18"); // U.S. market holiday dropped
    expect(validatePanel(p, cfg.rules).errors).toEqual([]);
    const fs = buildFeatures(cleanPanel(p, cfg.rules, cfg.cleaning));
    expect(fs.nFeatures).toBe(706);
  });
});
