// The one message envelope (DESIGN 3): request header {v, id, method, params}; reply header
// {v, id, ok: true, result} | {v, id, ok: false, error}; progress event {v, id, event, data}.
import { z } from "zod";
import { ERROR_CODES } from "./errors.ts";
import { ShmSegmentName } from "./tensor.ts";

export const PROTOCOL_VERSION = 1;

/** Default cap on one message (all frames together). Both ends enforce it. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 * 1024;

/** A local client's offer of shared memory for reply tensors: bytes [offset, offset + size) of `seg`. */
export const ReplyShmSchema = z
  .object({
    seg: ShmSegmentName,
    offset: z.number().int().min(0),
    size: z.number().int().min(0),
    minBytes: z.number().int().min(0),
  })
  .strict();
export type ReplyShm = z.infer<typeof ReplyShmSchema>;

export const RequestHeaderSchema = z
  .object({
    v: z.literal(PROTOCOL_VERSION),
    id: z.string().min(1).max(128),
    method: z.string().min(1).max(128),
    params: z.record(z.string(), z.unknown()),
    replyShm: ReplyShmSchema.optional(),
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

// `shmPinned`: the handler kept request arrays that live in the call's shared-memory segment, so
// the client must never write that segment again.
export const ReplyHeaderSchema = z.union([
  z
    .object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(true), result: z.record(z.string(), z.unknown()), shmPinned: z.literal(true).optional() })
    .strict(),
  z
    .object({ v: z.literal(PROTOCOL_VERSION), id: z.string(), ok: z.literal(false), error: ErrorBodySchema, shmPinned: z.literal(true).optional() })
    .strict(),
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
