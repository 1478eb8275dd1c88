// The in-process worker (pythonia): for scripts and notebooks; no sockets, no process to manage.
import { PythoniaTransport, WorkerClient } from "../../bridge/index.ts";
import { REPO_ROOT, workerPython } from "./pythonEnv.ts";

/** Starts Python in this process via pythonia; always `await w.close()` (Node never exits otherwise). */
export async function startInProcess(opts: { python?: string; allowDebug?: boolean; defaultTimeoutMs?: number } = {}): Promise<WorkerClient> {
  const transport = await PythoniaTransport.create({ python: opts.python ?? workerPython(), root: REPO_ROOT, allowDebug: opts.allowDebug ?? false });
  return new WorkerClient(transport, { defaultTimeoutMs: opts.defaultTimeoutMs ?? 60_000 });
}
