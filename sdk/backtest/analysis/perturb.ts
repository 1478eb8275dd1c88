// Data perturbations (PRD 7.2): Gaussian noise scaled to each factor's volatility, random factor removal. Pure, explicit seed.
import { BacktestError, BacktestErrorCode } from "../errors.ts";
import { std } from "../metrics/moments.ts";
import { mulberry32 } from "../stats/prng.ts";
import type { Panel } from "../strategies/types.ts";

function normal(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Adds N(0, (level * sigma_i)^2) to every observed return of factor i, sigma_i its full-sample daily std
 * (level 0.05 = "5% sigma"). Returns are clipped at -0.99 so they stay valid. Missing cells stay missing.
 * @example addNoise(panel, 0.1, 42)
 */
export function addNoise(panel: Panel, level: number, seed: number): Panel {
  if (!(level >= 0)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `noise level must be >= 0, got ${level}`);
  const T = panel.dates.length;
  const n = panel.returns.length / T;
  const z = normal(mulberry32(seed));
  const sigma = Array.from({ length: n }, (_, i) => {
    const x: number[] = [];
    for (let t = 0; t < T; t++) {
      const r = panel.returns[t * n + i] as number;
      if (!Number.isNaN(r)) x.push(r);
    }
    return x.length >= 2 ? std(x, 1) : 0;
  });
  const returns = Float64Array.from(panel.returns, (r, k) => (Number.isNaN(r) ? r : Math.max(-0.99, r + level * (sigma[k % n] as number) * z())));
  return { dates: panel.dates, returns, mask: panel.mask };
}

/**
 * Removes round(fraction * N) factors chosen at random (seeded): they are masked out on every day and
 * their returns set to NaN, so no strategy can hold or estimate them. Returns the panel and the dropped indices.
 */
export function dropFactors(panel: Panel, fraction: number, seed: number): { panel: Panel; dropped: number[] } {
  if (!(fraction >= 0 && fraction < 1)) throw new BacktestError(BacktestErrorCode.BAD_ARGUMENT, `fraction must be in [0, 1), got ${fraction}`);
  const T = panel.dates.length;
  const n = panel.returns.length / T;
  const u = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const dropped = order.slice(0, Math.round(fraction * n)).sort((a, b) => a - b);
  const gone = new Uint8Array(n);
  for (const i of dropped) gone[i] = 1;
  const returns = Float64Array.from(panel.returns, (r, k) => (gone[k % n] === 1 ? Number.NaN : r));
  const mask = Uint8Array.from(panel.mask, (m, k) => (gone[k % n] === 1 ? 0 : m));
  return { panel: { dates: panel.dates, returns, mask }, dropped };
}
