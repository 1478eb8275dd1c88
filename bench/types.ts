// The row every benchmark returns; bench/run.ts prints them as a table and writes JSON.
export type BenchRow = {
  name: string;
  metric: string;
  value: number;
  unit: string;
  /** What the ratio compares against (measured in the same run). */
  baseline?: string;
  ratio?: number;
  note?: string;
};

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs `fn` `n` times after `warmup` runs; returns sorted durations in ms. */
export async function timeit(n: number, fn: () => Promise<unknown> | unknown, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}
