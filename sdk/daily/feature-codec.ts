// Persists the incremental FeatureState exactly (bit for bit): the winsorizer's and feature engine's rolling
// windows, so each daily run appends one day with `appendDay` instead of recomputing the history.
// The classes keep their windows in typed-array and number fields; we snapshot those fields and restore them
// into fresh instances built by `initFeatureState` from the same options. A field-set mismatch (the classes
// changed since the state was written) is a STATE_INVALID error, never a silent partial restore.
import { initFeatureState, type FeatureOptions, type FeatureState } from "../features/index.ts";
import type { CleaningOptions, ValidationRules } from "../data/index.ts";
import { DailyError } from "./errors.ts";
import { decodeArray, dtypeOf, encodeArray, type Encoded, type TypedArray } from "./typed.ts";

type Snapshot = { readonly [field: string]: number | Encoded | Snapshot };

export interface EncodedFeatureState {
  readonly factors: readonly string[];
  readonly rules: ValidationRules;
  readonly cleaning: CleaningOptions;
  readonly options: FeatureOptions;
  readonly lastDate: string | null;
  readonly days: number;
  readonly winsorizer: Snapshot;
  readonly engine: Snapshot;
}

const isPlainData = (v: unknown): boolean => v === null || typeof v !== "object" || Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype;

function snapshot(obj: object): Snapshot {
  const out: Record<string, number | Encoded | Snapshot> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "number") out[k] = v;
    else if (dtypeOf(v) !== undefined) out[k] = encodeArray(v as TypedArray);
    else if (typeof v === "object" && v !== null && !isPlainData(v)) out[k] = snapshot(v);
    // Plain option objects are rebuilt from the options by the constructor.
  }
  return out;
}

function restore(target: object, snap: Snapshot, path: string): void {
  const t = target as Record<string, unknown>;
  const fresh = snapshot(target);
  const want = Object.keys(fresh).sort().join(",");
  const got = Object.keys(snap).sort().join(",");
  if (want !== got) throw new DailyError("STATE_INVALID", `feature state ${path} has fields [${got}], this code expects [${want}]`);
  for (const [k, v] of Object.entries(snap)) {
    const cur = t[k];
    if (typeof v === "number") t[k] = v;
    else if ("b64" in v && "dtype" in v) {
      const arr = decodeArray(v as Encoded);
      const dst = cur as TypedArray;
      if (dtypeOf(dst) !== dtypeOf(arr) || dst.length !== arr.length) {
        throw new DailyError("STATE_INVALID", `feature state ${path}.${k}: ${arr.length} ${(v as Encoded).dtype} values, expected ${dst.length} ${dtypeOf(dst)}`);
      }
      dst.set(arr as never);
    } else restore(cur as object, v as Snapshot, `${path}.${k}`);
  }
}

export function encodeFeatureState(s: FeatureState): EncodedFeatureState {
  return {
    factors: s.factors,
    rules: s.rules,
    cleaning: s.cleaning,
    options: s.options,
    lastDate: s.lastDate ?? null,
    days: s.days,
    winsorizer: snapshot(s.winsorizer),
    engine: snapshot(s.engine),
  };
}

export function decodeFeatureState(e: EncodedFeatureState): FeatureState {
  const fresh = initFeatureState(e.factors, e.rules, e.cleaning, e.options);
  restore(fresh.winsorizer, e.winsorizer, "winsorizer");
  restore(fresh.engine, e.engine, "engine");
  return { ...fresh, lastDate: e.lastDate ?? undefined, days: e.days };
}
