// A worker somewhere else (e.g. a GPU box): a plain client to its endpoint, CURVE when keyed.
import { WorkerClient, ZmqTransport } from "../../bridge/index.ts";

export type RemoteOptions = {
  endpoint: string;
  /** The worker's Z85 public key (printed by `python -m pyworker serve` when keyed). */
  serverPublicKey?: string;
  defaultTimeoutMs?: number;
};

/** Connects to a running worker; verifies it answers `ping` within the timeout. */
export async function connectRemote(opts: RemoteOptions): Promise<WorkerClient> {
  const client = new WorkerClient(
    new ZmqTransport({ endpoint: opts.endpoint, ...(opts.serverPublicKey ? { curveServerKey: opts.serverPublicKey } : {}) }),
    { defaultTimeoutMs: opts.defaultTimeoutMs ?? 60_000 },
  );
  try {
    await client.call("ping", {}, { timeoutMs: Math.min(client.defaultTimeoutMs, 10_000) });
  } catch (e) {
    await client.close();
    throw e;
  }
  return client;
}
