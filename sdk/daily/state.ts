// The daily run's state, one file `<runDir>/state/state.json` written atomically (so the feature state, the
// inference window, the last valid prediction and the holdings always move together): a failed day leaves it
// byte-identical. Typed arrays are stored base64 (typed.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FeatureState } from "../features/index.ts";
import type { Book } from "./book.ts";
import { writeJsonAtomic } from "../io/index.ts";
import { DailyError } from "./errors.ts";
import { decodeFeatureState, encodeFeatureState, type EncodedFeatureState } from "./feature-codec.ts";
import { decodeArray, encodeArray, type Encoded } from "./typed.ts";
import type { FeatureWindow } from "./window.ts";

export const STATE_VERSION = 1;

/** The last prediction that came from the model (PRD 10.3: reused up to 5 trading days). */
export interface LastPrediction {
  readonly date: string;
  readonly mu: Float64Array;
  /** N x N daily covariance, row-major. */
  readonly sigma: Float64Array;
  readonly mask: Uint8Array;
  readonly weights: Float64Array;
  readonly status: string;
  readonly disagreement: number;
  /** Per-factor std of mu across members (absent in states written before it was recorded). */
  readonly muStd?: Float64Array;
}

/** Weights held after the trades of `date` (state factor order). */
export interface Holdings {
  readonly date: string;
  readonly weights: Float64Array;
}

export interface DailyState {
  readonly feature: FeatureState;
  readonly window: FeatureWindow;
  readonly lastPrediction?: LastPrediction;
  readonly holdings?: Holdings;
  /** NAV and trailing realized returns (book.ts); absent in states written before it was tracked. */
  readonly book?: Book;
}

export const stateFile = (runDir: string): string => join(runDir, "state", "state.json");

type Json = Record<string, unknown>;

function encWindow(w: FeatureWindow): Json {
  return {
    capacity: w.capacity,
    factors: w.factors,
    nFeatures: w.nFeatures,
    dates: w.dates,
    dayStatus: w.dayStatus,
    features: encodeArray(w.features),
    returns: encodeArray(w.returns),
    rawReturns: encodeArray(w.rawReturns),
    mask: encodeArray(w.mask),
    missingFraction: encodeArray(w.missingFraction),
    market: encodeArray(w.market),
  };
}

function decWindow(j: Json): FeatureWindow {
  const a = (k: string) => decodeArray(j[k] as Encoded);
  return {
    capacity: j.capacity as number,
    factors: j.factors as string[],
    nFeatures: j.nFeatures as number,
    dates: j.dates as string[],
    dayStatus: j.dayStatus as FeatureWindow["dayStatus"],
    features: a("features") as Float32Array,
    returns: a("returns") as Float64Array,
    rawReturns: a("rawReturns") as Float64Array,
    mask: a("mask") as Uint8Array,
    missingFraction: a("missingFraction") as Float64Array,
    market: a("market") as Float64Array,
  };
}

export function encodeState(s: DailyState): Json {
  const p = s.lastPrediction;
  return {
    version: STATE_VERSION,
    feature: encodeFeatureState(s.feature),
    window: encWindow(s.window),
    ...(p
      ? { lastPrediction: { date: p.date, status: p.status, disagreement: p.disagreement, mu: encodeArray(p.mu), sigma: encodeArray(p.sigma), mask: encodeArray(p.mask), weights: encodeArray(p.weights), ...(p.muStd ? { muStd: encodeArray(p.muStd) } : {}) } }
      : {}),
    ...(s.holdings ? { holdings: { date: s.holdings.date, weights: encodeArray(s.holdings.weights) } } : {}),
    ...(s.book ? { book: s.book } : {}),
  };
}

export function decodeState(j: Json, file = "<state>"): DailyState {
  if (j.version !== STATE_VERSION) throw new DailyError("STATE_INVALID", `state version ${String(j.version)}, expected ${STATE_VERSION}`, { file });
  const p = j.lastPrediction as Json | undefined;
  const h = j.holdings as Json | undefined;
  const arr = (o: Json, k: string) => decodeArray(o[k] as Encoded);
  return {
    feature: decodeFeatureState(j.feature as EncodedFeatureState),
    window: decWindow(j.window as Json),
    ...(p
      ? {
          lastPrediction: {
            date: p.date as string,
            status: p.status as string,
            disagreement: p.disagreement as number,
            mu: arr(p, "mu") as Float64Array,
            sigma: arr(p, "sigma") as Float64Array,
            mask: arr(p, "mask") as Uint8Array,
            weights: arr(p, "weights") as Float64Array,
            ...(p.muStd ? { muStd: arr(p, "muStd") as Float64Array } : {}),
          },
        }
      : {}),
    ...(h ? { holdings: { date: h.date as string, weights: arr(h, "weights") as Float64Array } } : {}),
    ...(j.book ? { book: j.book as Book } : {}),
  };
}

/** The saved state, or undefined before the first run. */
export function loadState(runDir: string): DailyState | undefined {
  const file = stateFile(runDir);
  if (!existsSync(file)) return undefined;
  let j: Json;
  try {
    j = JSON.parse(readFileSync(file, "utf8")) as Json;
  } catch (e) {
    throw new DailyError("STATE_INVALID", `cannot read the state: ${(e as Error).message}`, { file });
  }
  return decodeState(j, file);
}

export function saveState(runDir: string, s: DailyState): void {
  writeJsonAtomic(stateFile(runDir), encodeState(s));
}
