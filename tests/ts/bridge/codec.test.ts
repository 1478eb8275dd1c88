// Codec: every dtype round-trips bit-exactly, encoding is zero-copy, bad frames are typed errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BridgeError, decode, encode, Tensor } from "../../../bridge/index.ts";

describe("codec", () => {
  it("round-trips every dtype bit-exactly, nested in objects and arrays", () => {
    const params = {
      a: new Tensor("float32", [2, 2], Float32Array.from([1.5, -2, Number.NaN, Infinity])),
      nested: { b: new Tensor("float64", [3], Float64Array.from([1e-300, -0, 7])) },
      list: [new Tensor("int32", [2], Int32Array.from([-1, 2 ** 31 - 1])), new Tensor("int64", [1], BigInt64Array.from([-(2n ** 62n)]))],
      u8: new Tensor("uint8", [3], Uint8Array.from([0, 128, 255])),
      flag: new Tensor("bool", [2], Uint8Array.from([1, 0])),
      n: 3,
      s: "x",
    };
    const frames = encode({ v: 1, id: "1", method: "m", params }, "params");
    expect(frames).toHaveLength(7);
    const back = decode(frames, "params").params as typeof params;
    expect(Array.from(back.a.data)).toEqual(Array.from(params.a.data));
    expect(back.a.shape).toEqual([2, 2]);
    expect(Object.is(back.nested.b.data[1], -0)).toBe(true);
    expect(back.list[1]!.data[0]).toBe(-(2n ** 62n));
    expect(Array.from(back.u8.data)).toEqual([0, 128, 255]);
    expect(back.flag.dtype).toBe("bool");
    expect(back.n).toBe(3);
  });

  it("sends tensor bytes without copying and views aligned frames without copying", () => {
    const x = new Tensor("float32", [4], Float32Array.from([1, 2, 3, 4]));
    const frames = encode({ v: 1, id: "1", method: "m", params: { x } }, "params");
    expect(frames[1]!.buffer).toBe(x.data.buffer);
    const back = decode(frames, "params").params as { x: Tensor<"float32"> };
    expect(back.x.data.buffer).toBe(x.data.buffer);
  });

  it("copies an unaligned frame instead of failing", () => {
    const big = Buffer.alloc(9);
    Buffer.from(Float64Array.from([42]).buffer).copy(big, 1);
    const header = encode({ v: 1, id: "1", result: { x: { dtype: "float64", shape: [1], frame: 1 } } })[0]!;
    const back = decode([header, big.subarray(1)], "result").result as { x: Tensor<"float64"> };
    expect(back.x.data[0]).toBe(42);
  });

  it("rejects a frame whose size does not match its descriptor", () => {
    const header = encode({ v: 1, id: "1", result: { x: { dtype: "float32", shape: [3], frame: 1 } } })[0]!;
    expect(() => decode([header, Buffer.alloc(8)], "result")).toThrowError(/needs 12 bytes, frame has 8/);
  });

  it("rejects garbage headers with BAD_MESSAGE", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        try {
          decode([Buffer.from(bytes)], "result");
        } catch (e) {
          return e instanceof BridgeError && ["BAD_MESSAGE", "BAD_TENSOR"].includes(e.code);
        }
        return true; // some random bytes are valid msgpack maps
      }),
      { numRuns: 300 },
    );
  });

  it("Tensor checks its shape against its data", () => {
    expect(() => new Tensor("float32", [2, 2], new Float32Array(3))).toThrowError(/needs 4/);
  });
});
