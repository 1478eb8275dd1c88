// LocalWorker: the supervised embedded worker. Spawns `python -m pyworker serve`, checks it with
// heartbeats, restarts it with backoff after a crash, retries idempotent calls on the new process,
// and fails calls with a typed error (never a hang) when it cannot.
import type { ChildProcess } from "node:child_process";
import {
  BridgeError,
  ErrorCode,
  METHODS,
  ShmPool,
  WorkerClient,
  ZmqTransport,
  type CallOptions,
  type MethodName,
  type Params,
  type Result,
  type ShmOptions,
  type WorkerApi,
} from "../../bridge/index.ts";
import { silentLogger, type Logger } from "../log/index.ts";
import { workerPython } from "./pythonEnv.ts";
import { spawnWorker } from "./spawn.ts";

export type LocalWorkerOptions = {
  /** Python with the worker's requirements (default: the repo's .venv, created on first use). */
  python?: string;
  transport?: "ipc" | "tcp";
  logger?: Logger;
  startTimeoutMs?: number;
  defaultTimeoutMs?: number;
  /** Restarts allowed after crashes before the worker is declared failed. */
  maxRestarts?: number;
  /** First restart delay; doubles per consecutive crash up to 5 s. */
  backoffMs?: number;
  /** Heartbeat period (0 = off), its timeout, and the misses that count as dead. */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  heartbeatMisses?: number;
  /** Retries of an idempotent call that failed because the worker died. */
  retries?: number;
  /**
   * Big tensors through shared memory (bridge/shm.ts) when the worker accepts them (default on; the
   * worker reports its segment directory). `false`, or `T2_SHM=0` in the environment: frames only.
   */
  shm?: false | Omit<ShmOptions, "dir">;
  /** Extra `serve` flags (e.g. ["--allow-debug"]). */
  args?: readonly string[];
  env?: Record<string, string>;
};

type Live = { child: ChildProcess; client: WorkerClient; pid: number; endpoint: string };

export class LocalWorker implements WorkerApi, AsyncDisposable {
  private live: Promise<Live>;
  private stopping = false;
  private crashes = 0;
  private restartCount = 0;
  private hb: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  private readonly o: Required<Omit<LocalWorkerOptions, "python" | "logger" | "args" | "env" | "shm">> & {
    args: readonly string[] | undefined;
    env: Record<string, string> | undefined;
    shm: false | Omit<ShmOptions, "dir">;
  };
  private readonly python: string;

  private constructor(opts: LocalWorkerOptions) {
    this.log = opts.logger ?? silentLogger;
    this.python = opts.python ?? workerPython();
    this.o = {
      transport: opts.transport ?? "ipc",
      startTimeoutMs: opts.startTimeoutMs ?? 60_000,
      defaultTimeoutMs: opts.defaultTimeoutMs ?? 60_000,
      maxRestarts: opts.maxRestarts ?? 5,
      backoffMs: opts.backoffMs ?? 200,
      heartbeatMs: opts.heartbeatMs ?? 2_000,
      heartbeatTimeoutMs: opts.heartbeatTimeoutMs ?? 5_000,
      heartbeatMisses: opts.heartbeatMisses ?? 3,
      retries: opts.retries ?? 2,
      args: opts.args,
      env: opts.env,
      shm: opts.shm ?? {},
    };
    this.live = this.launch();
  }

  /** Starts a worker and resolves once it answers `ping`. */
  static async start(opts: LocalWorkerOptions = {}): Promise<LocalWorker> {
    const w = new LocalWorker(opts);
    await w.live;
    w.startHeartbeat();
    return w;
  }

  get restarts(): number {
    return this.restartCount;
  }

  async pid(): Promise<number> {
    return (await this.live).pid;
  }

  async endpoint(): Promise<string> {
    return (await this.live).endpoint;
  }

  private async launch(): Promise<Live> {
    const s = await spawnWorker({
      python: this.python,
      transport: this.o.transport,
      logger: this.log,
      startTimeoutMs: this.o.startTimeoutMs,
      ...(this.o.args ? { args: this.o.args } : {}),
      ...(this.o.env ? { env: this.o.env } : {}),
    });
    const pool = this.o.shm !== false && s.shm !== undefined ? ShmPool.open({ ...this.o.shm, dir: s.shm }) : undefined;
    const client = new WorkerClient(new ZmqTransport({ endpoint: s.endpoint }), {
      defaultTimeoutMs: this.o.defaultTimeoutMs,
      ...(pool ? { shm: pool } : {}),
    });
    const live: Live = { child: s.child, client, pid: s.pid, endpoint: s.endpoint };
    s.child.once("exit", (code, signal) => this.onExit(live, code, signal));
    await client.call("ping", {}, { timeoutMs: this.o.startTimeoutMs });
    this.log.info({ worker: s.pid, endpoint: s.endpoint, shm: pool?.dir ?? false }, "worker ready");
    return live;
  }

  private onExit(live: Live, code: number | null, signal: string | null): void {
    const msg = `worker pid ${live.pid} exited (code ${code}, signal ${signal})`;
    live.client.failAll(ErrorCode.WORKER_DEAD, msg);
    void live.client.close();
    if (this.stopping) return;
    this.crashes += 1;
    if (this.crashes > this.o.maxRestarts) {
      this.log.error({ crashes: this.crashes }, `${msg}; giving up after ${this.o.maxRestarts} restarts`);
      this.live = Promise.reject(new BridgeError(ErrorCode.WORKER_DEAD, `${msg}; restarted ${this.o.maxRestarts} times, giving up`));
      this.live.catch(() => {});
      return;
    }
    const delay = Math.min(this.o.backoffMs * 2 ** (this.crashes - 1), 5_000);
    this.log.warn({ delayMs: delay }, `${msg}; restarting`);
    this.restartCount += 1;
    this.live = new Promise((r) => setTimeout(r, delay)).then(() => this.launch());
    this.live.then(
      () => {
        this.crashes = 0;
      },
      (e: Error) => this.log.error({ err: e.message }, "worker restart failed"),
    );
  }

  private startHeartbeat(): void {
    if (this.o.heartbeatMs <= 0) return;
    let misses = 0;
    let busy = false;
    this.hb = setInterval(() => {
      if (busy || this.stopping) return;
      busy = true;
      void this.live
        .then((l) => l.client.call("ping", {}, { timeoutMs: this.o.heartbeatTimeoutMs }).then(() => l))
        .then(
          () => {
            misses = 0;
          },
          async () => {
            misses += 1;
            if (misses >= this.o.heartbeatMisses) {
              misses = 0;
              const l = await this.live.catch(() => undefined);
              this.log.error({ worker: l?.pid }, "worker missed heartbeats; killing it for a restart");
              l?.child.kill("SIGKILL");
            }
          },
        )
        .finally(() => {
          busy = false;
        });
    }, this.o.heartbeatMs);
    this.hb.unref();
  }

  async call<M extends MethodName>(method: M, params: Params<M>, opts: CallOptions = {}): Promise<Result<M>> {
    for (let attempt = 0; ; attempt++) {
      if (this.stopping) throw new BridgeError(ErrorCode.CANCELLED, "worker is stopping", {}, method);
      const live = await this.live;
      try {
        return await live.client.call(method, params, opts);
      } catch (e) {
        const retry =
          e instanceof BridgeError && e.code === ErrorCode.WORKER_DEAD && METHODS[method].idempotent && attempt < this.o.retries && !opts.signal?.aborted;
        if (!retry) throw e;
        this.log.warn({ method, attempt: attempt + 1 }, "retrying idempotent call on a restarted worker");
      }
    }
  }

  /** Asks the worker to shut down, then makes sure it is gone. */
  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.hb) clearInterval(this.hb);
    const live = await this.live.catch(() => undefined);
    if (!live) return;
    const exited = new Promise<void>((r) => {
      if (live.child.exitCode !== null || live.child.signalCode !== null) r();
      else live.child.once("exit", () => r());
    });
    await live.client.call("shutdown", {}, { timeoutMs: 2_000 }).catch(() => {});
    const t = setTimeout(() => live.child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(t);
    await live.client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
