// `t2 data synth|validate|prepare` through yargs, on a small synthetic workbook.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import { dataCommand } from "../../../sdk/cli/commands/data.ts";

const dir = mkdtempSync(join(tmpdir(), "t2-cli-"));
const run = (args: string[]) => yargs().command(dataCommand).strict().exitProcess(false).fail((msg, err) => {
  throw err ?? new Error(msg);
}).parseAsync(args);

describe("t2 data", () => {
  it("synth writes a workbook and its meta; prepare writes Parquet, the quality report and prepare.json", async () => {
    const level = process.env.T2_LOG_LEVEL;
    process.env.T2_LOG_LEVEL = "silent";
    const book = join(dir, "T2_Optimizer.xlsx");
    await run(["data", "synth", "--factors", "6", "--start", "2018-01-01", "--end", "2019-12-31", "--seed", "3", "--out", book]);
    expect(existsSync(book)).toBe(true);
    const meta = JSON.parse(readFileSync(join(dir, "T2_Optimizer.meta.json"), "utf8")) as { seed: number; bestIC: number };
    expect(meta.seed).toBe(3);
    const out = join(dir, "processed");
    await run(["data", "prepare", "--file", book, "--out", out]);
    for (const f of ["returns.parquet", "raw_returns.parquet", "market.parquet", "features.parquet", "data_quality_report.html", "prepare.json"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, "prepare.json"), "utf8")) as { nFeatures: number; dropped: { factor: string }[] };
    expect(summary.dropped.map((d) => d.factor)).toEqual(["F003"]);
    expect(summary.nFeatures).toBe(7 * 5 + 6);
    if (level === undefined) delete process.env.T2_LOG_LEVEL;
    else process.env.T2_LOG_LEVEL = level;
  });

  it("rejects an unknown action", async () => {
    await expect((async () => run(["data", "frobnicate"]))()).rejects.toThrow(/Invalid values/);
  });
});
