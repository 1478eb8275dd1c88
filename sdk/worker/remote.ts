// A worker somewhere else (e.g. a GPU box): a plain client to its endpoint, CURVE when keyed. When the
// endpoint is ipc or loopback and the worker reports a shared-memory directory, big tensors go through
// shared memory, but only after a handshake proves that both ends see the same files (a loopback
// port may be an SSH tunnel to another host).
import { randomBytes } from "node:crypto";
import { ShmPool, Tensor, WorkerClient, ZmqTransport, type ShmOptions } from "../../bridge/index.ts";

export type RemoteOptions = {
  endpoint: string;
  /** The worker's Z85 public key (printed by `python -m pyworker serve` when keyed). */
  serverPublicKey?: string;
  defaultTimeoutMs?: number;
  /**
   * Shared memory with a worker on this host (ipc or loopback endpoint; default on). `dir` is where
   * this process sees the worker's segment directory (default: the directory the worker reports),
   * e.g. a container's mount of the host's /dev/shm. `false`, or `T2_SHM=0`: frames only.
   */
  shm?: false | ShmOptions;
};

const HANDSHAKE_MAX_BYTES = 64 * 1024 * 1024;

/** True for ipc:// endpoints and tcp:// on a loopback address (the worker may share our /dev/shm). */
export function isLocalEndpoint(endpoint: string): boolean {
  if (endpoint.startsWith("ipc://")) return true;
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):/.exec(endpoint);
  const host = m?.[1];
  return host === "localhost" || host === "[::1]" || (host !== undefined && /^127\.\d+\.\d+\.\d+$/.test(host));
}

/**
 * Attaches a shared-memory pool when the worker offers one and an echo through it comes back intact;
 * otherwise leaves the client on frames. Returns whether shared memory is now in use.
 */
export async function tryShm(client: WorkerClient, opts: ShmOptions, timeoutMs: number): Promise<boolean> {
  const h = await client.call("health", {}, { timeoutMs });
  const dir = opts.dir ?? h.shm;
  if (dir === null || dir === undefined) return false;
  const pool = ShmPool.open({ ...opts, dir });
  if (pool === undefined) return false;
  const n = Math.max(pool.minBytes, 1);
  if (n > HANDSHAKE_MAX_BYTES) {
    pool.close(); // a probe of that size costs more than shared memory would save
    return false;
  }
  client.attachShm(pool);
  const probe = new Tensor("uint8", [n], new Uint8Array(randomBytes(n)));
  try {
    const r = await client.call("echo", { x: probe }, { timeoutMs });
    if (Buffer.compare(Buffer.from(r.x.data.buffer, r.x.data.byteOffset, r.x.data.byteLength), Buffer.from(probe.data)) === 0) return true;
  } catch {
    /* BAD_TENSOR: the worker cannot open our segment, so it does not see our files */
  }
  client.detachShm();
  return false;
}

/** Connects to a running worker; verifies it answers `ping` within the timeout. */
export async function connectRemote(opts: RemoteOptions): Promise<WorkerClient> {
  const client = new WorkerClient(
    new ZmqTransport({ endpoint: opts.endpoint, ...(opts.serverPublicKey ? { curveServerKey: opts.serverPublicKey } : {}) }),
    { defaultTimeoutMs: opts.defaultTimeoutMs ?? 60_000 },
  );
  const timeoutMs = Math.min(client.defaultTimeoutMs, 10_000);
  try {
    await client.call("ping", {}, { timeoutMs });
    if (opts.shm !== false && ShmPool.enabled && isLocalEndpoint(opts.endpoint)) await tryShm(client, opts.shm ?? {}, timeoutMs);
  } catch (e) {
    await client.close();
    throw e;
  }
  return client;
}
