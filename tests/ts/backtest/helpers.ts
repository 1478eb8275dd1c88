// Test helpers: load the golden fixtures written by pyworker/reference/fixtures.py; relative closeness.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { BacktestError } from "../../../sdk/backtest/index.ts";

const DIR = fileURLToPath(new URL("../../fixtures/backtest/", import.meta.url));

/** Parsed fixture file `name` (e.g. "engine.json"). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(DIR + name, "utf8")) as T;
}

/** Float64Array from a JSON list where null stands for NaN. */
export function f64(x: readonly (number | null)[]): Float64Array {
  return Float64Array.from(x, (v) => (v === null ? Number.NaN : v));
}

/** Asserts |a - b| <= rel * max(|a|, |b|) + abs. */
export function expectClose(actual: number, expected: number, rel = 1e-9, abs = 1e-15, what = ""): void {
  const tol = rel * Math.max(Math.abs(actual), Math.abs(expected)) + abs;
  if (!(Math.abs(actual - expected) <= tol)) {
    expect.fail(`${what}: ${actual} vs ${expected} (diff ${Math.abs(actual - expected)}, tol ${tol})`);
  }
}

/** Element-wise {@link expectClose}. */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-9, abs = 1e-15, what = ""): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expectClose(actual[i] as number, expected[i] as number, rel, abs, `${what}[${i}]`);
}

/** The BacktestError code `f` throws ("other" for any other error), or undefined when it does not throw. */
export function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof BacktestError ? e.code : "other";
  }
  return undefined;
}
