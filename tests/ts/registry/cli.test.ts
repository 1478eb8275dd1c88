// `t2 models ...` through yargs with the real command module, on a temp registry.
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import yargs from "yargs";
import { modelsCommand } from "../../../sdk/cli/commands/models.ts";
import { registerFake, stepClock, tempDir } from "./helpers.ts";

async function t2(args: string[]): Promise<{ out: string; error?: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    let error: string | undefined;
    await yargs(args)
      .command(modelsCommand)
      .strict()
      .fail((msg, err) => {
        error = err?.message ?? msg;
      })
      .exitProcess(false)
      .parseAsync()
      .catch((e: unknown) => {
        error ??= (e as Error).message;
      });
    return { out: lines.join("\n"), ...(error !== undefined ? { error } : {}) };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("t2 models", () => {
  it("list, promote, rollback, verify (text and --json) and one-line errors", async () => {
    using tmp = tempDir();
    const root = join(tmp.path, "models");
    const clock = stepClock();
    const a = await registerFake(root, tmp.path, 2024, "2024-01-12", clock, 1.1);
    const b = await registerFake(root, tmp.path, 2025, "2025-01-15", clock, 1.3);
    expect((await t2(["models", "list", "--root", root])).out).toMatch(/^production: \(none\)\n {2}v2024\/trained_2024-01-12 {2}registered +members=3 registered=2025-01-20T08:01:00.000Z code=git:abc1234 valSharpe=1.100\n/);
    expect((await t2(["models", "promote", a, "--root", root])).out).toBe(`promoted ${a} (was (none))`);
    expect((await t2(["models", "promote", b, "--root", root, "--reason", "annual retrain"])).out).toBe(`promoted ${b} (was ${a})`);
    const listed = JSON.parse((await t2(["models", "list", "--root", root, "--json"])).out) as { production: string; history: { reason?: string }[] };
    expect(listed.production).toBe(b);
    expect(listed.history.map((h) => h.reason)).toEqual(["manual promotion", "annual retrain"]);
    expect((await t2(["models", "rollback", "--root", root, "--reason", "drawdown"])).out).toBe(`rolled back ${b} -> ${a}`);
    expect((await t2(["models", "verify", "--root", root])).out).toBe("OK: 2 version(s) checked, 0 error(s)");
    expect(process.exitCode).toBeUndefined();

    expect(await t2(["models", "promote", "--root", root])).toMatchObject({ error: expect.stringMatching(/name the version/) });
    expect(await t2(["models", "promote", "v2030/trained_2030-01-01", "--root", root])).toMatchObject({ error: `v2030/trained_2030-01-01 is not in the registry (${join(root, "v2030", "trained_2030-01-01")} missing)` });
    expect(await t2(["models", "rollback", "--to", "nope", "--root", root])).toMatchObject({ error: '"nope" is not a version id (expected vYYYY/trained_YYYY-MM-DD)' });
  });
});
