// Writes report.html and results.json into a run directory, and tuning_report.html + tuning.json (atomic: tmp + rename).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
import { writeAtomic } from "../io/index.ts";
import type { ReportData } from "./data.ts";
import { renderReport } from "./html.ts";
import type { TuningSummary } from "./tuning-data.ts";
import { renderTuningReport } from "./tuning-html.ts";

/** The chart.js UMD bundle from node_modules (inlined into the report); the package's exports hide the path, so resolve its folder. */
export function chartJsSource(): string {
  const pkg = createRequire(import.meta.url).resolve("chart.js");
  const root = pkg.slice(0, pkg.lastIndexOf(`${sep}chart.js${sep}`) + `${sep}chart.js`.length);
  return readFileSync(join(root, "dist", "chart.umd.js"), "utf8");
}

/** JSON with typed arrays as lists and non-finite numbers as null. */
export function toJson(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v instanceof Map ? Object.fromEntries(v) : v), 1) + "\n";
}

/** Writes `<dir>/report.html` and `<dir>/results.json`; returns their paths. */
export function writeReport(dir: string, data: ReportData): { html: string; json: string } {
  const html = join(dir, "report.html");
  const json = join(dir, "results.json");
  writeAtomic(json, toJson(data));
  writeAtomic(html, renderReport(data, chartJsSource()));
  return { html, json };
}

/**
 * Writes the standalone tuning report `html` (e.g. `<out_dir>/<study>/tuning_report.html`) and `tuning.json` beside it.
 * @example writeTuningReport("runs/tune/quick/tuning_report.html", summary, { title: "Tuning quick", createdAt: new Date().toISOString() });
 */
export function writeTuningReport(html: string, t: TuningSummary, opts: { readonly title: string; readonly createdAt: string }): { html: string; json: string } {
  const json = join(dirname(html), "tuning.json");
  writeAtomic(json, toJson(t));
  writeAtomic(html, renderTuningReport(t, opts));
  return { html, json };
}
