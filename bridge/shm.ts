// Shared-memory tensor handoff between a client and a worker on the same host (issue 2; docs/
// architecture.md "Shared-memory tensors"). Each call writes its big tensors into a segment file in
// /dev/shm (descriptor {dtype, shape, shm: {seg, offset}}) and offers the rest of that segment for the
// reply's tensors (header `replyShm`); ZeroMQ carries only the headers. Measured (docs/benchmarks.md):
// the (128,250,706) float32 round trip moves ~4x faster than through ZeroMQ frames on this VM, and
// no reply tensor becomes a zeromq.js external buffer (the Node GC cost of the frame path).
//
// Rules: segment files are created O_EXCL | O_NOFOLLOW with mode 0600 and named
// `t2-<pid>-<random>-<n>`; a call owns its segment until its reply arrives; a segment is reused only
// after a clean reply (never after a timeout, abort or crash, when the worker may still touch it, nor
// after `shmPinned`, when the worker kept the request's arrays); every segment is unlinked when its
// pool closes or the process exits, and a new pool removes the segments of dead processes.
import { randomBytes } from "node:crypto";
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { pidAlive } from "../sdk/io/process.ts";
import { BridgeError, ErrorCode, SHM_ALIGN, type ReplyShm } from "./contract/index.ts";

export type ShmOptions = {
  /** Tensors of at least this many bytes go through shared memory, smaller ones as frames (default 64 KiB). */
  minBytes?: number;
  /** Reply region offered per call; at least the request's tensor bytes (default 1 GiB: the file stays sparse until written). */
  replyBytes?: number;
  /** Idle segments kept for reuse (default 4, the worker's default job slots). */
  maxIdle?: number;
  /** Bytes the idle segments may hold in all (default 1 GiB); a bigger segment is removed on release. */
  maxIdleBytes?: number;
  /** Directory of the segment files (default /dev/shm; the worker must use the same one). */
  dir?: string;
};

/** Where one call's tensors go to and come from in shared memory (the codec's view of a segment). */
export interface ShmChannel {
  /** Writes a tensor's bytes; its location, or undefined to send it as a frame instead. */
  put(bytes: Buffer): { seg: string; offset: number } | undefined;
  /** Reads a reply tensor's bytes into `into` (its whole length); a BridgeError (BAD_TENSOR) for a bad location. */
  get(seg: unknown, offset: unknown, into: Buffer, path: string): Buffer;
}

const NAME = /^t2-(\d+)-[0-9a-f]{8}-\d+$/;
const alignUp = (n: number) => Math.ceil(n / SHM_ALIGN) * SHM_ALIGN;
const FULL = new Set(["ENOSPC", "EFBIG", "EDQUOT"]);

type Segment = { name: string; path: string; fd: number };

/** One call's use of a segment: request tensors from offset 0, then the reply region. */
export class ShmCall implements ShmChannel {
  private cursor = 0;
  private replyAt = -1;
  private replyEnd = -1;
  /** Request tensor bytes written into the segment. */
  bytes = 0;

  constructor(
    readonly segment: Segment,
    private readonly minBytes: number,
    private readonly replyBytes: number,
  ) {}

  put(bytes: Buffer): { seg: string; offset: number } | undefined {
    if (bytes.byteLength === 0 || bytes.byteLength < this.minBytes) return undefined;
    const at = alignUp(this.cursor);
    try {
      for (let done = 0; done < bytes.byteLength; ) done += writeSync(this.segment.fd, bytes, done, bytes.byteLength - done, at + done);
    } catch (e) {
      if (FULL.has((e as NodeJS.ErrnoException).code ?? "")) return undefined; // /dev/shm is full: a frame instead
      throw e;
    }
    this.cursor = at + bytes.byteLength;
    this.bytes += bytes.byteLength;
    return { seg: this.segment.name, offset: at };
  }

  /** The header's `replyShm`: the rest of the segment, after the request's tensors. */
  replyOffer(): ReplyShm {
    this.replyAt = alignUp(this.cursor);
    const size = Math.max(this.replyBytes, this.bytes);
    this.replyEnd = this.replyAt + size;
    return { seg: this.segment.name, offset: this.replyAt, size, minBytes: this.minBytes };
  }

  get(seg: unknown, offset: unknown, into: Buffer, path: string): Buffer {
    const nbytes = into.byteLength;
    const bad = (msg: string) => new BridgeError(ErrorCode.BAD_TENSOR, `${path}: ${msg}`, { path });
    if (seg !== this.segment.name) throw bad(`shared-memory segment ${String(seg)} is not this call's (${this.segment.name})`);
    if (typeof offset !== "number" || !Number.isInteger(offset) || offset < this.replyAt || offset + nbytes > this.replyEnd) {
      throw bad(`shm offset ${String(offset)} (+${nbytes} bytes) is outside the reply region [${this.replyAt}, ${this.replyEnd})`);
    }
    let done = 0;
    while (done < nbytes) {
      const n = readSync(this.segment.fd, into, done, nbytes - done, offset + done);
      if (n === 0) throw bad(`segment ${this.segment.name} ends before byte ${offset + nbytes} of the reply tensor`);
      done += n;
    }
    return into;
  }
}

const livePools = new Set<ShmPool>();
let exitHook = false;

/** Segments of one client: created on demand, reused after clean replies, unlinked on close/exit. */
export class ShmPool {
  private readonly idle: Segment[] = [];
  private readonly busy = new Set<Segment>();
  private readonly prefix: string;
  private seq = 0;
  private closed = false;
  readonly minBytes: number;
  readonly replyBytes: number;
  readonly maxIdle: number;
  readonly maxIdleBytes: number;
  readonly dir: string;

  private constructor(opts: ShmOptions) {
    this.minBytes = opts.minBytes ?? 64 * 1024;
    this.replyBytes = opts.replyBytes ?? 1024 ** 3;
    this.maxIdle = opts.maxIdle ?? 4;
    this.maxIdleBytes = opts.maxIdleBytes ?? 1024 ** 3;
    this.dir = opts.dir ?? process.env.T2_SHM_DIR ?? "/dev/shm";
    this.prefix = `t2-${process.pid}-${randomBytes(4).toString("hex")}`;
  }

  /** False when the environment turns shared memory off for this process (`T2_SHM=0`). */
  static get enabled(): boolean {
    return process.env.T2_SHM !== "0";
  }

  /** A pool, or undefined when shared memory is off or the directory cannot hold segments (then calls use frames only). */
  static open(opts: ShmOptions = {}): ShmPool | undefined {
    if (!ShmPool.enabled) return undefined;
    const pool = new ShmPool(opts);
    try {
      if (!statSync(pool.dir).isDirectory()) return undefined;
      sweepStale(pool.dir);
      pool.release(pool.acquire(), true); // proves the directory is writable; the segment waits in the pool
    } catch {
      return undefined;
    }
    livePools.add(pool);
    if (!exitHook) {
      exitHook = true;
      process.on("exit", () => {
        for (const p of livePools) p.close();
      });
    }
    return pool;
  }

  /** A segment for one call (an idle one when there is one). */
  acquire(): ShmCall {
    if (this.closed) throw new BridgeError(ErrorCode.CANCELLED, "shared-memory pool is closed");
    let seg = this.idle.pop();
    if (seg === undefined) {
      const name = `${this.prefix}-${++this.seq}`;
      const path = join(this.dir, name);
      const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      fchmodSync(fd, 0o600); // exactly 0600 whatever the umask: the worker must be able to open it read-write
      seg = { name, path, fd };
    }
    this.busy.add(seg);
    return new ShmCall(seg, this.minBytes, this.replyBytes);
  }

  /** Ends a call's use of its segment: back to the pool when `reuse` (a clean reply), else removed. */
  release(call: ShmCall, reuse: boolean): void {
    const seg = call.segment;
    if (!this.busy.delete(seg)) return;
    const st = fstatSync(seg.fd);
    // nlink 0: someone removed the file, so the worker can no longer open it by name
    if (reuse && !this.closed && st.nlink > 0 && this.idle.length < this.maxIdle && this.idleBytes() + st.size <= this.maxIdleBytes) {
      this.idle.push(seg);
    } else {
      destroy(seg);
    }
  }

  private idleBytes(): number {
    let n = 0;
    for (const s of this.idle) n += fstatSync(s.fd).size;
    return n;
  }

  /** Segment files this pool holds now (idle and in use). */
  get files(): string[] {
    return [...this.idle, ...this.busy].map((s) => s.path);
  }

  /** Unlinks every segment (in-use ones too: the calls that own them have failed by now). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    livePools.delete(this);
    for (const s of this.idle.splice(0)) destroy(s);
    for (const s of this.busy) destroy(s);
    this.busy.clear();
  }
}

function destroy(seg: Segment): void {
  try {
    closeSync(seg.fd);
  } catch {
    /* already closed */
  }
  try {
    unlinkSync(seg.path);
  } catch {
    /* already gone */
  }
}

/** Removes this user's segment files whose process is gone (left by a crash or SIGKILL). */
export function sweepStale(dir: string): string[] {
  const removed: string[] = [];
  const uid = process.getuid?.();
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (m === null || pidAlive(Number(m[1]))) continue;
    const path = join(dir, name);
    try {
      if (uid !== undefined && lstatSync(path).uid !== uid) continue;
      unlinkSync(path);
      removed.push(path);
    } catch {
      /* raced with its owner or another sweep */
    }
  }
  return removed;
}
