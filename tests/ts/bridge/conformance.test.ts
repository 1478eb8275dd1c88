// One conformance suite for both transports (ZeroMQ to a worker process, pythonia in-process), and
// for ZeroMQ with every tensor through shared memory (minBytes 0): same contract, same handlers,
// same results and error codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Tensor, type WorkerClient } from "../../../bridge/index.ts";
import { startInProcess } from "../../../sdk/worker/index.ts";
import { codeOf, startTestWorker, type TestWorker } from "../helpers/worker.ts";

type Harness = { name: string; start(): Promise<{ client: WorkerClient; stop(): Promise<void> }> };

const harnesses: Harness[] = [
  {
    name: "zmq",
    async start() {
      const w: TestWorker = await startTestWorker();
      return { client: w.client, stop: () => w[Symbol.asyncDispose]() };
    },
  },
  {
    name: "zmq + shared memory",
    async start() {
      const w: TestWorker = await startTestWorker([], { shm: { minBytes: 0 } });
      return { client: w.client, stop: () => w[Symbol.asyncDispose]() };
    },
  },
  {
    name: "pythonia",
    async start() {
      const client = await startInProcess();
      return { client, stop: () => client.close() };
    },
  },
];

describe.each(harnesses)("transport conformance: $name", (h) => {
  let client: WorkerClient;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ client, stop } = await h.start());
  });
  afterAll(async () => {
    await stop();
  });

  it("health reports versions and the contract's methods", async () => {
    const r = await client.call("health", {});
    expect(r.protocol).toBe(1);
    expect(r.python).toMatch(/^3\.11\./);
    expect(r.torch).toMatch(/^2\.13/);
    expect(r.methods).toContain("echo");
    expect(r.cuda).toBe(false);
  });

  it("echo returns every dtype bit-exactly", async () => {
    const cases = [
      new Tensor("float32", [2, 3], Float32Array.from([1, -2, 3.5, Number.NaN, 1e-30, -0])),
      new Tensor("float64", [1, 2, 2], Float64Array.from([Math.PI, -1e300, 0, 5e-324])),
      new Tensor("int32", [3], Int32Array.from([-(2 ** 31), 0, 2 ** 31 - 1])),
      new Tensor("int64", [2], BigInt64Array.from([-(2n ** 63n), 2n ** 63n - 1n])),
      new Tensor("uint8", [2], Uint8Array.from([0, 255])),
      new Tensor("bool", [3], Uint8Array.from([1, 0, 1])),
      new Tensor("float32", [0, 4], new Float32Array(0)),
    ];
    for (const x of cases) {
      const r = await client.call("echo", { x });
      expect(r.x.dtype).toBe(x.dtype);
      expect(r.x.shape).toEqual(x.shape);
      expect(Buffer.from(r.x.data.buffer, r.x.data.byteOffset, r.x.data.byteLength).equals(Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength))).toBe(true);
    }
  });

  it("echo of a (1, 250, 706) float32 window with checksum", async () => {
    const x = new Tensor("float32", [1, 250, 706], Float32Array.from({ length: 250 * 706 }, (_, i) => (i % 13) - 6));
    const r = await client.call("echo", { x, checksum: true });
    const want = x.data.reduce((a, b) => a + b, 0);
    expect(r.sum).toBeCloseTo(want, 6);
    expect(r.x.shape).toEqual([1, 250, 706]);
  });

  it("long jobs stream progress before their result", async () => {
    const events: unknown[] = [];
    const r = await client.call("debug.sleep", { seconds: 0.05, steps: 5 }, { onProgress: (p) => events.push(p) });
    expect(r.completedSteps).toBe(5);
    expect(events).toEqual([1, 2, 3, 4, 5].map((step) => ({ step, steps: 5 })));
  });

  it("rejects bad input with typed errors and stays up", async () => {
    expect(await codeOf(client.call("echo.finite", { x: new Tensor("float32", [1, 2], Float32Array.from([1, Number.NaN])) }))).toBe("NON_FINITE");
    // @ts-expect-error wrong dtype on purpose (the worker must reject it too)
    expect(await codeOf(client.call("echo.finite", { x: new Tensor("int32", [1, 1], Int32Array.from([1])) }))).toBe("BAD_TENSOR");
    expect(await codeOf(client.call("debug.sleep", { seconds: -1, steps: 1 }))).toBe("INVALID_PARAMS");
    // @ts-expect-error unknown method on purpose
    expect(await codeOf(client.call("nope", {}))).toBe("UNKNOWN_METHOD");
    expect(await codeOf(client.call("debug.crash", { exitCode: 3 }))).toBe("INVALID_PARAMS"); // disabled without --allow-debug
    expect((await client.call("ping", {})).uptimeS).toBeGreaterThan(0);
  });

  it("times out with TIMEOUT, not a hang", async () => {
    const t0 = Date.now();
    expect(await codeOf(client.call("debug.sleep", { seconds: 1.5, steps: 3 }, { timeoutMs: 200 }))).toBe("TIMEOUT");
    expect(Date.now() - t0).toBeLessThan(1200);
  });
});
