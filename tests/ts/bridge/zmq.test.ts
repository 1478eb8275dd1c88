// ZeroMQ-specific behaviour: answering health during a long job, cancellation (timeout, AbortSignal),
// raw garbage frames, message size limits, and CURVE on a keyed worker.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import * as zmq from "zeromq";
import { describe, expect, it } from "vitest";
import { decode, encode, Tensor, WorkerClient, ZmqTransport } from "../../../bridge/index.ts";
import { workerPython } from "../../../sdk/worker/index.ts";
import { codeOf, startTestWorker, waitFor } from "../helpers/worker.ts";

describe("zmq worker", () => {
  it("answers ping while a long job runs, and cancels jobs on timeout and abort", async () => {
    await using w = await startTestWorker();
    await w.client.call("health", {}); // first health imports torch for device info
    const job = w.client.call("debug.sleep", { seconds: 2, steps: 20 });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    await w.client.call("ping", {}, { timeoutMs: 1000 });
    expect(performance.now() - t0).toBeLessThan(500);
    expect((await w.client.call("health", {})).jobsRunning).toBe(1);
    await job;

    expect(await codeOf(w.client.call("debug.sleep", { seconds: 5, steps: 50 }, { timeoutMs: 300 }))).toBe("TIMEOUT");
    const ac = new AbortController();
    const aborted = w.client.call("debug.sleep", { seconds: 5, steps: 50 }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    expect(await codeOf(aborted)).toBe("CANCELLED");
    // both jobs were cancelled in the worker too (the cancel message stops them)
    let running = -1;
    for (let i = 0; i < 20 && running !== 0; i++) {
      running = (await w.client.call("health", {})).jobsRunning;
      if (running !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(running).toBe(0);
  });

  it("shares one deadline timer: mixed timeouts expire only their own calls; overlapping sends all arrive", async () => {
    await using w = await startTestWorker();
    // the timer is armed for this short deadline; it fires while the next call is still running
    await w.client.call("ping", {}, { timeoutMs: 1000 });
    const slow = w.client.call("debug.sleep", { seconds: 1.5, steps: 6 });
    const short = w.client.call("debug.sleep", { seconds: 5, steps: 50 }, { timeoutMs: 250 });
    expect(await codeOf(short)).toBe("TIMEOUT");
    expect(await slow).toEqual({ completedSteps: 6 });
    // many calls at once queue their sends in the transport; every reply finds its call
    const xs = Array.from({ length: 24 }, (_, i) => new Tensor("float64", [3], Float64Array.from([i, i + 1, i + 2])));
    const sums = await Promise.all(xs.map((x) => w.client.call("echo", { x, checksum: true }).then((r) => r.sum)));
    expect(sums).toEqual(xs.map((_, i) => 3 * i + 3));
    expect(w.client.inFlight).toBe(0);
  });

  it("survives thousands of random frames, then serves a valid call", async () => {
    await using w = await startTestWorker();
    const raw = new zmq.Dealer({ linger: 0 });
    raw.connect(w.endpoint);
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const replies: string[] = [];
    const reader = (async () => {
      for await (const frames of raw) {
        const h = decode(frames as Buffer[]);
        replies.push(String((h.error as { code?: string } | undefined)?.code ?? "ok"));
      }
    })().catch(() => {});
    for (let i = 0; i < 3000; i++) {
      const nFrames = 1 + Math.floor(rnd() * 3);
      const frames = Array.from({ length: nFrames }, () => Buffer.from(Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256))));
      if (frames[0]!.length === 0) frames[0] = Buffer.from([0xc1]);
      await raw.send(frames);
    }
    await waitFor(() => replies.length >= 3000, 15_000);
    expect(replies.length).toBe(3000);
    expect(new Set(replies).has("BAD_MESSAGE")).toBe(true);
    raw.close();
    await reader;
    const r = await w.client.call("echo", { x: new Tensor("float32", [2], Float32Array.from([1, 2])), checksum: true });
    expect(r.sum).toBe(3);
  });

  it("enforces the message size limit on both ends", async () => {
    await using w = await startTestWorker(["--max-message-mb", "1"], { maxMessageBytes: 64 * 1024 * 1024 });
    const small = new Tensor("float32", [200_000], new Float32Array(200_000)); // 0.8 MB per frame
    // client side: its own limit
    const strict = new WorkerClient(new ZmqTransport({ endpoint: w.endpoint }), { maxMessageBytes: 1024 });
    expect(await codeOf(strict.call("echo", { x: small }))).toBe("TOO_LARGE");
    await strict.close();
    // worker side: two 0.8 MB frames (each under the per-frame cap) exceed the 1 MB message limit
    const frames = encode({ v: 1, id: "big-1", method: "echo", params: { x: small, y: small } }, "params");
    const raw = new zmq.Dealer({ linger: 0 });
    raw.connect(w.endpoint);
    await raw.send(frames);
    const [reply] = await Promise.race([raw.receive().then((f) => [f]), new Promise<never>((_, rej) => setTimeout(() => rej(new Error("no reply")), 5000))]);
    expect((decode(reply as Buffer[]).error as { code: string }).code).toBe("TOO_LARGE");
    raw.close();
    expect((await w.client.call("ping", {})).uptimeS).toBeGreaterThan(0);
  });

  it("CURVE: a keyed worker serves clients that know its key and nobody else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "t2-keys-"));
    const gen = spawnSync(workerPython(), ["-m", "pyworker", "serve", "--gen-keys", dir], { cwd: join(import.meta.dirname, "../../.."), encoding: "utf8" });
    expect(gen.status).toBe(0);
    const { secret } = JSON.parse(gen.stdout) as { public: string; secret: string };
    const publicKey = /public-key = "(.+)"/.exec(readFileSync(secret, "utf8"))![1]!;
    await using w = await startTestWorker(["--curve-secret-key-file", secret], { curveServerKey: publicKey });
    expect((await w.client.call("health", {})).protocol).toBe(1);
    const stranger = new WorkerClient(new ZmqTransport({ endpoint: w.endpoint }), { defaultTimeoutMs: 1500 });
    expect(await codeOf(stranger.call("ping", {}))).toBe("TIMEOUT");
    await stranger.close();
  });

  it("refuses to bind a non-loopback endpoint without CURVE keys", async () => {
    const r = spawnSync(workerPython(), ["-m", "pyworker", "serve", "--endpoint", "tcp://0.0.0.0:0"], {
      cwd: join(import.meta.dirname, "../../.."),
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/refusing to bind tcp:\/\/0\.0\.0\.0:0 without CURVE keys/);
  });
});
