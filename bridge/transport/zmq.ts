// ZeroMQ DEALER transport (never bare REQ: it wedges on a lost reply). Reconnects by itself;
// CURVE when given the server's public key (required for non-loopback endpoints).
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

export class ZmqTransport implements Transport {
  readonly kind = "zmq" as const;
  private readonly sock: zmq.Dealer;
  private cb: (frames: Frames) => void = () => {};
  private closed = false;
  private readonly loop: Promise<void>;

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
      for await (const frames of this.sock) this.cb(frames as Buffer[]);
    } catch (e) {
      if (!this.closed) throw e;
    }
  }

  onMessage(cb: (frames: Frames) => void): void {
    this.cb = cb;
  }

  private chain: Promise<void> = Promise.resolve();

  /** zeromq.js allows one send in flight per socket: sends are chained in call order. */
  send(frames: Frames): Promise<void> {
    const next = this.chain.then(() => this.sock.send(frames));
    this.chain = next.catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sock.close();
    await this.loop.catch(() => {});
  }
}
