// The transport seam: something that carries multipart messages to a worker and back.
import type { Frames } from "../codec.ts";

export interface Transport {
  readonly kind: "zmq" | "pythonia";
  /** Sends one request message. Rejects only when the transport itself is unusable. */
  send(frames: Frames): Promise<void>;
  /** Registers the single consumer of incoming messages (replies and progress events). */
  onMessage(cb: (frames: Frames) => void): void;
  close(): Promise<void>;
}
