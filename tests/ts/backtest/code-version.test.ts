// The code version in the segment fingerprint: a hash of the segment sources (path + bytes, sorted, only the named
// extensions), memoized per process; a cached segment is reused under the same code version and recomputed under another.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  benchmarks,
  hashSourceTrees,
  jsonDirCache,
  runWalkForward,
  SEGMENT_CODE_SOURCES,
  segmentCodeVersion,
  walkForwardSplits,
  type CachedSegment,
  type ModelStrategyProvider,
} from "../../../sdk/backtest/index.ts";
import { smallPanel } from "./walkforward.fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "t2-codever-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hashSourceTrees", () => {
  const root = join(dir, "repo");
  const write = (f: string, text: string) => {
    mkdirSync(join(root, f, ".."), { recursive: true });
    writeFileSync(join(root, f), text);
  };
  const trees = [
    { dir: "sdk/backtest", ext: ".ts" },
    { dir: "pyworker/portfolio", ext: ".py" },
  ];

  it("changes with a source's bytes or path, not with other files", () => {
    write("sdk/backtest/engine.ts", "export const a = 1;\n");
    write("sdk/backtest/walkforward/run.ts", "export const b = 2;\n");
    write("pyworker/portfolio/fast.py", "A = 1\n");
    const v0 = hashSourceTrees(root, trees);
    expect(v0).toMatch(/^[0-9a-f]{12}$/);
    expect(hashSourceTrees(root, trees)).toBe(v0);
    write("sdk/backtest/README.md", "not code");
    write("pyworker/portfolio/__pycache__/fast.cpython-311.pyc", "bytecode");
    write("sdk/report/html.ts", "outside the trees");
    expect(hashSourceTrees(root, trees)).toBe(v0);
    write("pyworker/portfolio/fast.py", "A = 2\n"); // a solver fix
    const v1 = hashSourceTrees(root, trees);
    expect(v1).not.toBe(v0);
    write("sdk/backtest/walkforward/run.ts", "export const b = 3;\n");
    expect(hashSourceTrees(root, trees)).not.toBe(v1);
    rmSync(join(root, "sdk/backtest/walkforward"), { recursive: true });
    write("sdk/backtest/calendar/run.ts", "export const b = 3;\n"); // same bytes, another path
    expect(hashSourceTrees(root, trees)).not.toBe(v1);
  });

  it("hashes an absent tree as empty", () => {
    expect(hashSourceTrees(join(dir, "nowhere"), trees)).toBe(hashSourceTrees(join(dir, "nowhere"), []));
  });
});

describe("segmentCodeVersion", () => {
  it("is the hash of sdk/backtest/**/*.ts and pyworker/portfolio/**/*.py of this checkout, memoized", () => {
    expect(SEGMENT_CODE_SOURCES).toEqual([
      { dir: "sdk/backtest", ext: ".ts" },
      { dir: "pyworker/portfolio", ext: ".py" },
    ]);
    const v = segmentCodeVersion();
    expect(v).toBe(hashSourceTrees(resolve(import.meta.dirname, "../../.."), SEGMENT_CODE_SOURCES));
    expect(segmentCodeVersion()).toBe(v);
  });
});

describe("the segment cache and the code version", () => {
  const panel = smallPanel({ factors: 8 });
  const splits = walkForwardSplits(panel.dates, { testYears: [2020, 2021] });
  let calls = 0;
  /** TEST DOUBLE, not a model: equal weights; counts its calls (one per computed split). */
  const provider: ModelStrategyProvider = async () => {
    calls++;
    return (ctx) => new Float64Array(ctx.nFactors).fill(1 / ctx.nFactors);
  };
  const run = (cacheDir: string, codeVersion?: string) =>
    runWalkForward({
      panel,
      splits,
      strategies: benchmarks(["momentum"]),
      models: [{ name: "double", label: "double", spec: { v: 1 }, provider }],
      cache: jsonDirCache(cacheDir),
      ...(codeVersion === undefined ? {} : { codeVersion }),
    });
  const fingerprint = (cacheDir: string) => (JSON.parse(readFileSync(join(cacheDir, "momentum", "2021.json"), "utf8")) as CachedSegment).fingerprint;

  it("reuses a segment under the same code version and recomputes it under another", async () => {
    const cache = join(dir, "segments");
    const first = await run(cache, "v1");
    expect(first.strategies.map((s) => s.cachedSplits)).toEqual([[], []]);
    expect(calls).toBe(2);
    const fp1 = fingerprint(cache);
    const same = await run(cache, "v1");
    expect(same.strategies.map((s) => s.cachedSplits)).toEqual([["2020", "2021"], ["2020", "2021"]]);
    expect(calls).toBe(2);
    const fixed = await run(cache, "v2"); // e.g. after a solver or engine fix
    expect(fixed.strategies.map((s) => s.cachedSplits)).toEqual([[], []]);
    expect(calls).toBe(4);
    expect(fingerprint(cache)).not.toBe(fp1);
    expect(fixed.strategies.map((s) => s.metrics)).toEqual(first.strategies.map((s) => s.metrics));
  });

  it("defaults to this checkout's segmentCodeVersion", async () => {
    const cache = join(dir, "segments-default");
    await run(cache);
    const again = await run(cache, segmentCodeVersion());
    expect(again.strategies.map((s) => s.cachedSplits)).toEqual([["2020", "2021"], ["2020", "2021"]]);
    const other = await run(cache, "another version");
    expect(other.strategies.map((s) => s.cachedSplits)).toEqual([[], []]);
  });
});
