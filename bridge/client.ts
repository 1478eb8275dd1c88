// WorkerClient: typed RPC over any Transport. Request ids route replies (DEALER/ROUTER); every call
// has a timeout and an AbortSignal; long jobs stream progress; params and results are validated
// against the zod contract on this side too (descriptors, dtype and rank: tensor bytes are never
// copied or re-scanned, except for the `finite` check of params).
//
// With a ShmPool (local workers, bridge/shm.ts) each call owns a shared-memory segment from send to
// reply: big tensors go through it both ways, and it is reused only after a clean reply.
//
// Per-call cost is kept small (issue 2): one promise and one pending record per call, and one shared
// deadline timer for all calls instead of a setTimeout each (re-armed only when a call's deadline is
// earlier than the armed one, so calls with the same timeout never touch the timer).
import { randomBytes } from "node:crypto";
import { decode, decodeBody, encode, messageBytes, type Frames, type OutTensors } from "./codec.ts";
import {
  BridgeError,
  DEFAULT_MAX_MESSAGE_BYTES,
  ErrorCode,
  METHODS,
  PROTOCOL_VERSION,
  type MethodName,
  type Params,
  type Progress,
  type Result,
} from "./contract/index.ts";
import type { ShmCall, ShmPool } from "./shm.ts";
import type { Transport } from "./transport/types.ts";
import { parseParams } from "./validate.ts";

export type CallOptions = {
  /** Deadline for the whole call in ms (default: the client's `defaultTimeoutMs`). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Progress events of long jobs (epoch, loss, ETA, ...). */
  onProgress?: (p: Progress) => void;
  /**
   * Caller-owned tensors that result tensors are decoded into, by path in the result ("x",
   * "weights", "items[0].w"): the reply reuses their memory instead of new memory (a steady-state
   * loop skips the page faults of a fresh buffer, docs/benchmarks.md). Each must have the reply's
   * dtype and byte size, or the call fails with BAD_TENSOR naming the path.
   */
  out?: OutTensors;
};

export type ClientOptions = {
  defaultTimeoutMs?: number;
  maxMessageBytes?: number;
  /** Called for replies whose id matches no pending call (late replies after a timeout); tensors are not decoded. */
  onStray?: (header: Record<string, unknown>) => void;
  /** Shared-memory segments for big tensors (worker on this host only); the client closes the pool. */
  shm?: ShmPool;
};

type Pending = {
  method: string;
  deadline: number;
  timeoutMs: number;
  resolve: (v: unknown) => void;
  reject: (e: BridgeError) => void;
  onProgress: ((p: Progress) => void) | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  shm: ShmCall | undefined;
  /** The pool `shm` came from (the client's pool may be replaced while the call runs). */
  pool: ShmPool | undefined;
  out: OutTensors | undefined;
};

/** The call surface shared by every worker flavour (remote, supervised local, in-process). */
export interface WorkerApi {
  call<M extends MethodName>(method: M, params: Params<M>, opts?: CallOptions): Promise<Result<M>>;
  close(): Promise<void>;
}

export class WorkerClient implements WorkerApi, AsyncDisposable {
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = randomBytes(4).toString("hex");
  private seq = 0;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private shm: ShmPool | undefined;
  readonly defaultTimeoutMs: number;
  readonly maxMessageBytes: number;

  constructor(
    readonly transport: Transport,
    private readonly opts: ClientOptions = {},
  ) {
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? 30_000;
    this.maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.shm = opts.shm;
    transport.onMessage((frames) => this.onMessage(frames));
  }

  /** The shared-memory pool in use, if any. */
  get shmPool(): ShmPool | undefined {
    return this.shm;
  }

  /** Starts using `pool` for later calls (the client closes it); a pool already in use is closed. */
  attachShm(pool: ShmPool): void {
    if (this.shm !== pool) this.shm?.close();
    this.shm = pool;
  }

  /** Frames only from now on; segments of calls in flight are removed when they settle. */
  detachShm(): void {
    const pool = this.shm;
    this.shm = undefined;
    pool?.close();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  async call<M extends MethodName>(method: M, params: Params<M>, opts: CallOptions = {}): Promise<Result<M>> {
    if (this.closed) throw new BridgeError(ErrorCode.CANCELLED, "client is closed", {}, method);
    const def = METHODS[method];
    if (def === undefined) throw new BridgeError(ErrorCode.UNKNOWN_METHOD, `unknown method '${String(method)}'`);
    const parsed = parseParams(method, params);
    if (opts.signal?.aborted) throw new BridgeError(ErrorCode.CANCELLED, "aborted before sending", {}, method);
    const id = `${this.prefix}-${++this.seq}`;
    const pool = this.shm;
    let shm: ShmCall | undefined;
    try {
      shm = pool?.acquire();
    } catch {
      shm = undefined; // no segment (file limit, /dev/shm gone): this call's tensors go as frames
    }
    let frames: Frames;
    try {
      const head = { v: PROTOCOL_VERSION, id, method, params: parsed.data as Record<string, unknown> };
      frames = encode(head, "params", shm, shm && (() => ({ replyShm: shm.replyOffer() })));
      const size = messageBytes(frames) + (shm?.bytes ?? 0);
      if (size > this.maxMessageBytes) {
        throw new BridgeError(ErrorCode.TOO_LARGE, `message of ${size} bytes exceeds the limit of ${this.maxMessageBytes}`, { size }, method);
      }
    } catch (e) {
      if (shm !== undefined) pool?.release(shm, true); // never sent: the worker has not seen it
      throw e;
    }
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    const raw = await new Promise<unknown>((resolve, reject) => {
      const signal = opts.signal;
      const pending: Pending = { method, deadline: performance.now() + timeoutMs, timeoutMs, resolve, reject, onProgress: opts.onProgress, signal, onAbort: undefined, shm, pool, out: opts.out };
      if (signal !== undefined) {
        pending.onAbort = () => {
          this.settle(id)?.reject(new BridgeError(ErrorCode.CANCELLED, "aborted by the caller", {}, method));
          this.sendCancel(id);
        };
        signal.addEventListener("abort", pending.onAbort, { once: true });
      }
      this.pending.set(id, pending);
      if (pending.deadline < this.timerAt) this.armTimer(pending.deadline);
      else if (this.pending.size === 1) this.timer?.ref();
      this.transport.send(frames).catch((e: Error) => {
        this.settle(id)?.reject(new BridgeError(ErrorCode.WORKER_DEAD, `send failed: ${e.message}`, {}, method));
      });
    });
    const out = def.result.safeParse(raw);
    if (!out.success) {
      throw new BridgeError(ErrorCode.INTERNAL, `reply does not match the contract: ${out.error.message}`, {}, method);
    }
    return out.data as Result<M>;
  }

  /** Rejects every pending call (the supervisor calls this when the worker dies). */
  failAll(code: ErrorCode, message: string): void {
    for (const id of [...this.pending.keys()]) {
      const p = this.settle(id);
      p?.reject(new BridgeError(code, message, {}, p.method));
    }
  }

  /** Ends a call; its segment goes back to the pool only when `reuse` (a clean reply, nothing pinned). */
  private settle(id: string, reuse = false): Pending | undefined {
    const p = this.pending.get(id);
    if (p === undefined) return undefined;
    this.pending.delete(id);
    if (p.shm !== undefined) p.pool?.release(p.shm, reuse);
    if (p.onAbort !== undefined) p.signal?.removeEventListener("abort", p.onAbort);
    if (this.pending.size === 0) this.timer?.unref(); // idle: the timer alone must not keep Node alive
    return p;
  }

  private armTimer(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - performance.now()));
  }

  /** Fails every call past its deadline (and asks the worker to cancel it), then re-arms. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const [id, p] of [...this.pending]) {
      if (p.deadline <= now) {
        this.settle(id)?.reject(new BridgeError(ErrorCode.TIMEOUT, `no reply within ${p.timeoutMs} ms`, { timeoutMs: p.timeoutMs }, p.method));
        this.sendCancel(id);
      } else if (p.deadline < next) next = p.deadline;
    }
    if (next < Infinity) this.armTimer(next);
  }

  private sendCancel(id: string): void {
    if (this.closed) return;
    const frames = encode({ v: PROTOCOL_VERSION, id: `${id}:cancel`, method: "cancel", params: { id } });
    this.transport.send(frames).catch(() => {});
  }

  private onMessage(frames: Frames): void {
    let h: Record<string, unknown>;
    try {
      h = decode(frames);
    } catch {
      return; // undecodable reply: the pending call will time out with a typed error
    }
    const id = typeof h.id === "string" ? h.id : "";
    const p = this.pending.get(id);
    if (p === undefined) {
      this.opts.onStray?.(h);
      return;
    }
    if (h.event === "progress") {
      p.onProgress?.((h.data ?? {}) as Progress);
      return;
    }
    if (h.ok === true) {
      let result: unknown;
      try {
        result = decodeBody(h.result, frames, "result", p.shm, p.out); // before the segment is released
      } catch (e) {
        this.settle(id, h.shmPinned !== true); // the worker is done with the segment either way
        const err = e instanceof BridgeError ? e : new BridgeError(ErrorCode.INTERNAL, `reply tensors: ${(e as Error).message}`);
        p.reject(err.inMethod(p.method));
        return;
      }
      this.settle(id, h.shmPinned !== true);
      p.resolve(result);
    } else {
      this.settle(id, h.shmPinned !== true);
      const err = (h.error ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
      const code = (Object.values(ErrorCode) as string[]).includes(err.code ?? "") ? (err.code as ErrorCode) : ErrorCode.INTERNAL;
      p.reject(new BridgeError(code, err.message ?? "worker error", err.details ?? {}, p.method));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.failAll(ErrorCode.CANCELLED, "client closed");
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.shm?.close();
    await this.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
