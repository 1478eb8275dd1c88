// defineMethod: one RPC method = a name plus a zod schema pair (params, result) and call traits.
import type { z } from "zod";

export type MethodDef<N extends string = string, P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> = {
  readonly name: N;
  readonly description: string;
  /** Safe to retry on a fresh worker after a crash (no side effects beyond the reply). */
  readonly idempotent: boolean;
  /** A long job: runs in a worker thread, streams progress, can be cancelled. */
  readonly long?: boolean;
  readonly params: P;
  readonly result: R;
};

export function defineMethod<const N extends string, P extends z.ZodType, R extends z.ZodType>(
  def: MethodDef<N, P, R>,
): MethodDef<N, P, R> {
  return def;
}
