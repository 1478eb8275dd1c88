// Spawns one `python -m pyworker serve` process and waits for its ready line; forwards its JSON log
// lines to pino. A worker that never starts (no Python, missing package, crash on import) becomes
// a WORKER_START_FAILED error that quotes the end of its stderr.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BridgeError, ErrorCode } from "../../bridge/index.ts";
import type { Logger } from "../log/index.ts";
import { track } from "./orphans.ts";
import { REPO_ROOT } from "./pythonEnv.ts";

export type SpawnOptions = {
  python: string;
  transport: "ipc" | "tcp";
  logger: Logger;
  startTimeoutMs: number;
  args?: readonly string[];
  env?: Record<string, string>;
  /** Outlive this Node process (`t2 worker start`): no parent watch, no orphan cleanup. */
  detached?: boolean;
  /** Exact endpoint to bind (default: a fresh ipc path or loopback port). */
  endpoint?: string;
};

/** `shm`: the worker's shared-memory segment directory, undefined when it accepts frames only. */
export type Spawned = { child: ChildProcess; endpoint: string; pid: number; shm: string | undefined };

function endpointFor(transport: "ipc" | "tcp"): string {
  if (transport === "tcp") return "tcp://127.0.0.1:*";
  return `ipc://${join(tmpdir(), `t2-worker-${process.pid}-${randomBytes(4).toString("hex")}.sock`)}`;
}

const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

function forwardLog(logger: Logger, line: string): void {
  try {
    const rec = JSON.parse(line) as { level?: string; msg?: string; name?: string; [k: string]: unknown };
    const level = rec.level === "warning" ? "warn" : rec.level === "critical" ? "fatal" : (rec.level ?? "info");
    const { msg, level: _l, time: _t, name, ...rest } = rec;
    logger[LEVELS.has(level) ? (level as "info") : "info"]({ ...rest, module: name }, msg ?? "");
  } catch {
    logger.info(line);
  }
}

export function spawnWorker(opts: SpawnOptions): Promise<Spawned> {
  const parent = opts.detached ? [] : ["--parent-pid", String(process.pid)];
  const args = ["-m", "pyworker", "serve", "--endpoint", opts.endpoint ?? endpointFor(opts.transport), ...parent, ...(opts.args ?? [])];
  return new Promise((resolve, reject) => {
    const child = spawn(opts.python, args, {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, PYTHONUNBUFFERED: "1", ...opts.env },
      detached: opts.detached ?? false,
    });
    if (!opts.detached) track(child);
    const tail: string[] = [];
    let done = false;
    const fail = (msg: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      const stderr = tail.join("\n").slice(-2000);
      reject(new BridgeError(ErrorCode.WORKER_START_FAILED, stderr ? `${msg}\n--- worker stderr ---\n${stderr}` : msg, { python: opts.python, stderr }));
    };
    const timer = setTimeout(() => fail(`worker did not become ready within ${opts.startTimeoutMs} ms`), opts.startTimeoutMs);
    child.once("error", (e) => fail(`could not start ${opts.python}: ${e.message}`));
    const onEarlyExit = (code: number | null, signal: string | null) =>
      fail(`worker exited before it was ready (code ${code}, signal ${signal})`);
    child.once("close", onEarlyExit); // "close", not "exit": it comes after stderr's last lines were read
    const log = opts.logger.child({ worker: child.pid });
    createInterface({ input: child.stderr! }).on("line", (line) => {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      forwardLog(log, line);
    });
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (done) {
        log.info(line);
        return;
      }
      try {
        const msg = JSON.parse(line) as { event?: string; endpoint?: string; pid?: number; shm?: unknown };
        if (msg.event === "ready" && typeof msg.endpoint === "string") {
          done = true;
          clearTimeout(timer);
          child.off("close", onEarlyExit);
          resolve({ child, endpoint: msg.endpoint, pid: msg.pid ?? child.pid ?? -1, shm: typeof msg.shm === "string" ? msg.shm : undefined });
          return;
        }
      } catch {
        /* not the ready line */
      }
      log.info(line);
    });
  });
}
