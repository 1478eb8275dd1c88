// Writes the shared contract fixtures (tests/fixtures/contract/*.json): valid and invalid request
// messages as base64 frames, each with the outcome both the vitest and pytest suites must reach.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Packr } from "msgpackr";
import { encode, Tensor, type Frames } from "../index.ts";

const packr = new Packr({ useRecords: false });
const dir = resolve(import.meta.dirname, "../../tests/fixtures/contract");

type Fixture = { name: string; description: string; frames: Frames; expect: { ok: true; method: string } | { code: string } };

const f32 = (vals: number[], shape: number[]) => new Tensor("float32", shape, Float32Array.from(vals));
const req = (method: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  encode({ v: 1, id: "fx-1", method, params, ...extra }, "params");
const rawHeader = (h: unknown, ...rest: Buffer[]): Frames => [packr.pack(h), ...rest];

const fixtures: Fixture[] = [
  { name: "health-ok", description: "health with empty params", frames: req("health", {}), expect: { ok: true, method: "health" } },
  { name: "echo-f32-ok", description: "echo of a 2x3 float32 tensor", frames: req("echo", { x: f32([1, 2, 3, 4, 5, 6], [2, 3]) }), expect: { ok: true, method: "echo" } },
  {
    name: "echo-int64-ok",
    description: "echo of an int64 vector",
    frames: req("echo", { x: new Tensor("int64", [3], BigInt64Array.from([1n, -2n, 3n])) }),
    expect: { ok: true, method: "echo" },
  },
  { name: "echo-bool-ok", description: "echo of a bool tensor", frames: req("echo", { x: new Tensor("bool", [4], Uint8Array.from([1, 0, 1, 1])) }), expect: { ok: true, method: "echo" } },
  { name: "echo-empty-ok", description: "echo of a (0, 5) tensor (empty frame)", frames: req("echo", { x: new Tensor("float64", [0, 5], new Float64Array(0)) }), expect: { ok: true, method: "echo" } },
  { name: "sleep-ok", description: "a long job's params", frames: req("debug.sleep", { seconds: 0.01, steps: 2 }), expect: { ok: true, method: "debug.sleep" } },
  { name: "unknown-method", description: "method not in the contract", frames: req("no.such.method", {}), expect: { code: "UNKNOWN_METHOD" } },
  { name: "bad-version", description: "protocol version 99", frames: rawHeader({ v: 99, id: "fx-1", method: "health", params: {} }), expect: { code: "UNSUPPORTED_VERSION" } },
  { name: "garbage-bytes", description: "frame 0 is not msgpack", frames: [Buffer.from([0xc1, 0xff, 0x00, 0x13])], expect: { code: "BAD_MESSAGE" } },
  { name: "header-not-map", description: "frame 0 is a msgpack array", frames: rawHeader([1, 2, 3]), expect: { code: "BAD_MESSAGE" } },
  { name: "header-missing-params", description: "no params key", frames: rawHeader({ v: 1, id: "fx-1", method: "health" }), expect: { code: "BAD_MESSAGE" } },
  { name: "header-extra-key", description: "unknown envelope key", frames: rawHeader({ v: 1, id: "fx-1", method: "health", params: {}, evil: 1 }), expect: { code: "BAD_MESSAGE" } },
  { name: "params-extra-key", description: "health takes no params", frames: req("health", { verbose: true }), expect: { code: "INVALID_PARAMS" } },
  { name: "params-wrong-type", description: "seconds is a string", frames: req("debug.sleep", { seconds: "1", steps: 2 }), expect: { code: "INVALID_PARAMS" } },
  { name: "params-out-of-range", description: "steps = 0", frames: req("debug.sleep", { seconds: 1, steps: 0 }), expect: { code: "INVALID_PARAMS" } },
  {
    name: "tensor-byte-length",
    description: "descriptor says float32[2,3] (24 bytes) but the frame has 20",
    frames: rawHeader({ v: 1, id: "fx-1", method: "echo", params: { x: { dtype: "float32", shape: [2, 3], frame: 1 } } }, Buffer.alloc(20)),
    expect: { code: "BAD_TENSOR" },
  },
  {
    name: "tensor-missing-frame",
    description: "descriptor points at frame 2, message has 2 frames",
    frames: rawHeader({ v: 1, id: "fx-1", method: "echo", params: { x: { dtype: "float32", shape: [1], frame: 2 } } }, Buffer.alloc(4)),
    expect: { code: "BAD_TENSOR" },
  },
  { name: "tensor-wrong-dtype", description: "echo.finite wants a float tensor, gets int32", frames: req("echo.finite", { x: new Tensor("int32", [1, 2], Int32Array.from([1, 2])) }), expect: { code: "BAD_TENSOR" } },
  { name: "tensor-wrong-rank", description: "echo.finite wants rank 2, gets rank 1", frames: req("echo.finite", { x: f32([1, 2], [2]) }), expect: { code: "BAD_TENSOR" } },
  { name: "tensor-nan", description: "NaN where the contract forbids it", frames: req("echo.finite", { x: f32([1, Number.NaN, 3, 4], [2, 2]) }), expect: { code: "NON_FINITE" } },
  { name: "tensor-inf", description: "inf where the contract forbids it", frames: req("echo.finite", { x: new Tensor("float64", [1, 2], Float64Array.from([Infinity, 0])) }), expect: { code: "NON_FINITE" } },
  { name: "tensor-nan-allowed", description: "NaN is fine in plain echo", frames: req("echo", { x: f32([Number.NaN], [1]) }), expect: { ok: true, method: "echo" } },
  {
    name: "reply-shm-ok",
    description: "health with a shared-memory reply offer (a worker without segments ignores it)",
    frames: req("health", {}, { replyShm: { seg: "t2-1-0badcafe-1", offset: 0, size: 1024, minBytes: 65536 } }),
    expect: { ok: true, method: "health" },
  },
  {
    name: "reply-shm-bad-seg",
    description: "reply offer names a path, not a segment",
    frames: req("health", {}, { replyShm: { seg: "../../etc/passwd", offset: 0, size: 1024, minBytes: 0 } }),
    expect: { code: "BAD_MESSAGE" },
  },
  {
    name: "tensor-shm-no-segments",
    description: "a shared-memory tensor sent where no segments are accepted (remote or in-process)",
    frames: rawHeader({ v: 1, id: "fx-1", method: "echo", params: { x: { dtype: "float32", shape: [2], shm: { seg: "t2-1-0badcafe-1", offset: 0 } } } }),
    expect: { code: "BAD_TENSOR" },
  },
  {
    name: "tensor-shm-bad-seg",
    description: "shared-memory tensor whose segment name is a path",
    frames: rawHeader({ v: 1, id: "fx-1", method: "echo", params: { x: { dtype: "float32", shape: [2], shm: { seg: "../../etc/passwd", offset: 0 } } } }),
    expect: { code: "BAD_TENSOR" },
  },
  {
    name: "tensor-shm-and-frame",
    description: "descriptor with both a frame and a segment",
    frames: rawHeader(
      { v: 1, id: "fx-1", method: "echo", params: { x: { dtype: "float32", shape: [1], frame: 1, shm: { seg: "t2-1-0badcafe-1", offset: 0 } } } },
      Buffer.alloc(4),
    ),
    expect: { code: "BAD_TENSOR" },
  },
];

mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith(".json")) rmSync(resolve(dir, f));
for (const fx of fixtures) {
  const doc = {
    $comment: "GENERATED by `npx tsx bridge/scripts/gen-fixtures.ts`. Do not edit by hand.",
    name: fx.name,
    description: fx.description,
    frames: fx.frames.map((b) => b.toString("base64")),
    expect: fx.expect,
  };
  writeFileSync(resolve(dir, `${fx.name}.json`), JSON.stringify(doc, null, 2) + "\n");
}
console.log(`wrote ${fixtures.length} fixtures to tests/fixtures/contract/`);
