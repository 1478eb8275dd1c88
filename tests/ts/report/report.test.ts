// The HTML report: structure (tables, KPI rows, canvases, embedded data, inline chart.js, no network) and results.json.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kpiStatus, PRD_KPIS, renderReport, rollingSharpe, topWeights, writeReport, type ReportData } from "../../../sdk/report/index.ts";
import { smallReportData } from "./fixture-run.ts";

describe("report", () => {
  let data: ReportData;
  let dir: string;
  beforeAll(async () => {
    data = await smallReportData();
    dir = mkdtempSync(join(tmpdir(), "report-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a self-contained report.html and a results.json holding the same data", () => {
    const files = writeReport(dir, data);
    const html = readFileSync(files.html, "utf8");
    const json = JSON.parse(readFileSync(files.json, "utf8")) as ReportData;
    expect(json.strategies.map((s) => s.name)).toEqual(["equal_weight", "momentum", "model"]);
    expect(json.dates.length).toBe(data.dates.length);
    // no network: no external src/href, chart.js inlined
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toContain("Chart.js v4");
    for (const id of ["splits", "kpi", "metrics", "per-split", "significance", "dsr", "stress", "regimes"]) expect(html).toContain(`<table id="${id}"`);
    for (const id of ["chart-equity", "chart-drawdown", "chart-rolling-sharpe", "chart-turnover", "chart-ic", "chart-weights-0", "chart-weights-2"]) expect(html).toContain(`<canvas id="${id}">`);
    const embedded = /<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(embedded).toBeDefined();
    const parsed = JSON.parse(embedded as string) as ReportData;
    expect(parsed.strategies[0]?.nav.length).toBe(data.dates.length);
    expect(parsed.strategies[2]?.forecast?.ic.length).toBeGreaterThan(50);
  });

  it("has one KPI row per strategy with a status per PRD KPI; IC only for the model", () => {
    const html = renderReport(data, "/* chart.js stub */");
    const kpi = /<table id="kpi"[\s\S]*?<\/table>/.exec(html)?.[0] as string;
    expect((kpi.match(/<tr>/g) ?? []).length).toBe(1 + 3);
    expect((kpi.match(/data-kpi=/g) ?? []).length).toBe(3 * PRD_KPIS.length);
    const ic = data.kpis.filter((k) => k.kpi === "ic");
    expect(ic.map((k) => k.status === "n/a")).toEqual([true, true, false]);
    expect(data.kpis.filter((k) => k.kpi === "sharpe").every((k) => ["target", "minimum", "fail"].includes(k.status))).toBe(true);
    // stress: COVID (2020) is in the test period, 2008 is not
    expect(data.stress.find((r) => r.window.startsWith("2008"))?.result).toBeNull();
    expect(data.stress.find((r) => r.window.startsWith("2020"))?.result?.days).toBeGreaterThan(10);
    expect(data.comparisons.map((c) => `${c.strategy}/${c.baseline}`)).toEqual(["momentum/equal_weight", "model/equal_weight", "equal_weight/model", "momentum/model"]);
  });

  it("KPI thresholds follow PRD 2.2", () => {
    const by = (k: string) => PRD_KPIS.find((x) => x.key === k)!;
    expect([1.6, 1.2, 0.9].map((v) => kpiStatus(by("sharpe"), v))).toEqual(["target", "minimum", "fail"]);
    expect([0.1, 0.17, 0.2].map((v) => kpiStatus(by("maxDrawdown"), v))).toEqual(["target", "minimum", "fail"]);
    expect([0.6, 0.56, 0.5].map((v) => kpiStatus(by("winRate5d"), v))).toEqual(["target", "minimum", "fail"]);
    expect([0.08, 0.05, 0.01].map((v) => kpiStatus(by("ic"), v))).toEqual(["target", "minimum", "fail"]);
    expect([0.3, 0.7, 1.0].map((v) => kpiStatus(by("averageTurnover"), v))).toEqual(["target", "minimum", "fail"]);
    expect(kpiStatus(by("ic"), null)).toBe("n/a");
  });

  it("rolling Sharpe and top weights", () => {
    const r = Array.from({ length: 100 }, (_, i) => 0.001 + 0.01 * Math.sin(i));
    const rs = rollingSharpe(r, 63);
    expect(rs.slice(0, 62).every((x) => x === null)).toBe(true);
    const w = r.slice(37, 100);
    const m = w.reduce((a, b) => a + b, 0) / 63;
    const sd = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / 62);
    expect(rs[99]).toBeCloseTo((m / sd) * Math.sqrt(252), 8);
    const tw = topWeights([{ date: "d", weights: [0.5, 0.3, 0.2] }], ["a", "b", "c"], 2);
    expect(tw.factors).toEqual(["a", "b", "other"]);
    expect(tw.series.map((s) => s[0])).toEqual([0.5, 0.3, 0.2]);
  });
});
