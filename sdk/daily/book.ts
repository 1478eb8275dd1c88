// The book: the portfolio's NAV marked to market each trading day with the realized (raw) returns of the weights held,
// and the trailing daily return series the monitor's rolling Sharpe, VaR and the registry's rollback rules read. Pure.
import type { Holdings } from "./state.ts";
import { driftWeights } from "./orders.ts";
import { rawRow, type FeatureWindow } from "./window.ts";

/** Starting capital of a new book (the unit of NAV on the dashboard). */
export const INITIAL_NAV = 1_000_000;
/** Trading days of returns kept (a year and a bit: VaR, 30-day Sharpe and drawdown read the tail). */
export const BOOK_HISTORY_DAYS = 260;

export interface DayReturn {
  readonly date: string;
  readonly ret: number;
}

export interface Book {
  /** NAV at the close of `date`. */
  readonly nav: number;
  /** The last date marked (undefined before the first holdings). */
  readonly date?: string;
  /** Trailing realized daily portfolio returns, oldest first, at most BOOK_HISTORY_DAYS. */
  readonly returns: readonly DayReturn[];
}

export const newBook = (): Book => ({ nav: INITIAL_NAV, returns: [] });

/**
 * Marks the book through every window day after both the holdings' date and the book's last date: each day's
 * return is sum_i w_i r_i with w drifted to that day's open (a missing return counts 0, as in `driftWeights`).
 * Without holdings nothing is marked (the first day only builds the portfolio).
 * @example markToMarket(newBook(), { date: "2025-03-03", weights }, window).nav
 */
export function markToMarket(book: Book, holdings: Holdings | undefined, window: FeatureWindow, keep = BOOK_HISTORY_DAYS): Book {
  if (holdings === undefined) return book;
  let w: Float64Array = Float64Array.from(holdings.weights);
  let nav = book.nav;
  let date = book.date;
  const added: DayReturn[] = [];
  window.dates.forEach((d, t) => {
    if (d <= holdings.date) return;
    const r = rawRow(window, t);
    if (book.date === undefined || d > book.date) {
      let ret = 0;
      for (let i = 0; i < w.length; i++) {
        const ri = r[i] as number;
        if (!Number.isNaN(ri)) ret += (w[i] as number) * ri;
      }
      nav *= 1 + ret;
      date = d;
      added.push({ date: d, ret });
    }
    w = driftWeights(w, [r]);
  });
  if (added.length === 0) return book;
  return { nav, ...(date !== undefined ? { date } : {}), returns: [...book.returns, ...added].slice(-keep) };
}
