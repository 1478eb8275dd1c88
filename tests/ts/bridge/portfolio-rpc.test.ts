// portfolio.optimize over the bridge: statuses, simplex, mask, floor, typed errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BridgeError, Tensor } from "../../../bridge/index.ts";
import { startTestWorker, type TestWorker } from "../helpers/worker.ts";

const VOL_FLOOR = 0.1 / Math.sqrt(252);

describe("portfolio RPC", () => {
  let w: TestWorker;
  beforeAll(async () => {
    w = await startTestWorker();
  });
  afterAll(async () => {
    await w[Symbol.asyncDispose]();
  });

  it("solves a batch of max-Sharpe problems on the simplex with the floor and the mask", async () => {
    // row 0: tangency with high-vol assets; row 1: low-vol winners (floor binds); asset 2 masked in row 1
    const mu = Float64Array.from([0.001, 0.0005, 0.0002, 0.0008, 0.0001, 0.0009]);
    const s = (v: number[]) => [v[0]! ** 2, 0, 0, 0, v[1]! ** 2, 0, 0, 0, v[2]! ** 2];
    const sigma = Float64Array.from([...s([0.02, 0.015, 0.01]), ...s([0.003, 0.012, 0.002])]);
    const mask = Uint8Array.from([1, 1, 1, 1, 1, 0]);
    const r = await w.client.call("portfolio.optimize", {
      method: "max_sharpe_floor",
      mu: new Tensor("float64", [2, 3], mu),
      sigma: new Tensor("float64", [2, 3, 3], sigma),
      mask: new Tensor("uint8", [2, 3], mask),
    });
    expect(r.weights.shape).toEqual([2, 3]);
    for (let b = 0; b < 2; b++) {
      const row = Array.from(r.weights.data.slice(b * 3, b * 3 + 3));
      expect(row.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 8);
      expect(Math.min(...row)).toBeGreaterThanOrEqual(-1e-10);
      expect(r.vol.data[b]!).toBeGreaterThanOrEqual(VOL_FLOOR - 1e-9);
    }
    expect(r.weights.data[5]).toBe(0);
    expect(r.status[0]).toBe("tangency");
    expect(["floor", "floor_nonconvex"]).toContain(r.status[1]);
  });

  it("runs the window benchmarks", async () => {
    const B = 1, T = 60, N = 4;
    let seed = 3;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.02;
    const returns = Float64Array.from({ length: B * T * N }, rnd);
    for (const method of ["mean_variance", "min_variance", "risk_parity", "equal_weight"] as const) {
      const r = await w.client.call("portfolio.optimizeWindows", { method, returns: new Tensor("float64", [B, T, N], returns) });
      const row = Array.from(r.weights.data);
      expect(row.reduce((a, c) => a + c, 0)).toBeCloseTo(1, 8);
      if (method === "equal_weight") expect(row).toEqual([0.25, 0.25, 0.25, 0.25]);
    }
  });

  it("rejects NaN and non-PSD input with typed errors", async () => {
    const nan = w.client.call("portfolio.optimize", {
      method: "min_variance",
      sigma: new Tensor("float64", [1, 2, 2], Float64Array.from([1, Number.NaN, 0, 1])),
    });
    await expect(nan).rejects.toMatchObject({ code: "NON_FINITE" });
    const notPsd = await w.client
      .call("portfolio.optimize", {
        method: "max_sharpe_floor",
        mu: new Tensor("float64", [1, 2], Float64Array.from([0.001, 0.001])),
        sigma: new Tensor("float64", [1, 2, 2], Float64Array.from([1e-4, 5e-4, 5e-4, 1e-4])),
      })
      .catch((e: unknown) => e);
    expect(notPsd).toBeInstanceOf(BridgeError);
    expect((notPsd as BridgeError).code).toBe("INVALID_PARAMS");
  });
});
