// The one message envelope (DESIGN 3): request header {v, id, method, params}; reply header
// {v, id, ok: true, result} | {v, id, ok: false, error}; progress event {v, id, event, data}.
import { z } from "zod";
import { ERROR_CODES } from "./errors.ts";

export const PROTOCOL_VERSION = 1;

/** Default cap on one message (all frames together). Both ends enforce it. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 * 1024;

export const RequestHeaderSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    id: z.string().min(1).max(128),
    method: z.string().min(1).max(128),
    params: z.record(z.string(), z.unknown()),
  })
  .strict();
export type RequestHeader = z.infer<typeof RequestHeaderSchema>;

export const ErrorBodySchema = z
  .object({
    code: z.enum(ERROR_CODES as unknown as [string, ...string[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .strict();
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const ReplyHeaderSchema = z.union([
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), result: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(false), error: ErrorBodySchema }).strict(),
  z
    .object({
      v: z.literal(PROTOCOL_VERSION),
      id: z.string(),
      event: z.literal("progress"),
      data: z.record(z.string(), z.unknown()),
    })
    .strict(),
]);
export type ReplyHeader = z.infer<typeof ReplyHeaderSchema>;

/** A progress event of a long job: free-form numbers/strings (epoch, loss, val Sharpe, ETA...). */
export const ProgressSchema = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));
export type Progress = z.infer<typeof ProgressSchema>;
