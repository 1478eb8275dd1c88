// ZeroMQ DEALER transport (never bare REQ: it wedges on a lost reply). Reconnects by itself;
// CURVE when given the server's public key (required for non-loopback endpoints).
//
// Hot path (issue 2, docs/benchmarks.md "Bridge"): replies are read with a plain `receive()` loop
// (no async-iterator result objects) and handed over as zeromq.js gives them: frames over 128 bytes
// are Buffers over the ZeroMQ message itself, never copied here. A send goes straight to the socket
// when none is in flight; only overlapping sends wait in a queue (zeromq.js allows one at a time).
import * as zmq from "zeromq";
import type { Frames } from "../codec.ts";
import type { Transport } from "./types.ts";

export type ZmqTransportOptions = {
  endpoint: string;
  /** Z85 public key of the worker; turns on CURVE encryption + authentication. */
  curveServerKey?: string;
  /** Messages over this size are dropped by libzmq on receive. */
  maxMessageBytes?: number;
};

type Queued = { frames: Frames; resolve: () => void; reject: (e: unknown) => void };

export class ZmqTransport implements Transport {
  readonly kind = "zmq" as const;
  private readonly sock: zmq.Dealer;
  private cb: (frames: Frames) => void = () => {};
  private closed = false;
  private readonly loop: Promise<void>;
  private sending = false;
  private readonly queue: Queued[] = [];

  constructor(readonly opts: ZmqTransportOptions) {
    this.sock = new zmq.Dealer({ linger: 0, reconnectInterval: 100, reconnectMaxInterval: 1000 });
    if (opts.maxMessageBytes !== undefined) this.sock.maxMessageSize = opts.maxMessageBytes;
    if (opts.curveServerKey !== undefined) {
      const kp = zmq.curveKeyPair();
      this.sock.curveServerKey = opts.curveServerKey;
      this.sock.curvePublicKey = kp.publicKey;
      this.sock.curveSecretKey = kp.secretKey;
    }
    this.sock.connect(opts.endpoint);
    this.loop = this.receive();
  }

  private async receive(): Promise<void> {
    try {
      while (!this.closed) {
        const frames = await this.sock.receive(); // read before `this.cb`: onMessage may replace it meanwhile
        this.cb(frames);
      }
    } catch (e) {
      if (!this.closed) throw e;
    }
  }

  onMessage(cb: (frames: Frames) => void): void {
    this.cb = cb;
  }

  /** Sends in call order; a frame must not be mutated until its reply arrives (zero-copy). */
  send(frames: Frames): Promise<void> {
    if (this.sending) return new Promise((resolve, reject) => this.queue.push({ frames, resolve, reject }));
    return this.sendNow(frames);
  }

  private sendNow(frames: Frames): Promise<void> {
    this.sending = true;
    let p: Promise<void>;
    try {
      p = this.sock.send(frames);
    } catch (e) {
      p = Promise.reject(e as Error);
    }
    return p.finally(() => this.next());
  }

  private next(): void {
    this.sending = false;
    const q = this.queue.shift();
    if (q !== undefined) this.sendNow(q.frames).then(q.resolve, q.reject);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
    for (const q of this.queue.splice(0)) q.reject(new Error("transport closed"));
    await this.loop.catch(() => {});
  }
}
