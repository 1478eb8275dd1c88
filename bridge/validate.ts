// Request validation on the TypeScript side, with the same error codes the worker uses: the client
// checks params before sending, and the shared contract fixtures are checked here and in pytest.
import { decode, messageBytes, type Frames } from "./codec.ts";
import { BridgeError, ErrorCode, METHODS, PROTOCOL_VERSION, RequestHeaderSchema, DEFAULT_MAX_MESSAGE_BYTES, type MethodName } from "./contract/index.ts";

/** Validates params against the method's zod schema; tensor issues map to BAD_TENSOR / NON_FINITE. */
export function parseParams(method: string, params: unknown): { success: true; data: unknown } {
  const def = (METHODS as Record<string, (typeof METHODS)[MethodName]>)[method];
  if (def === undefined) throw new BridgeError(ErrorCode.UNKNOWN_METHOD, `unknown method '${method}'`, { method });
  const parsed = def.params.safeParse(params);
  if (parsed.success) return { success: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.join(".") ?? "";
  const msg = issue?.message ?? "invalid params";
  const code = msg.startsWith("non-finite") ? ErrorCode.NON_FINITE : msg.startsWith("bad tensor") || msg === "expected a Tensor" ? ErrorCode.BAD_TENSOR : ErrorCode.INVALID_PARAMS;
  throw new BridgeError(code, `${path ? `at '${path}': ` : ""}${msg}`, { issues: parsed.error.issues }, method);
}

/** Decodes and validates a whole request message, as the worker does before any handler runs. */
export function validateRequestFrames(frames: Frames, maxBytes = DEFAULT_MAX_MESSAGE_BYTES): { id: string; method: string; params: unknown } {
  const size = messageBytes(frames);
  if (size > maxBytes) throw new BridgeError(ErrorCode.TOO_LARGE, `message of ${size} bytes exceeds the limit of ${maxBytes}`);
  const header = decode(frames);
  if (header.v !== PROTOCOL_VERSION) {
    throw new BridgeError(ErrorCode.UNSUPPORTED_VERSION, `protocol v=${String(header.v)}, this side speaks v=${PROTOCOL_VERSION}`);
  }
  const env = RequestHeaderSchema.safeParse(header);
  if (!env.success) throw new BridgeError(ErrorCode.BAD_MESSAGE, `malformed header: ${env.error.issues[0]?.message ?? ""}`);
  if (!(env.data.method in METHODS)) {
    throw new BridgeError(ErrorCode.UNKNOWN_METHOD, `unknown method '${env.data.method}'`, { method: env.data.method });
  }
  const withTensors = decode(frames, "params");
  const { data } = parseParams(env.data.method, withTensors.params);
  return { id: env.data.id, method: env.data.method, params: data };
}
