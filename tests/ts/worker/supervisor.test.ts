// Supervisor: restart after a crash (with idempotent retry), typed start failures, no orphans.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { BridgeError } from "../../../bridge/index.ts";
import { LocalWorker } from "../../../sdk/worker/index.ts";
import { codeOf, pidAlive, waitFor } from "../helpers/worker.ts";

const ROOT = join(import.meta.dirname, "../../..");

describe("LocalWorker supervisor", () => {
  it("restarts a crashed worker; non-idempotent calls fail typed, idempotent ones are retried", async () => {
    await using w = await LocalWorker.start({ args: ["--allow-debug"], backoffMs: 50 });
    const pid1 = await w.pid();
    expect(await codeOf(w.call("debug.crash", { exitCode: 7 }))).toBe("WORKER_DEAD");
    const h = await w.call("health", {}); // waits for the restart
    expect(h.pid).not.toBe(pid1);
    expect(w.restarts).toBe(1);

    // kill -9 mid-call: the idempotent job is retried on the next process and completes
    const pid2 = await w.pid();
    const job = w.call("debug.sleep", { seconds: 0.6, steps: 6 });
    setTimeout(() => process.kill(pid2, "SIGKILL"), 200);
    expect((await job).completedSteps).toBe(6);
    expect(w.restarts).toBe(2);
    expect(await w.pid()).not.toBe(pid2);
  });

  it("forwards the worker's JSON log lines to pino with request ids", async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    await using w = await LocalWorker.start({ logger: pino({ level: "info" }, sink), heartbeatMs: 0 });
    await w.call("debug.sleep", { seconds: 0.05, steps: 1 });
    const pid = await w.pid();
    expect(await waitFor(() => lines.some((l) => l.msg === "job debug.sleep started"), 3000)).toBe(true);
    const started = lines.find((l) => l.msg === "job debug.sleep started")!;
    expect(started.worker).toBe(pid);
    expect(started.module).toBe("pyworker.dispatch");
    expect(String(started.reqId)).toMatch(/^[0-9a-f]{8}-\d+$/);
  });

  it("reports a missing Python as WORKER_START_FAILED", async () => {
    const err = await LocalWorker.start({ python: "/nonexistent/python3", startTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).code).toBe("WORKER_START_FAILED");
    expect((err as BridgeError).message).toMatch(/could not start \/nonexistent\/python3/);
  });

  it("reports a worker that dies on import (missing package) with its stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "t2-fakepy-"));
    const fake = join(dir, "python");
    writeFileSync(fake, "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'zmq'\" >&2\nexit 1\n");
    chmodSync(fake, 0o755);
    const err = await LocalWorker.start({ python: fake, startTimeoutMs: 5000 }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe("WORKER_START_FAILED");
    expect((err as BridgeError).message).toMatch(/No module named 'zmq'/);
  });

  it("reports a worker that never gets ready within the start timeout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "t2-fakepy-"));
    const fake = join(dir, "python");
    writeFileSync(fake, "#!/bin/sh\nsleep 30\n");
    chmodSync(fake, 0o755);
    const t0 = Date.now();
    const err = await LocalWorker.start({ python: fake, startTimeoutMs: 800 }).catch((e: unknown) => e);
    expect((err as BridgeError).code).toBe("WORKER_START_FAILED");
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  for (const sig of ["SIGTERM", "SIGKILL"] as const) {
    it(`leaves no orphan worker when the Node process gets ${sig}`, async () => {
      const script = join(mkdtempSync(join(tmpdir(), "t2-orphan-")), "host.mts");
      writeFileSync(
        script,
        `import { LocalWorker } from ${JSON.stringify(join(ROOT, "sdk/worker/index.ts"))};\n` +
          `const w = await LocalWorker.start();\nconsole.log(JSON.stringify({ pid: await w.pid() }));\nsetInterval(() => {}, 1000);\n`,
      );
      const host = spawn(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: host.stdout! }).once("line", resolve);
        host.once("exit", (code) => reject(new Error(`host exited early (${code})`)));
      });
      const { pid } = JSON.parse(line) as { pid: number };
      expect(pidAlive(pid)).toBe(true);
      host.kill(sig);
      expect(await waitFor(() => !pidAlive(pid), 8000)).toBe(true);
    });
  }
});
