// Test helper: a real worker on a fresh loopback port, closed with `await using`.
import { BridgeError, ShmPool, WorkerClient, ZmqTransport, type ShmOptions } from "../../../bridge/index.ts";
import { silentLogger } from "../../../sdk/log/index.ts";
import { workerPython } from "../../../sdk/worker/index.ts";
import { spawnWorker, type Spawned } from "../../../sdk/worker/spawn.ts";

export type TestWorker = Spawned & { client: WorkerClient; [Symbol.asyncDispose](): Promise<void> };

export async function startTestWorker(
  args: string[] = [],
  clientOpts: { curveServerKey?: string; maxMessageBytes?: number; shm?: ShmOptions } = {},
  env?: Record<string, string>,
): Promise<TestWorker> {
  const s = await spawnWorker({ python: workerPython(), transport: "tcp", logger: silentLogger, startTimeoutMs: 60_000, args, ...(env ? { env } : {}) });
  const { shm: shmOpts, ...transportOpts } = clientOpts;
  const pool = shmOpts !== undefined && s.shm !== undefined ? ShmPool.open({ ...shmOpts, dir: s.shm }) : undefined;
  if (shmOpts !== undefined && pool === undefined) throw new Error(`the test worker offers no shared memory (ready line: ${String(s.shm)})`);
  const client = new WorkerClient(new ZmqTransport({ endpoint: s.endpoint, ...transportOpts }), {
    defaultTimeoutMs: 20_000,
    ...(clientOpts.maxMessageBytes !== undefined ? { maxMessageBytes: clientOpts.maxMessageBytes } : {}),
    ...(pool ? { shm: pool } : {}),
  });
  return {
    ...s,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      const gone = new Promise<void>((r) => (s.child.exitCode !== null ? r() : s.child.once("exit", () => r())));
      s.child.kill("SIGTERM");
      const t = setTimeout(() => s.child.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(t);
    },
  };
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(cond: () => boolean, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

/** The BridgeError code a call fails with, or "OK" when it succeeds. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BridgeError) return e.code;
    throw e;
  }
  return "OK";
}
