// synthMarket: seeded synthetic factor market (blocks, GARCH volatility clustering, fat tails, crisis regimes,
// VIX tied to market volatility, missing cells, one low-availability factor, a weak planted AR(1) drift). Pure.
import { assertIsoDate, weekdaysBetween } from "../dates.ts";
import { meanForwardIC, trailingMean, type IcSummary } from "./best-ic.ts";
import { Draws } from "./prng.ts";

export interface SynthOptions {
  readonly factors?: number;
  readonly start?: string;
  readonly end?: string;
  readonly seed?: number;
  /** Persistence of the planted drift a_{i,t} = phi a_{i,t-1} + sqrt(1-phi^2) sigma e. */
  readonly driftPhi?: number;
  /** Stationary standard deviation of the planted daily drift (decimal per day). */
  readonly driftSigma?: number;
  /** Share of cells missing at random. */
  readonly missingRate?: number;
  /** Write one out-of-range return (a bad-data test case): factor index, row index, value. */
  readonly badReturn?: { readonly factor: number; readonly row: number; readonly value: number };
}

export interface SynthMeta {
  readonly seed: number;
  readonly params: Required<Omit<SynthOptions, "badReturn">> & { readonly blocks: number; readonly horizon: number };
  /** Oracle IC: mean daily cross-sectional Pearson IC of the true expected 5-day mean return vs the realized one. */
  readonly bestIC: number;
  readonly bestICStdErr: number;
  /** IC of the feasible trailing 60-day mean return (what a model sees through the mean60 feature). */
  readonly ic60dMean: number;
  readonly lowAvailabilityFactor: string;
  readonly warnDate: string;
  readonly haltDate: string;
  readonly crisisDays: number;
}

export interface SynthMarket {
  readonly dates: string[];
  readonly factors: string[];
  /** T x N daily decimal returns, NaN where a cell is missing. */
  readonly returns: Float64Array;
  /** market_return decimal; vix points; rf, yield_10y, yield_2y in PERCENT per annum (as in the workbook). */
  readonly market: { market_return: Float64Array; vix: Float64Array; rf: Float64Array; yield_10y: Float64Array; yield_2y: Float64Array };
  /** Latent truth for tests: planted drift (T x N) and crisis regime (T). */
  readonly latent: { readonly drift: Float64Array; readonly regime: Uint8Array };
  readonly meta: SynthMeta;
}

const HORIZON = 5;
const CRISES: readonly (readonly [string, string])[] = [
  ["2008-09-15", "2009-03-31"],
  ["2020-02-24", "2020-04-30"],
];

function garchStep(h: number, z: number, omega: number, alpha: number, beta: number): number {
  return omega + alpha * h * z * z + beta * h;
}

/** Refuses options that would give an empty or meaningless market, naming the option. */
function checkOptions(N: number, start: string, end: string, seed: number, missingRate: number): void {
  if (!Number.isInteger(N) || N < 1) throw new RangeError(`synthetic market: factors must be a positive integer, got ${N}`);
  assertIsoDate(start, "synthetic market: start");
  assertIsoDate(end, "synthetic market: end");
  if (weekdaysBetween(start, end).length < 2) throw new RangeError(`synthetic market: start ${start} must be at least two weekdays before end ${end}`);
  if (!Number.isInteger(seed)) throw new RangeError(`synthetic market: seed must be an integer, got ${seed}`);
  if (!(missingRate >= 0 && missingRate < 1)) throw new RangeError(`synthetic market: missingRate must be in [0, 1), got ${missingRate}`);
}

/** Generates the market. Fully determined by the options (seed included). */
export function synthMarket(opts: SynthOptions = {}): SynthMarket {
  const N = opts.factors ?? 100;
  const start = opts.start ?? "2000-01-03";
  const end = opts.end ?? "2025-12-31";
  const seed = opts.seed ?? 7;
  const phi = opts.driftPhi ?? 0.995;
  const driftSigma = opts.driftSigma ?? 1.6e-4;
  const missingRate = opts.missingRate ?? 0.002;
  checkOptions(N, start, end, seed, missingRate);
  const dates = weekdaysBetween(start, end);
  const T = dates.length;
  const blocks = Math.max(1, Math.ceil(N / 20));
  const d = new Draws(seed);

  // Static factor characteristics.
  const beta = Float64Array.from({ length: N }, () => -0.15 + 0.4 * d.uniform());
  const gamma = Float64Array.from({ length: N }, () => (d.uniform() < 0.8 ? 1 : -1) * (0.6 + 0.4 * d.uniform()));
  const idio = Float64Array.from({ length: N }, () => 0.002 + 0.003 * d.uniform());
  const block = Int32Array.from({ length: N }, (_, i) => i % blocks);

  // Regimes: fixed historical crises plus a seeded Markov chain (enter 1/750 per day, leave 1/60).
  const regime = new Uint8Array(T);
  let inCrisis = 0;
  for (let t = 0; t < T; t++) {
    const day = dates[t] as string;
    const fixed = CRISES.some(([a, b]) => day >= a && day <= b);
    const u = d.uniform();
    inCrisis = inCrisis === 1 ? (u < 1 / 60 ? 0 : 1) : u < 1 / 750 ? 1 : 0;
    regime[t] = fixed || inCrisis === 1 ? 1 : 0;
  }

  const marketReturn = new Float64Array(T);
  const vix = new Float64Array(T);
  const rf = new Float64Array(T);
  const y10 = new Float64Array(T);
  const y2 = new Float64Array(T);
  const returns = new Float64Array(T * N);
  const drift = new Float64Array(T * N);
  const a = Float64Array.from({ length: N }, () => driftSigma * d.normal());
  const innov = driftSigma * Math.sqrt(1 - phi * phi);
  const mVar = (0.16 / Math.sqrt(252)) ** 2;
  const bVar = 0.003 ** 2;
  let hM = mVar;
  let zM = 0;
  const hB = new Float64Array(blocks).fill(bVar);
  const zB = new Float64Array(blocks);
  let rate = 5.5;
  let ten = 6.4;
  let spread = 0.3;
  for (let t = 0; t < T; t++) {
    const crisis = regime[t] === 1;
    const volMult = crisis ? 2.2 : 1;
    const loadMult = crisis ? 2.5 : 1;
    hM = t === 0 ? mVar : garchStep(hM, zM, 0.02 * mVar, 0.08, 0.9);
    zM = d.studentT(5);
    const M = Math.sqrt(hM) * volMult * zM;
    marketReturn[t] = 0.0003 + M;
    // VIX: annualized market volatility in points with a variance premium and noise.
    vix[t] = 100 * Math.sqrt(252 * hM) * volMult * 1.15 * Math.exp(0.05 * d.normal());
    const B = new Float64Array(blocks);
    for (let k = 0; k < blocks; k++) {
      hB[k] = t === 0 ? bVar : garchStep(hB[k] as number, zB[k] as number, 0.03 * bVar, 0.07, 0.9);
      zB[k] = d.studentT(5);
      B[k] = Math.sqrt(hB[k] as number) * (crisis ? 1.5 : 1) * (zB[k] as number);
    }
    for (let i = 0; i < N; i++) {
      if (t > 0) a[i] = phi * (a[i] as number) + innov * d.normal();
      drift[t * N + i] = a[i] as number;
      const r = (a[i] as number) + (beta[i] as number) * loadMult * M + (gamma[i] as number) * (B[block[i] as number] as number) + (idio[i] as number) * d.studentT(5);
      returns[t * N + i] = Math.max(-0.45, Math.min(0.45, r));
    }
    rate = Math.max(0, rate + 0.0005 * (2.5 - rate) + 0.01 * d.normal());
    ten = Math.max(0.3, ten + 0.0005 * (4 - ten) + 0.05 * d.normal());
    spread = spread + 0.002 * (1 - spread) + 0.03 * d.normal();
    rf[t] = rate;
    y10[t] = ten;
    y2[t] = Math.max(0, ten - spread);
  }

  // Best attainable IC, computed on complete data with the true conditional mean c * a_t, c = mean(phi^1..phi^h).
  let c = 0;
  for (let k = 1; k <= HORIZON; k++) c += phi ** k / HORIZON;
  const expected = drift.map((x) => c * x);
  const oracle: IcSummary = meanForwardIC(expected, returns, T, N, HORIZON);
  const ic60 = meanForwardIC(trailingMean(returns, T, N, 60), returns, T, N, HORIZON).mean;

  // Missingness: random cells, one late-starting factor (~70% availability), one warn day and one halt day.
  const low = Math.min(N - 1, Math.floor(N * 0.37));
  for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) if (d.uniform() < missingRate) returns[t * N + i] = NaN;
  for (let t = 0; t < Math.floor(0.3 * T); t++) returns[t * N + low] = NaN;
  const warnRow = Math.floor(0.6 * T);
  const haltRow = Math.floor(0.8 * T);
  for (let i = 0; i < Math.ceil(0.15 * N); i++) returns[warnRow * N + ((i * 7) % N)] = NaN;
  for (let i = 0; i < Math.ceil(0.6 * N); i++) returns[haltRow * N + i] = NaN;
  if (opts.badReturn !== undefined) returns[opts.badReturn.row * N + opts.badReturn.factor] = opts.badReturn.value;

  const factors = Array.from({ length: N }, (_, i) => `F${String(i + 1).padStart(3, "0")}`);
  return {
    dates,
    factors,
    returns,
    market: { market_return: marketReturn, vix, rf, yield_10y: y10, yield_2y: y2 },
    latent: { drift, regime },
    meta: {
      seed,
      params: { factors: N, start, end, seed, driftPhi: phi, driftSigma, missingRate, blocks, horizon: HORIZON },
      bestIC: oracle.mean,
      bestICStdErr: oracle.stdErr,
      ic60dMean: ic60,
      lowAvailabilityFactor: factors[low] as string,
      warnDate: dates[warnRow] ?? "",
      haltDate: dates[haltRow] ?? "",
      crisisDays: regime.reduce((s, x) => s + x, 0),
    },
  };
}
