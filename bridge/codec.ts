// Wire codec (DESIGN 3), TypeScript side: frame 0 = msgpack header (useRecords: false so Python can
// read it), each Tensor = descriptor {dtype, shape, frame} + its raw little-endian bytes in its own
// frame. Encoding is zero-copy (Buffer views over the typed arrays: do not mutate a tensor until
// its reply arrives); decoding is zero-copy when the frame is aligned for the dtype. With a
// ShmChannel (bridge/shm.ts, local workers), big tensors go through shared memory instead:
// {dtype, shape, shm: {seg, offset}}, copied in on encode and out into new memory on decode.
import { endianness } from "node:os";
import { Packr } from "msgpackr";
import { BridgeError, ErrorCode } from "./contract/errors.ts";
import { ITEMSIZE, DTYPES, Tensor, typedArrayFor, type DType } from "./contract/tensor.ts";
import type { ShmChannel } from "./shm.ts";

if (endianness() !== "LE") throw new Error("the bridge's wire format is little-endian; this platform is not");

const packr = new Packr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" });

export type Frames = Buffer[];

function toPlain(value: unknown, frames: Buffer[], shm: ShmChannel | undefined): unknown {
  if (value instanceof Tensor) {
    const d = value.data;
    const bytes = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    const at = shm?.put(bytes);
    if (at !== undefined) return { dtype: value.dtype, shape: [...value.shape], shm: at };
    frames.push(bytes);
    return { dtype: value.dtype, shape: [...value.shape], frame: frames.length };
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, frames, shm));
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlain(v, frames, shm);
    return out;
  }
  return value;
}

/**
 * Packs a header whose `bodyKey` value may contain Tensors (they become frames, or go through `shm`).
 * `extra` is called after the body is encoded and its fields join the header (the reply offer).
 */
export function encode(header: Record<string, unknown>, bodyKey?: string, shm?: ShmChannel, extra?: () => Record<string, unknown>): Frames {
  const frames: Buffer[] = [];
  const h = bodyKey === undefined ? header : { ...header, [bodyKey]: toPlain(header[bodyKey], frames, shm) };
  return [packr.pack(extra === undefined ? h : { ...h, ...extra() }), ...frames];
}

type Desc = { dtype: unknown; shape: unknown; frame?: number; shm?: { seg?: unknown; offset?: unknown } };

function isDesc(v: unknown): v is Desc {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 3 || !("dtype" in v) || !("shape" in v)) return false;
  if ("frame" in v) return Number.isInteger(v.frame);
  return "shm" in v && v.shm !== null && typeof v.shm === "object";
}

/** Result tensors to decode into caller-owned memory, by path below the body (e.g. "x", "w[0]"). */
export type OutTensors = Readonly<Record<string, Tensor>>;

function tensorFrom(desc: Desc, frames: Frames, path: string, shm: ShmChannel | undefined, out: Tensor | undefined): Tensor {
  const bad = (msg: string) => new BridgeError(ErrorCode.BAD_TENSOR, `${path}: ${msg}`, { path });
  if (typeof desc.dtype !== "string" || !(DTYPES as readonly string[]).includes(desc.dtype)) throw bad(`unknown dtype ${String(desc.dtype)}`);
  const dtype = desc.dtype as DType;
  if (!Array.isArray(desc.shape) || !desc.shape.every((s) => Number.isInteger(s) && s >= 0)) throw bad("shape must be non-negative ints");
  const shape = desc.shape as number[];
  const n = shape.reduce((a, b) => a * b, 1);
  const itemsize = ITEMSIZE[dtype];
  let target: Buffer | undefined;
  if (out !== undefined) {
    if (out.dtype !== dtype || out.nbytes !== n * itemsize) {
      throw bad(`the out tensor (${out.dtype}[${out.shape.join(", ")}]) cannot hold the reply's ${dtype}[${shape.join(", ")}]`);
    }
    target = Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  }
  if (desc.shm !== undefined) {
    if (shm === undefined) throw bad("shared-memory tensor, but this call has no shared-memory segment");
    const bytes = shm.get(desc.shm.seg, desc.shm.offset, target ?? Buffer.allocUnsafeSlow(n * itemsize), path);
    return new Tensor(dtype, shape, typedArrayFor(dtype, bytes.buffer as ArrayBuffer, bytes.byteOffset, n) as never);
  }
  const frame = desc.frame ?? 0;
  const buf = frames[frame];
  if (frame < 1 || buf === undefined) throw bad(`frame ${frame} missing (message has ${frames.length} frames)`);
  if (buf.byteLength !== n * itemsize) throw bad(`${dtype}[${shape.join(", ")}] needs ${n * itemsize} bytes, frame has ${buf.byteLength}`);
  let src: Buffer = buf;
  if (target !== undefined) {
    buf.copy(target);
    src = target;
  } else if (buf.byteOffset % itemsize !== 0) src = Buffer.from(buf); // unaligned: one copy
  const data = typedArrayFor(dtype, src.buffer as ArrayBuffer, src.byteOffset, n);
  return new Tensor(dtype, shape, data as never);
}

/** Turns the tensor descriptors in a decoded header value into Tensors over their frames / `shm`. */
export function decodeBody(value: unknown, frames: Frames, path: string, shm?: ShmChannel, out?: OutTensors, key = ""): unknown {
  if (isDesc(value)) return tensorFrom(value, frames, path, shm, out?.[key]);
  const sub = (k: string) => (key === "" ? k : `${key}.${k}`);
  if (Array.isArray(value)) return value.map((v, i) => decodeBody(v, frames, `${path}[${i}]`, shm, out, `${key}[${i}]`));
  if (value !== null && typeof value === "object") {
    const res: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) res[k] = decodeBody(v, frames, `${path}.${k}`, shm, out, sub(k));
    return res;
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
  if (bodyKey !== undefined && bodyKey in h) h[bodyKey] = decodeBody(h[bodyKey], frames, bodyKey);
  return h;
}

export function messageBytes(frames: Frames): number {
  let n = 0;
  for (const f of frames) n += f.byteLength;
  return n;
}
