// sdk/worker: runs the Python worker for the SDK (supervised local process, or a remote endpoint).
export { LocalWorker, type LocalWorkerOptions } from "./supervisor.ts";
export { connectRemote, type RemoteOptions } from "./remote.ts";
export { workerPython, REPO_ROOT } from "./pythonEnv.ts";
export { startInProcess } from "./inproc.ts";
