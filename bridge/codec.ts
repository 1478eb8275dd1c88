// Wire codec (DESIGN 3), TypeScript side: frame 0 = msgpack header (useRecords: false so Python can
// read it), each Tensor = descriptor {dtype, shape, frame} + its raw little-endian bytes in its own
// frame. Encoding is zero-copy (Buffer views over the typed arrays: do not mutate a tensor until
// its reply arrives); decoding is zero-copy when the frame is aligned for the dtype.
import { endianness } from "node:os";
import { Packr } from "msgpackr";
import { BridgeError, ErrorCode } from "./contract/errors.ts";
import { ITEMSIZE, DTYPES, Tensor, typedArrayFor, type DType } from "./contract/tensor.ts";

if (endianness() !== "LE") throw new Error("the bridge's wire format is little-endian; this platform is not");

const packr = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" });

export type Frames = Buffer[];

function toPlain(value: unknown, frames: Buffer[]): unknown {
  if (value instanceof Tensor) {
    const d = value.data;
    frames.push(Buffer.from(d.buffer, d.byteOffset, d.byteLength));
    return { dtype: value.dtype, shape: [...value.shape], frame: frames.length };
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, frames));
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlain(v, frames);
    return out;
  }
  return value;
}

/** Packs a header whose `bodyKey` value may contain Tensors (they become frames). */
export function encode(header: Record<string, unknown>, bodyKey?: string): Frames {
  const frames: Buffer[] = [];
  const h = bodyKey === undefined ? header : { ...header, [bodyKey]: toPlain(header[bodyKey], frames) };
  return [packr.pack(h), ...frames];
}

function isDesc(v: unknown): v is { dtype: unknown; shape: unknown; frame: number } {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 3 && "dtype" in v && "shape" in v && "frame" in v && Number.isInteger((v as { frame: unknown }).frame);
}

function tensorFrom(desc: { dtype: unknown; shape: unknown; frame: number }, frames: Frames, path: string): Tensor {
  const bad = (msg: string) => new BridgeError(ErrorCode.BAD_TENSOR, `${path}: ${msg}`, { path });
  if (typeof desc.dtype !== "string" || !(DTYPES as readonly string[]).includes(desc.dtype)) throw bad(`unknown dtype ${String(desc.dtype)}`);
  const dtype = desc.dtype as DType;
  if (!Array.isArray(desc.shape) || !desc.shape.every((s) => Number.isInteger(s) && s >= 0)) throw bad("shape must be non-negative ints");
  const shape = desc.shape as number[];
  const buf = frames[desc.frame];
  if (desc.frame < 1 || buf === undefined) throw bad(`frame ${desc.frame} missing (message has ${frames.length} frames)`);
  const n = shape.reduce((a, b) => a * b, 1);
  const itemsize = ITEMSIZE[dtype];
  if (buf.byteLength !== n * itemsize) throw bad(`${dtype}[${shape.join(", ")}] needs ${n * itemsize} bytes, frame has ${buf.byteLength}`);
  let src: Buffer = buf;
  if (buf.byteOffset % itemsize !== 0) src = Buffer.from(buf); // unaligned: one copy
  const data = typedArrayFor(dtype, src.buffer as ArrayBuffer, src.byteOffset, n);
  return new Tensor(dtype, shape, data as never);
}

function fromPlain(value: unknown, frames: Frames, path: string): unknown {
  if (isDesc(value)) return tensorFrom(value, frames, path);
  if (Array.isArray(value)) return value.map((v, i) => fromPlain(v, frames, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromPlain(v, frames, `${path}.${k}`);
    return out;
  }
  return value;
}

/** Unpacks frame 0 and turns tensor descriptors under `bodyKey` into Tensors over their frames. */
export function decode(frames: Frames, bodyKey?: string): Record<string, unknown> {
  const first = frames[0];
  if (first === undefined) throw new BridgeError(ErrorCode.BAD_MESSAGE, "empty message");
  let header: unknown;
  try {
    header = packr.unpack(first);
  } catch (e) {
    throw new BridgeError(ErrorCode.BAD_MESSAGE, `header frame is not valid msgpack (${(e as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new BridgeError(ErrorCode.BAD_MESSAGE, "header must be a map");
  }
  const h = header as Record<string, unknown>;
  if (bodyKey !== undefined && bodyKey in h) h[bodyKey] = fromPlain(h[bodyKey], frames, bodyKey);
  return h;
}

export function messageBytes(frames: Frames): number {
  let n = 0;
  for (const f of frames) n += f.byteLength;
  return n;
}
