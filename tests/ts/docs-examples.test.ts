// Doc examples run in CI (STYLE.md): every ```ts block marked runnable in README.md and docs/user_guide.md
// (fenced as ```ts runnable, or preceded by a <!-- runnable --> line) must type-check against the SDK with
// the repo's tsconfig. Each block is written to out/docs-examples/ (git-ignored) and one tsc run checks them all.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const DOCS = ["README.md", "docs/user_guide.md"] as const;
const OUT = join(ROOT, "out", "docs-examples");

type Example = { readonly line: number; readonly code: string };

/** The runnable ```ts / ```typescript blocks of a Markdown text, with the 1-based line of their opening fence. */
function runnableBlocks(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const out: Example[] = [];
  let prev = "";
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(ts|typescript)\b(.*)$/.exec(lines[i]!);
    if (!open) {
      if (lines[i]!.trim() !== "") prev = lines[i]!.trim();
      continue;
    }
    const runnable = /\brunnable\b/.test(open[2]!) || prev === "<!-- runnable -->";
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
    if (runnable) out.push({ line: i + 1, code: body.join("\n") });
    i = j;
    prev = "";
  }
  return out;
}

/** Examples import from the repo root ("./sdk/index.ts"); the checked copies live two folders down. */
function rootRelative(code: string): string {
  return code.replace(/((?:from|import)\s*\(?\s*)(["'])\.\//g, "$1$2../../");
}

describe("doc examples", () => {
  it("finds runnable blocks by info string or marker comment", () => {
    const md = [
      "```ts runnable",
      "const a = 1;",
      "```",
      "<!-- runnable -->",
      "",
      "```ts",
      'import { x } from "./sdk/index.ts";',
      "```",
      "```ts",
      "not marked",
      "```",
      "<!-- runnable -->",
      "```bash",
      "echo shell blocks are never checked",
      "```",
    ].join("\n");
    expect(runnableBlocks(md)).toEqual([
      { line: 1, code: "const a = 1;" },
      { line: 6, code: 'import { x } from "./sdk/index.ts";' },
    ]);
    expect(rootRelative('import { x } from "./sdk/index.ts";\nawait import("./sdk/run/index.ts");')).toBe(
      'import { x } from "../../sdk/index.ts";\nawait import("../../sdk/run/index.ts");',
    );
  });

  it("type-checks the runnable examples of README.md and docs/user_guide.md", () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const files: string[] = [];
    for (const doc of DOCS) {
      const examples = runnableBlocks(readFileSync(join(ROOT, doc), "utf8"));
      if (doc === "docs/user_guide.md") expect(examples.length, `${doc} has no runnable examples`).toBeGreaterThan(0);
      for (const ex of examples) {
        const name = `${doc.replace(/[/.]/g, "_")}-L${ex.line}.ts`;
        writeFileSync(join(OUT, name), `// ${doc} line ${ex.line}\n${rootRelative(ex.code)}\nexport {};\n`);
        files.push(name);
      }
    }
    // Incremental: a rerun on an unchanged SDK re-checks only the examples (the build info lives beside OUT).
    const compilerOptions = { incremental: true, tsBuildInfoFile: "../docs-examples.tsbuildinfo" };
    writeFileSync(join(OUT, "tsconfig.json"), JSON.stringify({ extends: "../../tsconfig.json", compilerOptions, include: [], files }, null, 2));
    let report = "";
    try {
      execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(OUT, "tsconfig.json"), "--pretty", "false"], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      report = `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message;
    }
    // The file name gives the doc and the line of the block's fence; the error's line is 1 + the line inside the block
    // (a header comment comes first), e.g. out/docs-examples/docs_user_guide_md-L42.ts(3,7): error TS2322 ...
    expect(report).toBe("");
  }, 60_000);
});
