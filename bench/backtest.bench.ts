// Benchmark of the pure backtest core: 5 years x 100 factors x 7 strategies (target < 1 s), vs a naive loop.
import {
  backtestMetrics,
  collectTargets,
  equalWeight,
  factorMomentum,
  jobsonKorkieMemmel,
  ledoitWolfSharpeTest,
  rebalanceDays,
  runBacktest,
  trailingMoments,
  type StrategyFn,
} from "../sdk/backtest/index.ts";

type BenchRow = { name: string; metric: string; value: number; unit: string; baseline?: string; ratio?: number; note?: string };

const T = 1260;
const N = 100;
const STRATEGIES = 7;

function syntheticPanel(seed: number): { dates: string[]; returns: Float64Array; mask: Uint8Array } {
  let s = seed >>> 0;
  const u = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const returns = new Float64Array(T * N);
  for (let k = 0; k < returns.length; k++) returns[k] = 0.0003 + 0.01 * (u() + u() + u() - 1.5);
  const mask = new Uint8Array(T * N).fill(1);
  for (let k = 0; k < 200; k++) {
    const idx = Math.floor(u() * T * N);
    returns[idx] = Number.NaN;
    mask[idx] = 0;
  }
  const dates = Array.from({ length: T }, (_, t) => `t${String(t).padStart(4, "0")}`);
  return { dates, returns, mask };
}

/** Long-only random targets on tradable factors: a stand-in for optimizer output (fixed cost per target). */
function randomStrategy(seed: number): StrategyFn {
  return (ctx) => {
    let s = (seed + ctx.t * 7919) >>> 0;
    const w = new Float64Array(ctx.nFactors);
    let sum = 0;
    for (let i = 0; i < ctx.nFactors; i++) {
      if (ctx.mask[ctx.t * ctx.nFactors + i] === 0) continue;
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      w[i] = s / 2 ** 32;
      sum += w[i] as number;
    }
    return w.map((x) => x / sum);
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Naive baseline: weighted daily returns with targets held fixed between rebalances (no drift, no costs, no records). */
function naive(returns: Float64Array, targets: ReadonlyMap<number, Float64Array>): Float64Array {
  const out = new Float64Array(T);
  let w: Float64Array | undefined;
  for (let t = 0; t < T; t++) {
    if (w !== undefined) {
      let g = 0;
      for (let i = 0; i < N; i++) {
        const r = returns[t * N + i] as number;
        if (r === r) g += (w[i] as number) * r;
      }
      out[t] = g;
    }
    w = targets.get(t) ?? w;
  }
  return out;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const reps = opts.quick ? 3 : 15;
  const panel = syntheticPanel(1);
  const days = rebalanceDays(panel.dates, { rebalanceEvery: 5 });
  const strategies: StrategyFn[] = [equalWeight, factorMomentum(), ...Array.from({ length: STRATEGIES - 2 }, (_, k) => randomStrategy(k + 1))];
  const t0 = performance.now();
  const targets = await Promise.all(strategies.map((s) => collectTargets(s, panel, days)));
  const targetMs = performance.now() - t0;

  const engineMs: number[] = [];
  const naiveMs: number[] = [];
  let sink = 0;
  for (let r = 0; r < reps; r++) {
    let a = performance.now();
    for (const tg of targets) sink += runBacktest({ ...panel, rebalanceEvery: 5, targetWeights: tg }).nav[T - 1] as number;
    engineMs.push(performance.now() - a);
    a = performance.now();
    for (const tg of targets) sink += naive(panel.returns, tg)[T - 1] as number;
    naiveMs.push(performance.now() - a);
  }
  const e = median(engineMs);
  const b = median(naiveMs);

  const a = performance.now();
  const results = targets.map((tg) => runBacktest({ ...panel, rebalanceEvery: 5, targetWeights: tg }));
  const metrics = results.map((res) => backtestMetrics(res));
  const base = results[0]?.dailyReturns.subarray(1) ?? new Float64Array();
  for (const res of results.slice(1)) {
    jobsonKorkieMemmel(res.dailyReturns.subarray(1), base);
    ledoitWolfSharpeTest(res.dailyReturns.subarray(1), base);
  }
  const fullMs = performance.now() - a + targetMs;

  const m0 = performance.now();
  for (const t of days) if (t >= 249) trailingMoments({ t, nFactors: N, dates: panel.dates.slice(0, t + 1), returns: panel.returns.subarray(0, (t + 1) * N), mask: panel.mask.subarray(0, (t + 1) * N) });
  const momentsMs = performance.now() - m0;

  const note = `${T} days x ${N} factors x ${STRATEGIES} strategies, rebalance every 5 days; median of ${reps}`;
  return [
    { name: "backtest.engine", metric: "time_7_strategies", value: e, unit: "ms", baseline: "naive weighted-return loop", ratio: e / b, note },
    { name: "backtest.naive_baseline", metric: "time_7_strategies", value: b, unit: "ms", note },
    { name: "backtest.end_to_end", metric: "time_7_strategies", value: fullMs, unit: "ms", note: "targets (EW, momentum, 5 random) + engine + metrics + JK and LW tests vs EW" },
    { name: "backtest.trailing_moments", metric: "time_all_rebalances", value: momentsMs, unit: "ms", note: `250-day mean/cov, N=${N}, ${days.filter((t) => t >= 249).length} rebalances` },
    { name: "backtest.sink", metric: "checksum", value: sink + metrics.length, unit: "", note: "keeps the work observable" },
  ];
}
