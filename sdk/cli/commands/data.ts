// `t2 data synth|validate|prepare`: write the synthetic workbook, check a dataset, prepare Parquet + quality report.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "yargs";
import {
  autoDetectConfig,
  cleanPanel,
  loadDataConfig,
  loadDataset,
  metaPathFor,
  saveCleanPanel,
  synthMarket,
  validatePanel,
  writeQualityReport,
  writeSynthWorkbook,
  type DataConfig,
} from "../../data/index.ts";
import { buildFeatures, saveFeatures } from "../../features/index.ts";
import { createLogger } from "../../log/index.ts";

const DEFAULT_CONFIG = "configs/data/synthetic.yaml";

function resolveConfig(argv: { config?: string | undefined; file?: string | undefined }): DataConfig {
  if (argv.file !== undefined) return autoDetectConfig(argv.file);
  return loadDataConfig(argv.config ?? DEFAULT_CONFIG);
}

export const dataCommand: CommandModule = {
  command: "data <action>",
  describe: "Synthetic workbook, dataset validation, and Parquet/feature preparation",
  builder: (y) =>
    y
      .positional("action", { choices: ["synth", "validate", "prepare"] as const, demandOption: true })
      .option("config", { type: "string", describe: `data config (YAML/JSON; default ${DEFAULT_CONFIG})` })
      .option("file", { type: "string", describe: "a workbook in the documented layout (no config needed)" })
      .option("out", { type: "string", describe: "synth: workbook path (default data/raw/T2_Optimizer.xlsx); prepare: output folder (default data/processed/<name>)" })
      .option("factors", { type: "number", default: 100, describe: "synth: number of factors" })
      .option("start", { type: "string", default: "2000-01-03", describe: "synth: first date" })
      .option("end", { type: "string", default: "2025-12-31", describe: "synth: last date" })
      .option("seed", { type: "number", default: 7, describe: "synth: seed" })
      .option("json", { type: "boolean", default: false, describe: "validate: print the report as JSON" }),
  handler: async (argv) => {
    const log = createLogger("data");
    const action = argv.action as "synth" | "validate" | "prepare";
    if (action === "synth") {
      const out = (argv.out as string | undefined) ?? "data/raw/T2_Optimizer.xlsx";
      const market = synthMarket({ factors: argv.factors as number, start: argv.start as string, end: argv.end as string, seed: argv.seed as number });
      await writeSynthWorkbook(market, out);
      log.info({ out, meta: metaPathFor(out), rows: market.dates.length, factors: market.factors.length, bestIC: market.meta.bestIC }, "synthetic workbook written");
      return;
    }
    const config = resolveConfig(argv as { config?: string; file?: string });
    const panel = await loadDataset(config);
    if (action === "validate") {
      const report = validatePanel(panel, config.rules, { throwOnError: false });
      const cleaned = cleanPanel(panel, config.rules, config.cleaning);
      const issues = [...report.issues, ...cleaned.issues.filter((i) => i.code !== "FACTOR_DROPPED")];
      if (argv.json as boolean) console.log(JSON.stringify({ rows: panel.dates.length, factors: panel.factors.length, issues }, null, 2));
      else for (const i of issues) console.log(`${i.severity.toUpperCase()} ${i.code}: ${i.message}`);
      log.info({ rows: panel.dates.length, factors: panel.factors.length, errors: report.errors.length, warnings: issues.length - report.errors.length }, "validation done");
      if (report.errors.length > 0) process.exitCode = 1;
      return;
    }
    const validation = validatePanel(panel, config.rules);
    const cleaned = cleanPanel(panel, config.rules, config.cleaning);
    for (const i of cleaned.issues) log.warn({ code: i.code, date: i.date, factor: i.factor }, i.message);
    const features = buildFeatures(cleaned);
    const dir = (argv.out as string | undefined) ?? join("data", "processed", config.name);
    mkdirSync(dir, { recursive: true });
    const files = [...saveCleanPanel(dir, cleaned), saveFeatures(dir, features)];
    const report = join(dir, "data_quality_report.html");
    writeQualityReport(report, { factors: panel.factors, availability: validation.availability, cleaned, issues: [...validation.issues, ...cleaned.issues.filter((i) => i.code !== "FACTOR_DROPPED")] });
    // The missingness log: every missing (date, factor) of the kept factors; masked, never filled.
    const N = cleaned.factors.length;
    const missing = cleaned.factors
      .map((factor, i) => ({ factor, dates: cleaned.dates.filter((_, t) => cleaned.mask[t * N + i] === 0) }))
      .filter((m) => m.dates.length > 0);
    for (const m of missing) log.debug({ factor: m.factor, missingDays: m.dates.length, first: m.dates[0] }, "missing values masked");
    const summary = { config, features: features.options, rows: cleaned.dates.length, factors: cleaned.factors, dropped: cleaned.dropped, nFeatures: features.nFeatures, files: [...files, report], missing };
    writeFileSync(join(dir, "prepare.json"), JSON.stringify(summary, null, 2) + "\n");
    log.info({ dir, rows: summary.rows, factors: cleaned.factors.length, nFeatures: features.nFeatures }, "dataset prepared");
  },
};
