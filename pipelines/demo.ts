// `npm start`: the embedded-default demo. Starts the supervised worker, checks its health and
// round-trips a (1, 250, 706) float32 window through the bridge, printing what it did.
import { Tensor } from "../bridge/index.ts";
import { createLogger } from "../sdk/log/index.ts";
import { LocalWorker } from "../sdk/worker/index.ts";

const log = createLogger("demo");
const t0 = performance.now();
await using worker = await LocalWorker.start({ logger: log });
const h = await worker.call("health", {});
log.info({ pid: h.pid, python: h.python, torch: h.torch, xlstm: h.xlstm, cvxpy: h.cvxpy, device: h.device }, "worker healthy");

const x = new Tensor("float32", [1, 250, 706], Float32Array.from({ length: 250 * 706 }, (_, i) => Math.sin(i)));
const want = x.data.reduce((a, b) => a + b, 0);
const t1 = performance.now();
const r = await worker.call("echo", { x, checksum: true });
const ms = performance.now() - t1;
const same = r.x.data.every((v, i) => v === x.data[i]);
if (!same || Math.abs((r.sum ?? Number.NaN) - want) > 1e-3) throw new Error("round trip changed the tensor");
console.log(
  [
    `worker ${h.pid}: Python ${h.python}, torch ${h.torch}, xlstm ${h.xlstm}, cvxpy ${h.cvxpy}, device ${h.device}`,
    `round-tripped float32[1,250,706] (${(x.nbytes / 1e6).toFixed(2)} MB) in ${ms.toFixed(2)} ms, bit-exact, checksum ${r.sum?.toFixed(4)}`,
    `total ${(performance.now() - t0).toFixed(0)} ms`,
  ].join("\n"),
);
