// Tensors as they cross the bridge: a descriptor {dtype, shape, frame} in the msgpack header and
// the raw little-endian bytes in a frame of their own (DESIGN 3), or, between a client and a worker
// on the same host, {dtype, shape, shm: {seg, offset}} with the bytes in a shared-memory segment. This file owns the in-memory
// Tensor type, dtype table and the zod helper that declares a tensor field in a contract.
import { z } from "zod";

export const DTYPES = ["float32", "float64", "int32", "int64", "uint8", "bool"] as const;
export type DType = (typeof DTYPES)[number];

export type TypedArrayOf<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : D extends "int32"
      ? Int32Array
      : D extends "int64"
        ? BigInt64Array
        : Uint8Array;

export type AnyTypedArray = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export const ITEMSIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, int64: 8, uint8: 1, bool: 1 };

/** An n-d array: row-major (C order) data plus shape. `bool` is stored as one byte per value. */
export class Tensor<D extends DType = DType> {
  constructor(
    readonly dtype: D,
    readonly shape: readonly number[],
    readonly data: TypedArrayOf<D>,
  ) {
    const n = shape.reduce((a, b) => a * b, 1);
    if (shape.some((s) => !Number.isInteger(s) || s < 0)) throw new TypeError(`Tensor: bad shape [${shape.join(", ")}]`);
    if (data.length !== n) {
      throw new TypeError(`Tensor: ${dtype} data has ${data.length} elements, shape [${shape.join(", ")}] needs ${n}`);
    }
  }

  get size(): number {
    return this.data.length;
  }

  get nbytes(): number {
    return this.data.byteLength;
  }

  static float32(data: Float32Array, shape: readonly number[]): Tensor<"float32"> {
    return new Tensor("float32", shape, data);
  }

  static float64(data: Float64Array, shape: readonly number[]): Tensor<"float64"> {
    return new Tensor("float64", shape, data);
  }
}

export function typedArrayFor(dtype: DType, buf: ArrayBuffer, byteOffset: number, length: number): AnyTypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(buf, byteOffset, length);
    case "float64":
      return new Float64Array(buf, byteOffset, length);
    case "int32":
      return new Int32Array(buf, byteOffset, length);
    case "int64":
      return new BigInt64Array(buf, byteOffset, length);
    case "uint8":
    case "bool":
      return new Uint8Array(buf, byteOffset, length);
  }
}

export type TensorSpec = {
  /** Allowed dtypes; default: any. */
  dtype?: readonly DType[];
  /** Required rank (number of dimensions); default: any. */
  rank?: number;
  /** Reject NaN / +-inf (checked on both ends before any handler runs). */
  finite?: boolean;
};

/** Name of a shared-memory segment file in /dev/shm (bridge/shm.ts): no path, no dots. */
export const SHM_SEGMENT_RE = /^t2-[0-9a-z][0-9a-z-]{0,95}$/;
export const ShmSegmentName = z.string().regex(SHM_SEGMENT_RE);

/** Alignment of tensor offsets in a shared-memory segment (every dtype's, and a cache line). */
export const SHM_ALIGN = 64;

/** Wire descriptor of a tensor inside a header: its bytes in a frame, or in a shared-memory segment. */
export const TensorDescSchema = z.union([
  z
    .object({
      dtype: z.enum(DTYPES),
      shape: z.array(z.number().int().min(0)),
      frame: z.number().int().min(1),
    })
    .strict(),
  z
    .object({
      dtype: z.enum(DTYPES),
      shape: z.array(z.number().int().min(0)),
      shm: z.object({ seg: ShmSegmentName, offset: z.number().int().min(0).multipleOf(SHM_ALIGN) }).strict(),
    })
    .strict(),
]);
export type TensorDesc = z.infer<typeof TensorDescSchema>;

export const TENSOR_META_KEY = "x-tensor";

function firstNonFinite(a: Float32Array | Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i;
  return -1;
}

/** Declares a tensor field in a method's params/result. Validates dtype and rank of a decoded Tensor. */
export function tensor<D extends DType = DType>(spec: TensorSpec & { dtype?: readonly D[] } = {}) {
  return z
    .custom<Tensor<D>>((v) => v instanceof Tensor, { message: "expected a Tensor" })
    .superRefine((t, ctx) => {
      if (spec.dtype && !spec.dtype.includes(t.dtype as D)) {
        ctx.addIssue({ code: "custom", message: `bad tensor: dtype ${t.dtype} not allowed (want ${spec.dtype.join("|")})` });
      }
      if (spec.rank !== undefined && t.shape.length !== spec.rank) {
        ctx.addIssue({ code: "custom", message: `bad tensor: rank ${t.shape.length}, want ${spec.rank}` });
      }
      if (spec.finite && (t.data instanceof Float32Array || t.data instanceof Float64Array)) {
        const bad = firstNonFinite(t.data);
        if (bad >= 0) ctx.addIssue({ code: "custom", message: `non-finite value at flat index ${bad}` });
      }
    })
    .meta({ [TENSOR_META_KEY]: { dtype: spec.dtype ?? DTYPES, rank: spec.rank ?? null, finite: spec.finite ?? false } });
}
