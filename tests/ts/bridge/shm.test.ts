// Shared-memory tensors (bridge/shm.ts): the pool's file rules and lifetimes, the codec's shm
// descriptors and `out` tensors, and a real worker echoing through segments, including the calls
// whose segment must never be reused (timeout, dead worker) and cleanup after exit or SIGKILL.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BridgeError, decode, decodeBody, encode, ShmPool, sweepStale, Tensor } from "../../../bridge/index.ts";
import { connectRemote, LocalWorker } from "../../../sdk/worker/index.ts";
import { isLocalEndpoint } from "../../../sdk/worker/remote.ts";
import { codeOf, startTestWorker, waitFor } from "../helpers/worker.ts";

const ROOT = join(import.meta.dirname, "../../..");
const freshDir = () => mkdtempSync(join(tmpdir(), "t2-shmtest-"));
const f32 = (n: number, shape: number[] = [n]) => new Tensor("float32", shape, Float32Array.from({ length: n }, (_, i) => i * 0.5 - 3));
const bytesOf = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

function pool(dir: string, opts: { minBytes?: number; replyBytes?: number; maxIdle?: number } = {}): ShmPool {
  const p = ShmPool.open({ dir, ...opts });
  if (p === undefined) throw new Error("no pool");
  return p;
}

describe("ShmPool", () => {
  it("creates private segment files, reuses them after clean replies and removes them otherwise", () => {
    const dir = freshDir();
    const p = pool(dir, { maxIdle: 1 });
    expect(readdirSync(dir)).toHaveLength(1); // open() proves the directory with one idle segment
    const a = p.acquire();
    expect(statSync(a.segment.path).mode & 0o777).toBe(0o600);
    expect(a.segment.name).toMatch(new RegExp(`^t2-${process.pid}-[0-9a-f]{8}-\\d+$`));
    const b = p.acquire(); // the only idle one is taken: a new file
    expect(b.segment.name).not.toBe(a.segment.name);
    p.release(a, true);
    p.release(b, true); // maxIdle 1: b is removed
    expect(p.files).toEqual([a.segment.path]);
    expect(existsSync(b.segment.path)).toBe(false);
    const c = p.acquire();
    expect(c.segment.name).toBe(a.segment.name);
    p.release(c, false); // a timeout, a pin or a crash: never reused
    expect(existsSync(a.segment.path)).toBe(false);
    const d = p.acquire();
    p.close();
    expect(existsSync(d.segment.path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => p.acquire()).toThrow(BridgeError);
  });

  it("places tensors at aligned offsets, offers the rest as the reply region and checks reply locations", () => {
    const dir = freshDir();
    const p = pool(dir, { minBytes: 64, replyBytes: 1000 });
    const call = p.acquire();
    expect(call.put(Buffer.alloc(10))).toBeUndefined(); // below minBytes: a frame
    expect(call.put(Buffer.alloc(100, 1))).toEqual({ seg: call.segment.name, offset: 0 });
    expect(call.put(Buffer.alloc(100, 2))).toEqual({ seg: call.segment.name, offset: 128 });
    const offer = call.replyOffer();
    expect(offer).toEqual({ seg: call.segment.name, offset: 256, size: 1000, minBytes: 64 });
    writeFileSync(call.segment.path, Buffer.alloc(256 + 100, 7));
    expect(call.get(call.segment.name, 256, Buffer.alloc(100), "result.x").equals(Buffer.alloc(100, 7))).toBe(true);
    const bad = (seg: unknown, off: unknown, n: number) => {
      try {
        call.get(seg, off, Buffer.alloc(n), "result.x");
      } catch (e) {
        return e as BridgeError;
      }
      throw new Error("no error");
    };
    expect(bad("t2-1-00000000-1", 256, 8).message).toMatch(/result\.x: shared-memory segment t2-1-00000000-1 is not this call's/);
    expect(bad(call.segment.name, 0, 8).message).toMatch(/outside the reply region \[256, 1256\)/); // the request's bytes
    expect(bad(call.segment.name, 1250, 8).code).toBe("BAD_TENSOR");
    expect(bad(call.segment.name, 256.5, 8).code).toBe("BAD_TENSOR");
    expect(bad(call.segment.name, 300, 100).message).toMatch(/segment .* ends before byte 400/);
    p.close();
  });

  it("sweeps the segments of dead processes, not live ones or other files", async () => {
    const dir = freshDir();
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.once("exit", r));
    const stale = join(dir, `t2-${dead.pid}-0badcafe-1`);
    const live = join(dir, `t2-${process.pid}-0badcafe-1`);
    const other = join(dir, `t2-shmbench-${dead.pid}`);
    for (const f of [stale, live, other]) writeFileSync(f, "x");
    expect(sweepStale(dir)).toEqual([stale]);
    expect(existsSync(live) && existsSync(other)).toBe(true);
  });

  it("leaves no segment behind when the process exits, and a later pool removes a SIGKILLed one's", async () => {
    const dir = freshDir();
    const script = (hang: boolean) =>
      `import { ShmPool } from ${JSON.stringify(join(ROOT, "bridge/index.ts"))};
       const p = ShmPool.open({ dir: ${JSON.stringify(dir)} }); p.acquire().put(Buffer.alloc(1 << 17));
       console.log("ready"); ${hang ? "setInterval(() => {}, 1000);" : "process.exit(0);"}`;
    const run = (hang: boolean) => spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script(hang)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const clean = run(false);
    await new Promise((r) => clean.once("exit", r));
    expect(readdirSync(dir)).toEqual([]);
    const killed = run(true);
    await new Promise((r) => killed.stdout.once("data", r));
    expect(readdirSync(dir)).toHaveLength(1);
    killed.kill("SIGKILL");
    await new Promise((r) => killed.once("exit", r));
    expect(readdirSync(dir)).toHaveLength(1); // SIGKILL runs no exit hook ...
    const p = pool(dir); // ... the next pool sweeps them
    expect(readdirSync(dir)).toEqual(p.files.map((f) => f.slice(dir.length + 1)));
    p.close();
  }, 30_000);
});

describe("codec with shared memory", () => {
  it("encodes big tensors as shm descriptors and decodes replies into new memory or `out` tensors", () => {
    const dir = freshDir();
    const p = pool(dir, { minBytes: 64 });
    const call = p.acquire();
    const big = f32(100, [10, 10]);
    const small = f32(4);
    const frames = encode({ v: 1, id: "a", method: "echo", params: { big, small } }, "params", call, () => ({ replyShm: call.replyOffer() }));
    expect(frames).toHaveLength(2); // header + the small tensor's frame
    const h = decode(frames) as { params: Record<string, unknown>; replyShm: { offset: number } };
    expect(h.params.big).toEqual({ dtype: "float32", shape: [10, 10], shm: { seg: call.segment.name, offset: 0 } });
    expect(h.params.small).toEqual({ dtype: "float32", shape: [4], frame: 1 });
    expect(h.replyShm.offset).toBe(448); // 400 bytes, aligned up to 64

    // a reply as the worker writes it: the tensor at the start of the reply region
    writeFileSync(call.segment.path, Buffer.concat([Buffer.alloc(448), bytesOf(big)]));
    const reply = { x: { dtype: "float32", shape: [10, 10], shm: { seg: call.segment.name, offset: 448 } } };
    const fresh = decodeBody(reply, [], "result", call) as { x: Tensor };
    expect(bytesOf(fresh.x).equals(bytesOf(big))).toBe(true);
    const out = f32(100, [100]);
    out.data.fill(0);
    const into = decodeBody(reply, [], "result", call, { x: out }) as { x: Tensor };
    expect(into.x.data.buffer).toBe(out.data.buffer);
    expect(into.x.shape).toEqual([10, 10]);
    expect(bytesOf(out).equals(bytesOf(big))).toBe(true);
    expect(() => decodeBody(reply, [], "result", call, { x: f32(99) })).toThrow(/result\.x: the out tensor \(float32\[99\]\) cannot hold the reply's float32\[10, 10\]/);
    expect(() => decodeBody(reply, [], "result", call, { x: new Tensor("int32", [100], new Int32Array(100)) })).toThrow(BridgeError);
    expect(() => decodeBody(reply, [], "result")).toThrow(/result\.x: shared-memory tensor, but this call has no shared-memory segment/);
    const target = new Tensor("float32", [4], new Float32Array(4));
    const viaFrame = decodeBody({ y: [{ dtype: "float32", shape: [4], frame: 1 }] }, [Buffer.alloc(0), bytesOf(small)], "result", undefined, { "y[0]": target }) as {
      y: Tensor[];
    };
    expect(viaFrame.y[0]!.data.buffer).toBe(target.data.buffer); // `out` works for frames too (one copy, no zeromq.js buffer kept)
    expect(bytesOf(target).equals(bytesOf(small))).toBe(true);
    p.close();
  });
});

describe("a worker over shared memory", () => {
  it("echoes big tensors through segments (bit-exact), reuses `out` memory and cleans up on close", async () => {
    const dir = freshDir();
    const w = await LocalWorker.start({ env: { T2_SHM_DIR: dir } });
    try {
      const big = f32(250 * 706 * 3, [3, 250, 706]);
      const r = await w.call("echo", { x: big });
      expect(r.x.shape).toEqual([3, 250, 706]);
      expect(bytesOf(r.x).equals(bytesOf(big))).toBe(true);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1); // the one segment, back in the pool
      expect(statSync(join(dir, files[0]!)).size).toBeGreaterThanOrEqual(2 * big.nbytes); // request + reply went through it
      const out = f32(250 * 706 * 3, [3, 250, 706]);
      out.data.fill(0);
      const r2 = await w.call("echo", { x: big }, { out: { x: out } });
      expect(r2.x.data.buffer).toBe(out.data.buffer);
      expect(bytesOf(out).equals(bytesOf(big))).toBe(true);
      expect(await codeOf(w.call("echo", { x: big }, { out: { x: f32(3) } }))).toBe("BAD_TENSOR");
      expect(readdirSync(dir)).toHaveLength(1); // a clean reply, even with a bad `out`, keeps nothing extra
    } finally {
      await w.close();
    }
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it("never reuses the segment of a call that timed out or whose worker died", async () => {
    const dir = freshDir();
    const w = await LocalWorker.start({ env: { T2_SHM_DIR: dir }, args: ["--allow-debug"], backoffMs: 50 });
    try {
      await w.call("echo", { x: f32(1 << 16) });
      const [first] = readdirSync(dir);
      expect(await codeOf(w.call("debug.sleep", { seconds: 1, steps: 10 }, { timeoutMs: 100 }))).toBe("TIMEOUT");
      expect(readdirSync(dir)).toEqual([]); // the worker may still write the timed-out call's reply region
      await w.call("echo", { x: f32(1 << 16) });
      expect(readdirSync(dir)).toHaveLength(1);
      expect(readdirSync(dir)[0]).not.toBe(first);
      expect(await codeOf(w.call("debug.crash", { exitCode: 3 }))).toBe("WORKER_DEAD");
      await waitFor(() => readdirSync(dir).length === 0, 5_000); // the dead worker's pool is gone ...
      const r = await w.call("echo", { x: f32(1 << 16) }); // ... and the restarted one gets a new pool
      expect(r.x.data[3]).toBe(-1.5);
      expect(readdirSync(dir)).toHaveLength(1);
    } finally {
      await w.close();
    }
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it("drops a segment whose file was removed under it, and sends frames when no segment can be made", async () => {
    const dir = freshDir();
    const w = await LocalWorker.start({ env: { T2_SHM_DIR: dir } });
    try {
      rmSync(dir, { recursive: true }); // e.g. a tmp cleaner: the idle segment's name is gone
      const err = await w.call("echo", { x: f32(1 << 16) }).catch((e: unknown) => e as BridgeError);
      expect(err).toBeInstanceOf(BridgeError);
      expect((err as BridgeError).code).toBe("BAD_TENSOR");
      expect((err as BridgeError).message).toMatch(/params\.x: cannot open shared-memory segment .*t2-\d+-[0-9a-f]{8}-1/);
      const r = await w.call("echo", { x: f32(1 << 16) }); // no directory: frames for this call
      expect(r.x.data[7]).toBe(0.5);
    } finally {
      await w.close();
    }
  }, 60_000);

  it("falls back to frames when the worker accepts no shared memory or the caller turns it off", async () => {
    const dir = freshDir();
    for (const opts of [{ args: ["--no-shm"] }, { shm: false as const }]) {
      const w = await LocalWorker.start({ env: { T2_SHM_DIR: dir }, ...opts });
      try {
        const r = await w.call("echo", { x: f32(1 << 16) });
        expect(r.x.data[5]).toBe(-0.5);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        await w.close();
      }
    }
    process.env.T2_SHM = "0"; // the environment's off switch, for LocalWorker and connectRemote alike
    try {
      expect(ShmPool.open({ dir })).toBeUndefined();
      const w = await LocalWorker.start({ env: { T2_SHM_DIR: dir } });
      try {
        expect((await w.call("echo", { x: f32(1 << 16) })).x.data[5]).toBe(-0.5);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        await w.close();
      }
    } finally {
      delete process.env.T2_SHM;
    }
  }, 60_000);
});

describe("connectRemote and shared memory", () => {
  it("uses shared memory with a worker on this host after a handshake, and frames when told to or when the worker cannot see the files", async () => {
    const dir = freshDir();
    await using w = await startTestWorker([], {}, { T2_SHM_DIR: dir }); // a standalone worker on a loopback port
    expect((await w.client.call("health", {})).shm).toBe(dir);
    const big = f32(1 << 18);
    const on = await connectRemote({ endpoint: w.endpoint });
    try {
      expect(on.shmPool?.dir).toBe(dir);
      expect(bytesOf((await on.call("echo", { x: big })).x).equals(bytesOf(big))).toBe(true);
      expect(readdirSync(dir).length).toBeGreaterThan(0);
    } finally {
      await on.close();
    }
    expect(readdirSync(dir)).toEqual([]);

    const off = await connectRemote({ endpoint: w.endpoint, shm: false });
    expect(off.shmPool).toBeUndefined();
    await off.close();

    const elsewhere = freshDir(); // as if the loopback port were a tunnel to another host
    const tunnel = await connectRemote({ endpoint: w.endpoint, shm: { dir: elsewhere } });
    try {
      expect(tunnel.shmPool).toBeUndefined(); // the probe echo failed, so the client stays on frames
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(bytesOf((await tunnel.call("echo", { x: big })).x).equals(bytesOf(big))).toBe(true);
    } finally {
      await tunnel.close();
    }
  }, 60_000);

  it("reports no segment directory for a worker that refuses shared memory, and only local endpoints try it", async () => {
    await using w = await startTestWorker(["--no-shm"]);
    expect((await w.client.call("health", {})).shm).toBeNull();
    const c = await connectRemote({ endpoint: w.endpoint });
    expect(c.shmPool).toBeUndefined();
    await c.close();
    for (const ep of ["ipc:///tmp/w.sock", "tcp://127.0.0.1:5555", "tcp://127.3.2.1:1", "tcp://localhost:5555", "tcp://[::1]:5555"]) expect(isLocalEndpoint(ep)).toBe(true);
    for (const ep of ["tcp://10.0.0.7:5555", "tcp://0.0.0.0:5555", "tcp://gpu-host:5555", "tcp://127.0.0.1.evil.com:5555"]) expect(isLocalEndpoint(ep)).toBe(false);
  }, 60_000);
});
