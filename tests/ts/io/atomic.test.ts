// sdk/io atomic writes: content lands whole, no temporary file is left behind, a failed rename cleans up and throws.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeAtomic, writeAtomicAsync, writeJsonAtomic } from "../../../sdk/io/index.ts";

const dir = mkdtempSync(join(tmpdir(), "t2-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("atomic writes", () => {
  it("creates the folder, replaces the file whole and leaves no temporary file", async () => {
    const f = join(dir, "a", "b", "state.json");
    writeJsonAtomic(f, { v: 1 });
    writeAtomic(f, "second");
    expect(readFileSync(f, "utf8")).toBe("second");
    await writeAtomicAsync(f, new Uint8Array([104, 105]));
    expect(readFileSync(f, "utf8")).toBe("hi");
    expect(readdirSync(join(dir, "a", "b"))).toEqual(["state.json"]);
  });

  it("uses the caller's temporary name and removes it when the rename fails", async () => {
    const target = join(dir, "target-is-a-folder");
    mkdirSync(join(target, "child"), { recursive: true }); // rename over a non-empty folder fails
    await expect(writeAtomicAsync(target, "x", { tempName: (p) => `${p}.tmp-test` })).rejects.toThrow();
    expect(() => writeAtomic(target, "x")).toThrow();
    expect(readdirSync(dir).filter((n) => n.includes("target-is-a-folder"))).toEqual(["target-is-a-folder"]);
  });
});
