// Crash consistency: a promotion (or registration) SIGKILLed between any two write steps leaves a
// registry whose production points to the old or the new version, never to a missing/partial one,
// and the next operation recovers and succeeds.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { list, promote, readHistory, readPointer, verify, type RegistryStep } from "../../../sdk/registry/index.ts";
import { fakeRun, registerFake, stepClock, tempDir } from "./helpers.ts";

const CHILD = fileURLToPath(new URL("./fixtures/crash-child.ts", import.meta.url));

/** Run the child until it prints PAUSED, then SIGKILL it. Returns the steps it reached. */
function killAt(args: string[]): Promise<{ steps: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (out.includes("PAUSED\n")) child.kill("SIGKILL");
    });
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      if (!out.includes("PAUSED")) reject(new Error(`child never paused: ${out}${err}`));
      else resolve({ steps: out.split("\n").filter((l) => l.startsWith("STEP ")).map((l) => l.slice(5)), signal });
    });
  });
}

const PROMOTE_STEPS: { step: RegistryStep; switched: boolean }[] = [
  { step: "lock-acquired", switched: false },
  { step: "journal-written", switched: false },
  { step: "temp-pointer-created", switched: false },
  { step: "pointer-switched", switched: true },
  { step: "history-appended", switched: true },
  { step: "journal-cleared", switched: true },
];

describe("crash consistency", () => {
  it.each(PROMOTE_STEPS)("promotion killed after $step: production is old or new, the next promotion succeeds", async ({ step, switched }) => {
    using tmp = tempDir();
    const root = join(tmp.path, "models");
    const clock = stepClock();
    const a = await registerFake(root, tmp.path, 2023, "2023-01-10", clock);
    const b = await registerFake(root, tmp.path, 2024, "2024-01-12", clock);
    const c = await registerFake(root, tmp.path, 2025, "2025-01-15", clock);
    await promote(root, a, { clock });

    const { signal } = await killAt(["promote", root, b, step]);
    expect(signal).toBe("SIGKILL");
    const pointer = await readPointer(root);
    expect(pointer).toEqual({ state: "ok", version: switched ? b : a });
    // Every version directory is intact whatever the crash point: only bookkeeping can be pending.
    const before = await verify(root);
    expect(before.issues.filter((i) => i.severity === "error" && i.code !== "INTERRUPTED_OPERATION")).toEqual([]);
    const journaled = step !== "lock-acquired" && step !== "journal-cleared";
    expect(before.issues.some((i) => i.code === "INTERRUPTED_OPERATION")).toBe(journaled);
    if (step === "lock-acquired") expect(before.issues.map((i) => i.code)).toEqual(["STALE_LOCK"]);

    await promote(root, c, { clock, reason: "after crash" });
    const hist = (await readHistory(root)).entries;
    expect(hist.map((e) => [e.from, e.to, e.recovered ?? false])).toEqual(
      switched ? [[null, a, false], [a, b, step !== "journal-cleared" && step !== "history-appended"], [b, c, false]] : [[null, a, false], [a, c, false]],
    );
    expect((await list(root)).production).toBe(c);
    const after = await verify(root);
    expect(after.issues).toEqual([]);
    expect(readdirSync(root).sort()).toEqual(["archive", "production", "v2023", "v2024", "v2025"]);
  });

  it.each(["lock-acquired", "staging-created", "files-copied", "metadata-written", "version-renamed"] as const)(
    "registration killed after %s: the version is absent or complete, never partial",
    async (step) => {
      using tmp = tempDir();
      const root = join(tmp.path, "models");
      const run = fakeRun(join(tmp.path, "run"), [0, 1, 2], { bytes: 1 << 20 });
      await killAt(["register", root, run, step]);
      const complete = step === "version-renamed";
      expect(existsSync(join(root, "v2026", "trained_2026-01-15"))).toBe(complete);
      const r = await verify(root, { repair: { clock: stepClock() } });
      expect(r.ok).toBe(true);
      expect(r.issues).toEqual([{ code: "NO_PRODUCTION", severity: "info", message: "no production version yet", path: join(root, "production"), repairable: false }]);
      if (!complete) {
        await registerFake(root, tmp.path, 2026, "2026-01-15", stepClock());
      }
      await promote(root, "v2026/trained_2026-01-15", { clock: stepClock() });
      expect((await verify(root)).ok).toBe(true);
    },
  );
});
