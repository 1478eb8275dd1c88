// Typed arrays <-> JSON-safe records ({dtype, b64}) for the state file. Little-endian, as every platform we run on.

export type TypedArray = Float64Array | Float32Array | Int32Array | Int8Array | Uint8Array;
export type Encoded = { readonly dtype: "float64" | "float32" | "int32" | "int8" | "uint8"; readonly b64: string };

const CTORS = { float64: Float64Array, float32: Float32Array, int32: Int32Array, int8: Int8Array, uint8: Uint8Array } as const;

export function dtypeOf(a: unknown): Encoded["dtype"] | undefined {
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Int8Array) return "int8";
  if (a instanceof Uint8Array) return "uint8";
  return undefined;
}

export function encodeArray(a: TypedArray): Encoded {
  const dtype = dtypeOf(a);
  if (dtype === undefined) throw new TypeError("encodeArray: not a supported typed array");
  return { dtype, b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64") };
}

export function decodeArray(e: Encoded): TypedArray {
  const ctor = CTORS[e.dtype];
  if (ctor === undefined) throw new TypeError(`decodeArray: unknown dtype ${String(e.dtype)}`);
  const buf = Buffer.from(e.b64, "base64");
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  if (copy.byteLength % ctor.BYTES_PER_ELEMENT !== 0) throw new RangeError(`decodeArray: ${copy.byteLength} bytes is not a whole number of ${e.dtype}`);
  return new ctor(copy.buffer, 0, copy.byteLength / ctor.BYTES_PER_ELEMENT);
}
