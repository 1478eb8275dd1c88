// Benchmark-only walk-forward on the synthetic market (100 factors, test 2021-2025): total seconds, per strategy, engine-only share.
import { BENCHMARK_NAMES, benchmarks, memoryCache, runWalkForward, walkForwardSplits, type Panel } from "../sdk/backtest/index.ts";
import { synthMarket } from "../sdk/data/index.ts";
import { LocalWorker } from "../sdk/worker/index.ts";
import type { BenchRow } from "./types.ts";

export async function run({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const years: [number, number] = quick ? [2025, 2025] : [2021, 2025];
  // the same market `t2 data synth` writes (seed 7), generated in memory: the xlsx load is not part of the walk-forward
  const m = synthMarket({ factors: 100, start: "2000-01-03", end: "2025-12-31", seed: 7 });
  const panel: Panel = { dates: m.dates, returns: m.returns, mask: Uint8Array.from(m.returns, (r) => (Number.isNaN(r) ? 0 : 1)) };
  const rf = m.market.rf.map((x) => x / 100 / 252);
  const splits = walkForwardSplits(panel.dates, { testYears: years });
  await using worker = await LocalWorker.start({ defaultTimeoutMs: 600_000 });
  const cache = memoryCache();
  const opts = { panel, splits, riskFreeDaily: rf, strategies: benchmarks(BENCHMARK_NAMES, {}, worker), cache };
  const t0 = performance.now();
  const first = await runWalkForward(opts);
  const total = (performance.now() - t0) / 1000;
  // second run: every segment cached, so this is the engine + metrics only (7 strategies over the stitched period)
  const t1 = performance.now();
  await runWalkForward(opts);
  const engine = (performance.now() - t1) / 1000;
  const label = `${years[0]}-${years[1]}, 100 factors, ${BENCHMARK_NAMES.length} benchmarks, rebalance 5d`;
  return [
    { name: "walkforward.total", metric: "wall", value: total, unit: "s", note: `${label}; goal < 30 s` },
    { name: "walkforward.engine_only", metric: "wall", value: engine, unit: "s", baseline: "walkforward.total", ratio: engine / total, note: "targets cached: engine, drift, costs, metrics" },
    ...first.strategies.map((s) => ({ name: `walkforward.targets.${s.name}`, metric: "wall", value: s.seconds, unit: "s", note: `${s.result.rebalances.length} rebalances` })),
  ];
}
