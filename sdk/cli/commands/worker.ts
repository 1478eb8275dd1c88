// `t2 worker start|health|stop`: run a standalone worker in the background and talk to it.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CommandModule } from "yargs";
import { connectRemote, REPO_ROOT, workerPython } from "../../worker/index.ts";
import { spawnWorker } from "../../worker/spawn.ts";
import { writeJsonAtomic } from "../../io/index.ts";
import { createLogger } from "../../log/index.ts";

const STATE = join(REPO_ROOT, "runs", "worker.json");

type State = { pid: number; endpoint: string; publicKey?: string };

function readState(): State | undefined {
  return existsSync(STATE) ? (JSON.parse(readFileSync(STATE, "utf8")) as State) : undefined;
}

function writeState(s: State): void {
  writeJsonAtomic(STATE, s);
}

function endpointOf(argv: { endpoint?: string | undefined }): string {
  const ep = argv.endpoint ?? readState()?.endpoint;
  if (!ep) throw new Error("no worker endpoint: pass --endpoint or run `t2 worker start` first");
  return ep;
}

export const workerCommand: CommandModule = {
  command: "worker <action>",
  describe: "Start, check or stop a standalone worker (state in runs/worker.json)",
  builder: (y) =>
    y
      .positional("action", { choices: ["start", "health", "stop"] as const, demandOption: true })
      .option("endpoint", { type: "string", describe: "tcp://host:port or ipc://path (start: where to bind; default tcp://127.0.0.1:5555)" })
      .option("server-key", { type: "string", describe: "Z85 public key of a CURVE-keyed worker" })
      .option("json", { type: "boolean", default: false, describe: "print JSON" }),
  handler: async (argv) => {
    const action = argv.action as "start" | "health" | "stop";
    const endpoint = argv.endpoint as string | undefined;
    const serverKey = argv["server-key"] as string | undefined;
    if (action === "start") {
      const s = await spawnWorker({
        python: workerPython(),
        transport: "tcp",
        logger: createLogger("worker"),
        startTimeoutMs: 120_000,
        detached: true,
        endpoint: endpoint ?? "tcp://127.0.0.1:5555",
      });
      s.child.stdout?.destroy();
      s.child.stderr?.destroy();
      s.child.unref();
      writeState({ pid: s.pid, endpoint: s.endpoint });
      console.log(argv.json ? JSON.stringify({ pid: s.pid, endpoint: s.endpoint }) : `worker ${s.pid} listening on ${s.endpoint}`);
      return;
    }
    const client = await connectRemote({ endpoint: endpointOf({ endpoint }), ...(serverKey ? { serverPublicKey: serverKey } : {}), defaultTimeoutMs: 15_000 });
    try {
      if (action === "health") {
        const h = await client.call("health", {});
        if (argv.json) console.log(JSON.stringify(h));
        else for (const [k, v] of Object.entries(h)) console.log(`${k.padEnd(12)} ${Array.isArray(v) ? v.join(", ") : String(v)}`);
      } else {
        await client.call("shutdown", {});
        if (!endpoint || endpoint === readState()?.endpoint) rmSync(STATE, { force: true });
        console.log("worker stopping");
      }
    } finally {
      await client.close();
    }
  },
};
