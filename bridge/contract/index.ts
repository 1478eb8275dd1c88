// bridge/contract: the typed RPC contract between the SDK and the Python worker, written once.
// Every method is a zod schema pair; `Params<M>`/`Result<M>` are z.infer of them.
import type { z } from "zod";
import * as core from "./methods/core.ts";
import * as portfolio from "./methods/portfolio.ts";
import * as model from "./methods/model.ts";

export * from "./errors.ts";
export * from "./tensor.ts";
export * from "./envelope.ts";
export { defineMethod, type MethodDef } from "./define.ts";
export { OPTIMIZE_METHODS, WINDOW_METHODS } from "./methods/portfolio.ts";

const ALL = [core.health, core.ping, core.echo, core.echoFinite, core.sleep, core.crash, core.cancel, core.shutdown, portfolio.optimize,
  portfolio.optimizeWindows,
  model.datasetPut,
  model.datasetDrop,
  model.datasetTargets,
  model.modelPredict,
  model.trainRun,
] as const;

type ByName<T extends readonly { name: string }[]> = { [K in T[number] as K["name"]]: K };

/** Every method the worker serves, by wire name. */
export const METHODS = Object.fromEntries(ALL.map((m) => [m.name, m])) as unknown as ByName<typeof ALL>;

export type Methods = typeof METHODS;
export type MethodName = keyof Methods & string;
export type Params<M extends MethodName> = z.input<Methods[M]["params"]>;
export type Result<M extends MethodName> = z.output<Methods[M]["result"]>;
