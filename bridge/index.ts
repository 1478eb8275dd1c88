// bridge/: the typed RPC between the SDK and the Python worker: contract (zod), codec, transports, client.
export * from "./contract/index.ts";
export { encode, decode, decodeBody, messageBytes, type Frames, type OutTensors } from "./codec.ts";
export { ShmPool, ShmCall, sweepStale, type ShmOptions, type ShmChannel } from "./shm.ts";
export { WorkerClient, type CallOptions, type ClientOptions, type WorkerApi } from "./client.ts";
export type { Transport } from "./transport/types.ts";
export { ZmqTransport, type ZmqTransportOptions } from "./transport/zmq.ts";
export { PythoniaTransport, type PythoniaOptions } from "./transport/pythonia.ts";
export { parseParams, validateRequestFrames } from "./validate.ts";
