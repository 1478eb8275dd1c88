// AlertDispatcher: fans alerts out to the sinks without ever blocking the caller; flush(timeoutMs) for shutdown.
import type { Logger } from "pino";
import { silentLogger } from "../../log/index.ts";
import type { Alert } from "../alerts/types.ts";
import type { AlertSink } from "./types.ts";

export interface DispatcherOptions {
  sinks: readonly AlertSink[];
  /** Where delivery failures are reported (a failing sink never throws into the pipeline). */
  logger?: Logger;
  /** Per-sink queue bound; alerts beyond it are dropped and counted (a dead webhook cannot grow memory). */
  maxPending?: number;
}

export interface DispatchStats {
  delivered: Record<string, number>;
  failed: Record<string, number>;
  dropped: Record<string, number>;
  pending: number;
}

export interface FlushResult {
  /** True when every queued delivery settled within the timeout. */
  complete: boolean;
  /** Deliveries abandoned (aborted) at the timeout. */
  abandoned: number;
}

/**
 * Queues each alert on every sink (one ordered queue per sink) and returns at once; sinks run concurrently with each
 * other and with the caller.
 * @example
 * const alerts = new AlertDispatcher({ sinks: [logSink(log), fileSink("runs/daily/alerts.jsonl")], logger: log });
 * alerts.dispatch(evaluateAlertRules(snapshot)); // returns immediately
 * await alerts.flush(5_000);                       // at shutdown
 */
export class AlertDispatcher {
  readonly #sinks: readonly AlertSink[];
  readonly #log: Logger;
  readonly #maxPending: number;
  readonly #tails = new Map<string, Promise<void>>();
  readonly #pending = new Map<string, number>();
  readonly #stats = { delivered: {} as Record<string, number>, failed: {} as Record<string, number>, dropped: {} as Record<string, number> };
  #abort = new AbortController();

  constructor(opts: DispatcherOptions) {
    this.#sinks = opts.sinks;
    this.#log = opts.logger ?? silentLogger;
    this.#maxPending = opts.maxPending ?? 1_000;
    for (const s of this.#sinks) {
      this.#tails.set(s.name, Promise.resolve());
      this.#pending.set(s.name, 0);
      this.#stats.delivered[s.name] = 0;
      this.#stats.failed[s.name] = 0;
      this.#stats.dropped[s.name] = 0;
    }
  }

  /** Queues `alerts` on every sink; never throws, never waits. */
  dispatch(alerts: Alert | readonly Alert[]): void {
    const list: readonly Alert[] = Array.isArray(alerts) ? alerts : [alerts as Alert];
    for (const sink of this.#sinks) {
      for (const a of list) this.#enqueue(sink, a);
    }
  }

  #enqueue(sink: AlertSink, a: Alert): void {
    const n = this.#pending.get(sink.name) ?? 0;
    if (n >= this.#maxPending) {
      this.#stats.dropped[sink.name] = (this.#stats.dropped[sink.name] ?? 0) + 1;
      this.#log.warn({ sink: sink.name, code: a.code }, "alert dropped: sink queue full");
      return;
    }
    this.#pending.set(sink.name, n + 1);
    const signal = this.#abort.signal;
    const run = async () => {
      try {
        if (signal.aborted) throw signal.reason as Error;
        await sink.deliver(a, signal);
        this.#stats.delivered[sink.name] = (this.#stats.delivered[sink.name] ?? 0) + 1;
      } catch (e) {
        this.#stats.failed[sink.name] = (this.#stats.failed[sink.name] ?? 0) + 1;
        this.#log.warn({ sink: sink.name, code: a.code, err: (e as Error).message }, "alert delivery failed");
      } finally {
        this.#pending.set(sink.name, (this.#pending.get(sink.name) ?? 1) - 1);
      }
    };
    // Chained on the sink's tail: ordered per sink; the caller's stack is never involved.
    this.#tails.set(sink.name, (this.#tails.get(sink.name) ?? Promise.resolve()).then(run));
  }

  /** Counts of delivered / failed / dropped alerts per sink and the number still queued. */
  stats(): DispatchStats {
    const pending = [...this.#pending.values()].reduce((s, x) => s + x, 0);
    return { delivered: { ...this.#stats.delivered }, failed: { ...this.#stats.failed }, dropped: { ...this.#stats.dropped }, pending };
  }

  /** Waits up to `timeoutMs` for queued deliveries; then aborts the rest (they count as failed) and resolves. */
  async flush(timeoutMs: number): Promise<FlushResult> {
    const all = Promise.all(this.#tails.values()).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const complete = await Promise.race([all, timeout]);
    clearTimeout(timer);
    if (complete) return { complete: true, abandoned: 0 };
    const abandoned = this.stats().pending;
    this.#abort.abort(new Error(`alert flush timed out after ${timeoutMs} ms`));
    this.#abort = new AbortController();
    await Promise.all(this.#tails.values());
    return { complete: false, abandoned };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.flush(5_000);
  }
}
