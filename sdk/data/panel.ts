// RawPanel: the loaded, aligned dataset (dates x factors returns plus market/macro series) with cell provenance.
import type { MarketRole } from "./config.ts";
import type { DataIssue } from "./errors.ts";
import { columnLetter } from "./dates.ts";

/** Where one factor's values came from. */
export interface FactorOrigin {
  readonly file: string;
  readonly sheet: string | undefined;
  /** 0-based column index in the source table. */
  readonly columnIndex: number;
  /** Index into RawPanel.origin.rowOf (which source file the factor came from). */
  readonly source: number;
}

/**
 * Loaded data, aligned on the factor dates. Units: returns decimal (0.01 = 1%), `market_return`
 * decimal daily, `rf` annual decimal rate, yields annual decimal, `vix` index points.
 */
export interface RawPanel {
  readonly name: string;
  /** ISO dates, in file order (validation checks they are sorted and unique). */
  readonly dates: readonly string[];
  readonly factors: readonly string[];
  /** T x N row-major, NaN where a cell is missing. */
  readonly returns: Float64Array;
  readonly market: Readonly<Record<MarketRole, Float64Array>>;
  readonly origin: {
    readonly factors: readonly FactorOrigin[];
    /** Per factor source, the 1-based spreadsheet row of each panel date (0 when the source has no such row). */
    readonly rowOf: readonly Int32Array[];
    /** Per factor source: file, sheet and 0-based index of its date column (for cell references of dates). */
    readonly sources?: readonly { readonly file: string; readonly sheet: string | undefined; readonly dateColumn: number }[];
  };
  /** Problems found while reading (non-numeric cells, bad dates, market gaps); validatePanel reports them. */
  readonly loadIssues: readonly DataIssue[];
}

/** A1 reference of the cell holding factor i on panel row t. */
export function cellRef(panel: RawPanel, t: number, i: number): string | undefined {
  const o = panel.origin.factors[i];
  const row = o === undefined ? undefined : panel.origin.rowOf[o.source]?.[t];
  return o === undefined || row === undefined || row === 0 ? undefined : `${columnLetter(o.columnIndex)}${row}`;
}

/** Location fields (file, sheet, cell, factor, date) of factor i on row t, for issues. */
export function cellLocation(panel: RawPanel, t: number, i: number) {
  const o = panel.origin.factors[i];
  const cell = cellRef(panel, t, i);
  return {
    ...(o === undefined ? {} : { file: o.file }),
    ...(o?.sheet === undefined ? {} : { sheet: o.sheet }),
    ...(cell === undefined ? {} : { cell }),
    factor: panel.factors[i] ?? `#${i}`,
    date: panel.dates[t] ?? `#${t}`,
  };
}

/** Returns a panel restricted to the given factor indices (used when factors are dropped). */
export function selectFactors(panel: RawPanel, keep: readonly number[]): RawPanel {
  const T = panel.dates.length;
  const N = panel.factors.length;
  const K = keep.length;
  const returns = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) returns[t * K + k] = panel.returns[t * N + (keep[k] as number)] as number;
  }
  return {
    ...panel,
    factors: keep.map((i) => panel.factors[i] as string),
    returns,
    origin: { ...panel.origin, factors: keep.map((i) => panel.origin.factors[i] as FactorOrigin) },
  };
}
