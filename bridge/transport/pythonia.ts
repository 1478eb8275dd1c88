// In-process transport through pythonia (DESIGN 3): the same contract, codec, dispatcher and handlers
// as the ZeroMQ worker, without sockets or a managed process. pythonia carries values as JSON, so
// frames never cross as numbers: they go through a file on tmpfs (/dev/shm) and only paths and sizes
// cross the JSON bridge. Calls run one at a time; a long job blocks later calls until it ends, and
// cancellation takes effect only between jobs. One pythonia Python per Node process.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Frames } from "../codec.ts";
import type { Transport } from "./types.ts";

export type PythoniaOptions = {
  /** Python with the worker's requirements. pythonia reads PYTHON_BIN at import: set before first use. */
  python: string;
  /** Repository root (put on sys.path so `pyworker` imports). */
  root: string;
  allowDebug?: boolean;
};

type PyProxy = { dispatch(a: string, b: number[], c: string): Promise<{ valueOf(): Promise<number[][]> }> };
type PythoniaModule = { python: ((mod: string) => Promise<unknown>) & { exit(): void } };

let loaded: Promise<PythoniaModule> | undefined;

function loadPythonia(pythonBin: string): Promise<PythoniaModule> {
  if (loaded === undefined) {
    process.env.PYTHON_BIN = pythonBin;
    loaded = import("pythonia") as Promise<PythoniaModule>;
  }
  return loaded;
}

export class PythoniaTransport implements Transport {
  readonly kind = "pythonia" as const;
  private cb: (frames: Frames) => void = () => {};
  private chain: Promise<void> = Promise.resolve();
  private readonly dir = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  private readonly tag = `t2-inproc-${process.pid}-${randomBytes(4).toString("hex")}`;
  private seq = 0;

  private constructor(
    private readonly mod: PythoniaModule,
    private readonly handoff: PyProxy,
  ) {}

  static async create(opts: PythoniaOptions): Promise<PythoniaTransport> {
    const mod = await loadPythonia(opts.python);
    const sys = (await mod.python("sys")) as { path: { insert(i: number, p: string): Promise<void> } };
    await sys.path.insert(0, opts.root);
    const inproc = (await mod.python("pyworker.server.inproc")) as { create_file_handoff(d: boolean): Promise<PyProxy> };
    const handoff = await inproc.create_file_handoff(opts.allowDebug ?? false);
    return new PythoniaTransport(mod, handoff);
  }

  onMessage(cb: (frames: Frames) => void): void {
    this.cb = cb;
  }

  send(frames: Frames): Promise<void> {
    const next = this.chain.then(() => this.roundTrip(frames));
    this.chain = next.catch(() => {});
    return next;
  }

  private async roundTrip(frames: Frames): Promise<void> {
    const n = ++this.seq;
    const pin = join(this.dir, `${this.tag}-${n}.in`);
    const pout = join(this.dir, `${this.tag}-${n}.out`);
    try {
      writeFileSync(pin, frames.length === 1 ? frames[0]! : Buffer.concat(frames));
      const proxy = await this.handoff.dispatch(pin, frames.map((f) => f.byteLength), pout);
      const sizes = await proxy.valueOf();
      const buf = readFileSync(pout);
      let off = 0;
      for (const msg of sizes) {
        this.cb(
          msg.map((len) => {
            const b = buf.subarray(off, off + len);
            off += len;
            return b;
          }),
        );
      }
    } finally {
      rmSync(pin, { force: true });
      rmSync(pout, { force: true });
    }
  }

  async close(): Promise<void> {
    await this.chain;
    this.mod.python.exit();
    loaded = undefined;
  }
}
