// The tuning report: `t2 experiments report` exports a real tiny run's log and ablation through the worker
// (`python -m pyworker tune export`: trials, the worker's DSR, bootstrap CIs) and renders them; the same section in the backtest report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTuning } from "../../../sdk/cli/commands/tune-report.ts";
import { loadTuningSummary, parseTuningSummary, renderReport, renderTuningReport, tuningSection, type TuningSummary } from "../../../sdk/report/index.ts";
import { REPO_ROOT } from "../../../sdk/worker/index.ts";
import { smallReportData } from "../report/fixture-run.ts";

const FIX = join(REPO_ROOT, "tests/ts/tune/fixtures");
const LOG = join(FIX, "tune-tiny.jsonl");
const ABL = join(FIX, "ablate-tiny/ablation.json");

interface LogRecord { phase: string; trial: number; state: string; duration_s: number; metrics?: { val_sharpe: number } }
interface AblationFile { rows: { variant: string; val_sharpe: number; delta: number; ci_low: number; ci_high: number }[] }

const tableHtml = (html: string, id: string) => new RegExp(`<table id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? "";
const rowsOf = (tbl: string) => (tbl.match(/<tr[ >][\s\S]*?<\/tr>/g) ?? []).slice(1); // without the header row
const cells = (row: string) => Array.from(row.matchAll(/<td>([\s\S]*?)<\/td>/g), (m) => (m[1] as string).replace(/<[^>]+>/g, ""));

describe("tuning report", () => {
  let dir: string;
  let html: string;
  let summary: TuningSummary;
  const records = readFileSync(LOG, "utf8").trim().split("\n").map((l) => JSON.parse(l) as LogRecord);
  const ablation = JSON.parse(readFileSync(ABL, "utf8")) as AblationFile;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tuning-report-"));
    const out = join(dir, "tuning_report.html");
    const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "sdk/cli/main.ts"), "experiments", "report", "--log", LOG, "--ablation", ABL, "--out", out], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`tuning report: ${out}`);
    html = readFileSync(out, "utf8");
    summary = loadTuningSummary(join(dir, "tuning.json"));
  }, 150_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists every trial of the log with its state, validation Sharpe, seeds, data hash and duration", () => {
    const rows = rowsOf(tableHtml(html, "tuning-trials-0")).map(cells);
    expect(rows.length).toBe(records.length);
    const sorted = [...records].sort((a, b) => a.trial - b.trial);
    rows.forEach((c, i) => {
      const r = sorted[i] as LogRecord;
      expect(c.slice(0, 3)).toEqual([r.phase, String(r.trial), r.state]);
      expect(c[3]).toMatch(r.metrics ? new RegExp(`^${r.metrics.val_sharpe.toFixed(3)}`) : /^—$/);
      expect(c[7]).toBe("0");
      expect(c[9]).toBe(r.duration_s.toFixed(3));
    });
    expect(rows.some((c) => c[2] === "PRUNED")).toBe(true);
    expect(rows[0]?.[5]).toMatch(/^lookback 10, hidden \d+, 2 blocks/);
  });

  it("shows the worker's Deflated Sharpe Ratio next to the best trial's Sharpe", () => {
    const d = summary.experiments[0]?.deflated;
    expect(d?.n_trials).toBe(records.filter((r) => r.state === "COMPLETE").length);
    expect(d?.dsr).toBeGreaterThan(0);
    expect(d?.dsr).toBeLessThan(1);
    const best = records.find((r) => r.trial === d?.best_trial) as LogRecord;
    expect(best.metrics?.val_sharpe).toBe(Math.max(...records.flatMap((r) => (r.metrics ? [r.metrics.val_sharpe] : []))));
    const bestRow = /<tr class="best">[\s\S]*?<\/tr>/.exec(tableHtml(html, "tuning-trials-0"))?.[0] as string;
    expect(cells(bestRow)[3]).toBe(`${best.metrics?.val_sharpe.toFixed(3)} · DSR ${d?.dsr?.toFixed(3)}`);
    expect(cells(rowsOf(tableHtml(html, "tuning-dsr-0"))[0] as string)).toEqual([
      String(d?.best_trial), "search", best.metrics?.val_sharpe.toFixed(3), d?.dsr?.toFixed(3),
      d?.best_sharpe_daily?.toFixed(4), d?.sr0?.toFixed(4), d?.sharpe_variance?.toFixed(4), String(d?.n_trials),
    ]);
  });

  it("has one ablation row per variant: Sharpe, delta vs default and the bootstrap interval", () => {
    const rows = rowsOf(tableHtml(html, "ablation-0")).map(cells);
    expect(rows.map((c) => c[0])).toEqual(ablation.rows.map((r) => r.variant));
    rows.forEach((c, i) => {
      const r = ablation.rows[i] as AblationFile["rows"][number];
      expect([c[3], c[5], c[6]]).toEqual([r.val_sharpe.toFixed(3), `${r.delta >= 0 ? "+" : ""}${r.delta.toFixed(3)}`, `[${r.ci_low.toFixed(3)}, ${r.ci_high.toFixed(3)}]`]);
      expect(c[7]).toBe(r.variant === "default" ? "—" : r.ci_low > 0 || r.ci_high < 0 ? "yes" : "no");
    });
    expect(html).toContain("95% paired block bootstrap interval (200 draws, blocks of 5 days, seed 0)");
    expect(rows.find((c) => c[0] === "sample_cov")?.[1]).toContain("trailing sample covariance");
  });

  it("is self-contained and embeds the exported data", () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const embedded = /<script id="tuning-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1] as string;
    expect(parseTuningSummary(JSON.parse(embedded))).toEqual(summary);
  });

  it("escapes every text from the log", () => {
    const evil = structuredClone(summary) as { experiments: { study: string; trials: { params: Record<string, unknown>; host: string | null }[] }[] };
    const e = evil.experiments[0] as (typeof evil.experiments)[number];
    e.study = `<script>alert("s")</script>`;
    (e.trials[0] as (typeof e.trials)[number]).params = { "<img src=x onerror=alert(1)>": "a&b" };
    (e.trials[0] as (typeof e.trials)[number]).host = `"><b>h</b>`;
    const out = renderTuningReport(parseTuningSummary(evil), { title: "<t>", createdAt: "now" });
    expect(out).not.toMatch(/<script>alert|<img src=x|<b>h<\/b>|<t>/);
    expect(out).toContain("&lt;script&gt;alert(&quot;s&quot;)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;=a&amp;b");
    expect(out).toContain("\\u003cscript>alert"); // inside the embedded JSON
  });

  it("rejects a summary that is not t2.tuning/1, naming the field", () => {
    expect(() => parseTuningSummary({ ...summary, schema: "t2.tuning/0" })).toThrow(/schema/);
    const bad = structuredClone(summary) as { ablations: { rows: { delta: unknown }[] }[] };
    (bad.ablations[0]?.rows[1] as { delta: unknown }).delta = "big";
    expect(() => parseTuningSummary(bad)).toThrow(/ablations\.0\.rows\.1\.delta/);
    expect(() => loadTuningSummary(join(FIX, "missing.json"))).toThrow(/cannot read the tuning summary .*missing\.json/);
    expect(() => exportTuning({ logs: [join(FIX, "missing.jsonl")] })).toThrow(/tune export failed \(exit 1\): tune: not found: .*missing\.jsonl/);
  });

  it("adds the same section to the backtest report when tuning data is given", async () => {
    const data = await smallReportData();
    const withT = renderReport({ ...data, tuning: summary }, "/* chart.js stub */");
    expect(withT).toContain(tuningSection(summary));
    expect(withT).toContain('<h2 id="tuning">');
    expect(renderReport(data, "/* chart.js stub */")).not.toContain('id="tuning');
  }, 60_000);
});
