// The data config: where factor returns and market/macro series live, their units, and the data rules (zod, strict).
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DataConfigError } from "./errors.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected an ISO date YYYY-MM-DD");

const sourceFields = {
  /** File path, relative to the base directory (the repo root by default). */
  path: z.string().min(1),
  /** File format; "auto" picks it from the extension (.xlsx, .csv, .parquet). */
  format: z.enum(["auto", "xlsx", "csv", "parquet"]).default("auto"),
  /** Worksheet name (xlsx only); default: the first sheet. */
  sheet: z.string().optional(),
  /** 1-based row holding the column names; data start on the next row. */
  headerRow: z.number().int().min(1).default(1),
  dateColumn: z.string().default("date"),
  dateFormat: z.enum(["auto", "iso", "excel-serial"]).default("auto"),
};

export const FactorSourceSchema = z
  .object({
    ...sourceFields,
    /** Factor columns to read; default: every column except the date column and `exclude`. */
    columns: z.array(z.string()).min(1).optional(),
    exclude: z.array(z.string()).default([]),
    /** decimal: 0.01 = 1%; percent: 1 = 1% (divided by 100 on load). */
    units: z.enum(["decimal", "percent"]).default("decimal"),
  })
  .strict();

export const MarketSeriesSchema = z
  .object({
    column: z.string(),
    /** decimal | percent (divided by 100) | points (index points, e.g. VIX; no conversion). */
    units: z.enum(["decimal", "percent", "points"]).default("decimal"),
    /** For rates: the period the number refers to. The loader converts rf to an annual decimal rate. */
    period: z.enum(["daily", "annual"]).default("annual"),
    /**
     * A factor date without a value: "drop-date" removes that date from the panel;
     * "last-value" carries the last observed level forward (at most 5 rows; levels only, never returns).
     */
    missing: z.enum(["drop-date", "last-value"]).default("drop-date"),
  })
  .strict();

export const MARKET_ROLES = ["market_return", "vix", "rf", "yield_10y", "yield_2y"] as const;
export type MarketRole = (typeof MARKET_ROLES)[number];

export const MarketSourceSchema = z
  .object({
    ...sourceFields,
    series: z
      .object({
        market_return: MarketSeriesSchema.optional(),
        vix: MarketSeriesSchema.optional(),
        rf: MarketSeriesSchema.optional(),
        yield_10y: MarketSeriesSchema.optional(),
        yield_2y: MarketSeriesSchema.optional(),
      })
      .strict(),
  })
  .strict();

export const ValidationRulesSchema = z
  .object({
    maxAbsReturn: z.number().positive().default(0.5),
    minAvailability: z.number().min(0).max(1).default(0.8),
    warnMissingFraction: z.number().min(0).max(1).default(0.1),
    haltMissingFraction: z.number().min(0).max(1).default(0.5),
    /** Fewest rows accepted: lookback 250 + horizon 5 by default. */
    minRows: z.number().int().min(1).default(255),
    /** Holidays (ISO dates) that are not trading days; a row on one is an error. */
    holidays: z.array(isoDate).default([]),
  })
  .strict();
export type ValidationRules = z.infer<typeof ValidationRulesSchema>;

export const CleaningSchema = z
  .object({
    winsorWindow: z.number().int().min(2).default(252),
    lowerQuantile: z.number().min(0).max(1).default(0.01),
    upperQuantile: z.number().min(0).max(1).default(0.99),
    /** No clipping until a factor has this many observations in its window. */
    winsorMinObs: z.number().int().min(1).default(20),
  })
  .strict();
export type CleaningOptions = z.infer<typeof CleaningSchema>;

export const DataConfigSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    factors: z
      .object({
        sources: z.array(FactorSourceSchema).min(1),
        /** How several factor files combine: inner = dates present in every file; outer = union (missing cells NaN). */
        join: z.enum(["inner", "outer"]).default("inner"),
      })
      .strict(),
    market: z.object({ sources: z.array(MarketSourceSchema).min(1) }).strict(),
    range: z.object({ start: isoDate.optional(), end: isoDate.optional() }).strict().optional(),
    /** Cell texts read as missing (NaN); any other text in a numeric column is an error. */
    naValues: z.array(z.string()).default(["", "NA", "N/A", "#N/A", "NaN", "nan", "null"]),
    rules: ValidationRulesSchema.prefault({}),
    cleaning: CleaningSchema.prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.market.sources.forEach((src, i) => {
      for (const role of Object.keys(src.series)) {
        const prev = seen.get(role);
        if (prev !== undefined) {
          ctx.addIssue({ code: "custom", path: ["market", "sources", i, "series", role], message: `role ${role} is already given by market.sources.${prev}` });
        }
        seen.set(role, i);
      }
    });
    for (const role of MARKET_ROLES) {
      if (!seen.has(role)) ctx.addIssue({ code: "custom", path: ["market", "sources"], message: `no source gives the market role ${role}` });
    }
  });

export type DataConfig = z.infer<typeof DataConfigSchema>;
export type DataConfigInput = z.input<typeof DataConfigSchema>;
export type FactorSource = z.infer<typeof FactorSourceSchema>;
export type MarketSource = z.infer<typeof MarketSourceSchema>;
export type MarketSeries = z.infer<typeof MarketSeriesSchema>;

/** Validates a config object; a failure names each bad key by its path (e.g. `factors.sources.0.unit: unknown key`). */
export function parseDataConfig(raw: unknown, file?: string): DataConfig {
  const res = DataConfigSchema.safeParse(raw);
  if (res.success) return res.data;
  const lines = res.error.issues.map((iss) => {
    const base = iss.path.join(".");
    if (iss.code === "unrecognized_keys") {
      return iss.keys.map((k) => `${base === "" ? k : `${base}.${k}`}: unknown key`).join("; ");
    }
    return `${base === "" ? "(root)" : base}: ${iss.message}`;
  });
  const firstPath = res.error.issues[0]?.path.join(".");
  throw new DataConfigError(`invalid data config${file === undefined ? "" : ` ${file}`}: ${lines.join("; ")}`, file, firstPath);
}

/** Reads a YAML or JSON data config file and validates it. */
export function loadDataConfig(file: string): DataConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DataConfigError(`cannot read data config ${file}: ${(err as Error).message}`, file, undefined);
  }
  let raw: unknown;
  try {
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new DataConfigError(`cannot parse data config ${file}: ${(err as Error).message}`, file, undefined);
  }
  return parseDataConfig(raw, file);
}
