// webhookSink: POSTs each alert as JSON to a URL, with a per-attempt timeout and exponential-backoff retries.
import { z } from "zod";
import type { Alert } from "../alerts/types.ts";
import { MonitorError, MonitorErrorCode } from "../errors.ts";
import type { AlertSink } from "./types.ts";

export const WebhookOptions = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** Total attempts including the first. */
  attempts: z.number().int().min(1).max(20).default(4),
  /** Per-attempt timeout. */
  timeoutMs: z.number().int().positive().default(5_000),
  /** Delay before the 2nd attempt; doubles each retry up to maxBackoffMs. */
  backoffMs: z.number().int().min(0).default(250),
  maxBackoffMs: z.number().int().min(0).default(10_000),
  headers: z.record(z.string(), z.string()).default({}),
});
export type WebhookOptions = z.infer<typeof WebhookOptions>;

/** The delivery failed after every attempt; `attempts` lists what each one got. */
export class WebhookError extends Error {
  override readonly name = "WebhookError";
  constructor(
    message: string,
    readonly attempts: readonly string[],
  ) {
    super(message);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** 5xx, 408 and 429 are worth another try; other 4xx mean the request itself is wrong. */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * A sink POSTing `{...alert}` as JSON to `opts.url`. Network errors, timeouts, 408/429/5xx are retried with exponential
 * backoff (backoffMs, 2x, ... capped at maxBackoffMs); other 4xx fail at once. Aborting `signal` stops it between or
 * during attempts.
 * @example webhookSink({ url: "https://hooks.example.com/t2", attempts: 5 })
 */
export function webhookSink(options: z.input<typeof WebhookOptions>): AlertSink {
  const r = WebhookOptions.safeParse(options);
  if (!r.success) throw new MonitorError(MonitorErrorCode.BAD_CONFIG, `webhook: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const o = r.data;
  return {
    name: "webhook",
    async deliver(a: Alert, signal: AbortSignal): Promise<void> {
      const body = JSON.stringify(a);
      const log: string[] = [];
      for (let k = 0; k < o.attempts; k++) {
        if (k > 0) await sleep(Math.min(o.backoffMs * 2 ** (k - 1), o.maxBackoffMs), signal);
        try {
          const res = await fetch(o.url, {
            method: "POST",
            headers: { "content-type": "application/json", ...o.headers },
            body,
            signal: AbortSignal.any([signal, AbortSignal.timeout(o.timeoutMs)]),
          });
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) return;
          log.push(`HTTP ${res.status}`);
          if (!retryable(res.status)) break;
        } catch (e) {
          if (signal.aborted) throw signal.reason as Error;
          const err = e as Error;
          log.push(err.name === "TimeoutError" ? `timeout after ${o.timeoutMs} ms` : `${err.message}${err.cause ? ` (${(err.cause as Error).message})` : ""}`);
        }
      }
      throw new WebhookError(`webhook ${o.url}: ${a.code} not delivered after ${log.length} attempt(s): ${log.join("; ")}`, log);
    },
  };
}
