// Fault injection for the simulated month: a WorkerApi that forwards every call to a real worker, except the calls
// a test switches to fail (a dead worker at inference, a solver failure on the max-Sharpe call).
import { BridgeError, type CallOptions, type MethodName, type Params, type Result, type WorkerApi } from "../../../bridge/index.ts";

export type Fault = "predict_dead" | "optimize_failed";

export class FaultyWorker implements WorkerApi {
  readonly faults = new Set<Fault>();
  readonly calls: string[] = [];
  constructor(private readonly inner: WorkerApi) {}

  call<M extends MethodName>(method: M, params: Params<M>, opts?: CallOptions): Promise<Result<M>> {
    this.calls.push(method);
    if (method === "model.predict" && this.faults.has("predict_dead")) {
      return Promise.reject(new BridgeError("WORKER_DEAD", "the worker process exited during the call (injected)", {}, method));
    }
    if (method === "portfolio.optimize" && this.faults.has("optimize_failed") && (params as { method?: string }).method === "max_sharpe_floor") {
      return Promise.reject(new BridgeError("SOLVER_FAILED", "no convergence (injected)", {}, method));
    }
    return this.inner.call(method, params, opts);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
