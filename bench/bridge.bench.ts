// Bridge round trips (issue 2): float32 (1,250,706) and (128,250,706) over ipc and tcp loopback and
// through pythonia, against an in-process copy baseline measured in the same run.
import { Tensor, type WorkerApi } from "../bridge/index.ts";
import { LocalWorker, startInProcess } from "../sdk/worker/index.ts";
import { quantile, timeit, type BenchRow } from "./types.ts";

function tensorOf(shape: number[]): Tensor<"float32"> {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (i % 97) * 0.01;
  return new Tensor("float32", shape, data);
}

async function roundTrips(name: string, w: WorkerApi, x: Tensor, n: number, base: number): Promise<BenchRow[]> {
  const t = await timeit(n, () => w.call("echo", { x }, { timeoutMs: 120_000 }));
  const med = quantile(t, 0.5);
  const gbps = x.nbytes / (med / 1000) / 1e9;
  return [
    { name, metric: "median", value: med, unit: "ms", baseline: "in-process copy", ratio: med / base },
    { name, metric: "p99", value: quantile(t, 0.99), unit: "ms" },
    { name, metric: "throughput", value: gbps, unit: "GB/s", note: "tensor bytes / median round trip" },
  ];
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const small = tensorOf([1, 250, 706]);
  const big = tensorOf([128, 250, 706]);
  const nSmall = opts.quick ? 100 : 1000;
  const nBig = opts.quick ? 5 : 20;
  const rows: BenchRow[] = [];
  const copySmall = quantile(await timeit(nSmall, () => small.data.slice()), 0.5);
  const copyBig = quantile(await timeit(nBig, () => big.data.slice()), 0.5);
  rows.push({ name: "copy (1,250,706)", metric: "median", value: copySmall, unit: "ms", note: "baseline: Float32Array.slice" });
  rows.push({ name: "copy (128,250,706)", metric: "median", value: copyBig, unit: "ms", note: "baseline: Float32Array.slice" });
  for (const transport of ["ipc", "tcp"] as const) {
    const w = await LocalWorker.start({ transport, heartbeatMs: 0 });
    try {
      rows.push(...(await roundTrips(`zmq ${transport} (1,250,706)`, w, small, nSmall, copySmall)));
      rows.push(...(await roundTrips(`zmq ${transport} (128,250,706)`, w, big, nBig, copyBig)));
    } finally {
      await w.close();
    }
  }
  const zmqSmall = rows.find((r) => r.name === "zmq ipc (1,250,706)" && r.metric === "median")!.value;
  const py = await startInProcess();
  try {
    const t = await timeit(opts.quick ? 30 : 200, () => py.call("echo", { x: small }));
    const med = quantile(t, 0.5);
    rows.push({ name: "pythonia (1,250,706)", metric: "median", value: med, unit: "ms", baseline: "zmq ipc (1,250,706)", ratio: med / zmqSmall });
    rows.push({ name: "pythonia (1,250,706)", metric: "p99", value: quantile(t, 0.99), unit: "ms" });
  } finally {
    await py.close();
  }
  return rows;
}
