// Where the data comes from: the history a first run bootstraps from (the seeded synthetic market, or any data
// config), the synthetic "vendor" that drops the day's file into the inbox, and the member list.
import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { loadDataConfig, loadDataset, synthPanel, type RawPanel } from "../data/index.ts";
import type { DailyConfig } from "./config.ts";
import { dayFilePath, writeDayFile } from "./day-file.ts";
import { DailyError } from "./errors.ts";

/** The history source of the config (the whole panel; the bootstrap keeps the dates before the first as-of). */
export async function loadHistory(config: DailyConfig, baseDir: string): Promise<RawPanel> {
  const s = config.source;
  if (s.kind === "synthetic") return synthPanel(s.synthetic);
  return loadDataset(loadDataConfig(resolve(baseDir, s.config)), { baseDir });
}

/** Writes `date`'s row of `panel` as the day's file unless one is already there. Returns whether it wrote. */
export function feedDay(panel: RawPanel, date: string, inbox: string): boolean {
  if (existsSync(dayFilePath(inbox, date))) return false;
  const t = panel.dates.indexOf(date);
  if (t < 0) return false;
  const N = panel.factors.length;
  const m = panel.market;
  writeDayFile(inbox, date, panel.factors, panel.returns.subarray(t * N, (t + 1) * N), {
    market_return: m.market_return[t] as number,
    vix: m.vix[t] as number,
    rf: m.rf[t] as number,
    yield_10y: m.yield_10y[t] as number,
    yield_2y: m.yield_2y[t] as number,
  });
  return true;
}

/** Member checkpoints: files as given, directories searched two levels deep for `*.safetensors`. */
export function resolveMembers(paths: readonly string[], baseDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (name.endsWith(".safetensors") && statSync(p).isFile()) out.push(p);
      else if (depth > 0 && statSync(p).isDirectory()) walk(p, depth - 1);
    }
  };
  for (const raw of paths) {
    const p = isAbsolute(raw) ? raw : resolve(baseDir, raw);
    if (!existsSync(p)) throw new DailyError("NO_MEMBERS", `member path not found: ${p}`, { file: p });
    if (statSync(p).isDirectory()) walk(p, 2);
    else out.push(p);
  }
  if (out.length === 0) throw new DailyError("NO_MEMBERS", `no *.safetensors members under ${paths.join(", ")}`);
  return out;
}
