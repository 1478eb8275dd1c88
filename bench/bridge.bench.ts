// Bridge round trips (issue 2): float32 (1,250,706) and (128,250,706) over ipc and tcp loopback (tensor
// bytes in frames, or in shared memory with and without `out` tensors) and through pythonia, against
// an in-process copy and the raw stack measured in the same run: a pyzmq
// DEALER and a zeromq.js DEALER echoing one frame off a bare pyzmq ROUTER (no codec, no validation),
// which is the floor for this stack on this machine.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as zmq from "zeromq";
import { Tensor } from "../bridge/index.ts";
import { LocalWorker, startInProcess, workerPython } from "../sdk/worker/index.ts";
import { quantile, timeit, type BenchRow } from "./types.ts";

// A bare ROUTER that echoes every message (copy=False both ways, as the worker does for big frames).
const RAW_SERVER = `
import sys, zmq
s = zmq.Context().socket(zmq.ROUTER); s.setsockopt(zmq.LINGER, 0); s.bind(sys.argv[1])
print(s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
while True:
    s.send_multipart(s.recv_multipart(copy=False), copy=False)
`;

// A pyzmq DEALER timing n echoes of [small header, one frame]; prints sorted ms as JSON.
const RAW_CLIENT = `
import json, sys, time, zmq
ep, nbytes, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = zmq.Context().socket(zmq.DEALER); d.setsockopt(zmq.LINGER, 0); d.connect(ep)
buf, hdr, ts = bytearray(nbytes), b"h" * 64, []
for i in range(n + 3):
    t0 = time.perf_counter(); d.send_multipart([hdr, buf], copy=False); d.recv_multipart(copy=False)
    if i >= 3: ts.append((time.perf_counter() - t0) * 1e3)
print(json.dumps(sorted(ts)))
`;

// Shared-memory handoff floor (a design probe for local workers, not a bridge path): the bytes go
// through a /dev/shm file that the server maps once; ZeroMQ carries only a tiny control message.
// Node copies the request in (write) and the reply out (read); the server copies request -> reply
// region, as an echo that must produce its output bytes would.
const SHM_SERVER = `
import mmap, os, sys, zmq
path, size = sys.argv[2], int(sys.argv[3])
fd = os.open(path, os.O_RDWR); mv = memoryview(mmap.mmap(fd, 2 * size))
s = zmq.Context().socket(zmq.ROUTER); s.setsockopt(zmq.LINGER, 0); s.bind(sys.argv[1])
print(s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
while True:
    ident, hdr = s.recv_multipart()
    n = int(hdr)
    mv[size:size + n] = mv[0:n]
    s.send_multipart([ident, hdr])
`;

async function rawShm(frames: Buffer[], n: (b: Buffer) => number): Promise<number[][]> {
  const path = `/dev/shm/t2-shmbench-${process.pid}`;
  const size = Math.max(...frames.map((f) => f.byteLength));
  const fd = openSync(path, "w+");
  let child: ChildProcess | undefined;
  try {
    ftruncateSync(fd, 2 * size);
    const ep = `ipc://${join(tmpdir(), `t2-shmbench-${process.pid}.sock`)}`;
    child = spawn(workerPython(), ["-c", SHM_SERVER, ep, path, String(size)], { stdio: ["ignore", "pipe", "inherit"] });
    const c = child;
    const endpoint = await new Promise<string>((resolve, reject) => {
      c.once("exit", (code) => reject(new Error(`shm echo server exited (${code})`)));
      createInterface({ input: c.stdout! }).once("line", resolve);
    });
    const d = new zmq.Dealer({ linger: 0 });
    d.connect(endpoint);
    try {
      const out: number[][] = [];
      for (const frame of frames) {
        const reply = Buffer.allocUnsafe(frame.byteLength);
        const hdr = Buffer.from(String(frame.byteLength));
        out.push(await timeit(n(frame), async () => {
          writeSync(fd, frame, 0, frame.byteLength, 0);
          await d.send(hdr);
          await d.receive();
          readSync(fd, reply, 0, frame.byteLength, size);
        }));
        if (reply.compare(frame) !== 0) throw new Error("shm echo returned different bytes");
      }
      return out;
    } finally {
      d.close();
    }
  } finally {
    child?.kill("SIGKILL");
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

function tensorOf(shape: number[]): Tensor<"float32"> {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (i % 97) * 0.01;
  return new Tensor("float32", shape, data);
}

function rows(name: string, t: number[], bytes: number, baseline?: { name: string; value: number }): BenchRow[] {
  const med = quantile(t, 0.5);
  return [
    baseline
      ? { name, metric: "median", value: med, unit: "ms", baseline: baseline.name, ratio: med / baseline.value }
      : { name, metric: "median", value: med, unit: "ms" },
    { name, metric: "p99", value: quantile(t, 0.99), unit: "ms" },
    { name, metric: "throughput", value: bytes / (med / 1000) / 1e9, unit: "GB/s", note: "tensor bytes / median round trip" },
  ];
}

async function startRawServer(transport: "ipc" | "tcp"): Promise<{ endpoint: string; child: ChildProcess }> {
  const ep = transport === "tcp" ? "tcp://127.0.0.1:*" : `ipc://${join(tmpdir(), `t2-rawbench-${process.pid}.sock`)}`;
  const child = spawn(workerPython(), ["-c", RAW_SERVER, ep], { stdio: ["ignore", "pipe", "inherit"] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`raw echo server exited (${code})`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  return { endpoint, child };
}

function rawPython(endpoint: string, nbytes: number, n: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(workerPython(), ["-c", RAW_CLIENT, endpoint, String(nbytes), String(n)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`raw pyzmq client exited (${code})`))));
  });
}

async function rawNode(endpoint: string, frame: Buffer, n: number): Promise<number[]> {
  const d = new zmq.Dealer({ linger: 0 });
  d.connect(endpoint);
  const hdr = Buffer.alloc(64, 0x68);
  try {
    return await timeit(n, async () => {
      await d.send([hdr, frame]);
      await d.receive();
    });
  } finally {
    d.close();
  }
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const small = tensorOf([1, 250, 706]);
  const big = tensorOf([128, 250, 706]);
  const nSmall = opts.quick ? 200 : 1000;
  const nBig = opts.quick ? 5 : 20;
  const out: BenchRow[] = [];
  const load0 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  const copySmall = quantile(await timeit(nSmall, () => small.data.slice()), 0.5);
  const copyBig = quantile(await timeit(nBig, () => big.data.slice()), 0.5);
  out.push({ name: "copy (1,250,706)", metric: "median", value: copySmall, unit: "ms", note: "baseline: Float32Array.slice" });
  out.push({ name: "copy (128,250,706)", metric: "median", value: copyBig, unit: "ms", note: "baseline: Float32Array.slice" });
  const bufOf = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  for (const transport of ["ipc", "tcp"] as const) {
    const raw = await startRawServer(transport);
    let floor: { small: number; big: number };
    try {
      const pySmall = await rawPython(raw.endpoint, small.nbytes, nSmall);
      const pyBig = await rawPython(raw.endpoint, big.nbytes, nBig);
      const jsSmall = await rawNode(raw.endpoint, bufOf(small), nSmall);
      const jsBig = await rawNode(raw.endpoint, bufOf(big), nBig);
      out.push(...rows(`raw pyzmq<->pyzmq ${transport} (1,250,706)`, pySmall, small.nbytes));
      out.push(...rows(`raw pyzmq<->pyzmq ${transport} (128,250,706)`, pyBig, big.nbytes));
      out.push(...rows(`raw zeromq.js<->pyzmq ${transport} (1,250,706)`, jsSmall, small.nbytes));
      out.push(...rows(`raw zeromq.js<->pyzmq ${transport} (128,250,706)`, jsBig, big.nbytes));
      floor = { small: quantile(jsSmall, 0.5), big: quantile(jsBig, 0.5) };
    } finally {
      raw.child.kill("SIGKILL");
    }
    const floorName = `raw zeromq.js<->pyzmq ${transport}`;
    // Three ways through the same worker code: tensor bytes in ZeroMQ frames; in shared memory with
    // new result memory per call; in shared memory decoded into caller-owned `out` tensors.
    const frames = await LocalWorker.start({ transport, heartbeatMs: 0, shm: false });
    const shm = await LocalWorker.start({ transport, heartbeatMs: 0 });
    try {
      const outSmall = tensorOf([1, 250, 706]);
      const outBig = tensorOf([128, 250, 706]);
      const call = (w: LocalWorker, x: Tensor, o?: Tensor) => () => w.call("echo", { x }, { timeoutMs: 120_000, ...(o ? { out: { x: o } } : {}) });
      for (const [label, x, o, n, fl] of [
        ["(1,250,706)", small, outSmall, nSmall, floor.small],
        ["(128,250,706)", big, outBig, nBig, floor.big],
      ] as const) {
        const base = { name: floorName, value: fl };
        out.push(...rows(`zmq ${transport} frames ${label}`, await timeit(n, call(frames, x)), x.nbytes, base));
        out.push(...rows(`zmq ${transport} shm ${label}`, await timeit(n, call(shm, x)), x.nbytes, base));
        out.push(...rows(`zmq ${transport} shm + out ${label}`, await timeit(n, call(shm, x, o)), x.nbytes, base));
      }
    } finally {
      await frames.close();
      await shm.close();
    }
  }
  if (existsSync("/dev/shm")) {
    const [shmSmall, shmBig] = await rawShm([bufOf(small), bufOf(big)], (b) => (b.byteLength === small.nbytes ? nSmall : nBig));
    out.push(...rows("raw shm handoff, ipc control (1,250,706)", shmSmall!, small.nbytes));
    out.push(...rows("raw shm handoff, ipc control (128,250,706)", shmBig!, big.nbytes));
  }
  const zmqSmall = out.find((r) => r.name === "zmq ipc frames (1,250,706)" && r.metric === "median")!.value;
  const py = await startInProcess();
  try {
    const t = await timeit(opts.quick ? 30 : 200, () => py.call("echo", { x: small }));
    const med = quantile(t, 0.5);
    out.push({ name: "pythonia (1,250,706)", metric: "median", value: med, unit: "ms", baseline: "zmq ipc frames (1,250,706)", ratio: med / zmqSmall });
    out.push({ name: "pythonia (1,250,706)", metric: "p99", value: quantile(t, 0.99), unit: "ms" });
  } finally {
    await py.close();
  }
  const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
  out.push({ name: "loadavg", metric: "1-min", value: Number(load1), unit: "", note: `at start ${load0}, at end ${load1} (noisy machine when > cores)` });
  return out;
}
