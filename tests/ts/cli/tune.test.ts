// `t2 tune` relays to the worker's tuner and passes its exit status and message through.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../sdk/worker/index.ts";

describe("t2 tune", () => {
  it("fails with the tuner's message naming a missing config", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "sdk/cli/main.ts"), "tune", "--config", "configs/tune/nope.yaml"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot read configs\/tune\/nope\.yaml/);
  });

  it("reports a handler's error in one line, without a stack trace (experiments report on a missing log)", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "sdk/cli/main.ts"), "experiments", "report", "--log", "/nonexistent/log.jsonl"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^t2: tune export failed \(exit 1\): .*not found: \/nonexistent\/log\.jsonl/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
