// `t2 models list|promote <version>|rollback [--to v]|verify [--repair]`: the model registry (sdk/registry).
import { join } from "node:path";
import { REPO_ROOT } from "../../io/index.ts";
import type { CommandModule } from "yargs";
import { deployedOn, list, promote, rollback, verify, type Listing, type VerifyReport } from "../../registry/index.ts";

const DEFAULT_ROOT = join(REPO_ROOT, "models");
const clock = (): Date => new Date();

function formatListing(l: Listing): string {
  const lines: string[] = [];
  if (l.production === null) lines.push(`production: ${l.pointer.state === "none" ? "(none)" : `BROKEN (${l.pointer.state}; run t2 models verify)`}`);
  else lines.push(`production: ${l.production} (deployed ${deployedOn(l.history, l.production) ?? "?"})`);
  if (l.versions.length === 0) lines.push("no versions registered");
  for (const v of l.versions) {
    const metrics = Object.entries(v.metrics ?? {}).map(([k, x]) => `${k}=${x.toFixed(3)}`).join(" ");
    const mark = v.status === "production" ? "*" : " ";
    lines.push(v.error ? `${mark} ${v.version}  ${v.status}  ERROR ${v.error}` : `${mark} ${v.version}  ${v.status.padEnd(11)} members=${v.members} registered=${v.registeredAt} code=${v.codeVersion} ${metrics}`.trimEnd());
  }
  for (const e of l.history.slice(-5)) lines.push(`  history ${e.at} ${e.action} ${e.from ?? "(none)"} -> ${e.to}${e.reason ? ` (${e.reason})` : ""}${e.recovered ? " [recovered]" : ""}`);
  return lines.join("\n");
}

function formatVerify(r: VerifyReport): string {
  const lines = r.repaired.map((a) => `repaired: ${a}`);
  for (const i of r.issues) lines.push(`${i.severity.toUpperCase()} ${i.code}: ${i.message}${i.repairable ? " (fix: t2 models verify --repair)" : ""}`);
  lines.push(`${r.ok ? "OK" : "FAILED"}: ${r.versionsChecked} version(s) checked, ${r.issues.filter((i) => i.severity === "error").length} error(s)`);
  return lines.join("\n");
}

export const modelsCommand: CommandModule = {
  command: "models <action> [target]",
  describe: "Model registry: list versions, promote, roll back, verify hashes",
  builder: (y) =>
    y
      .positional("action", { choices: ["list", "promote", "rollback", "verify"] as const, demandOption: true })
      .positional("target", { type: "string", describe: "promote: the version (vYYYY/trained_YYYY-MM-DD)" })
      .option("root", { type: "string", default: DEFAULT_ROOT, describe: "registry root", defaultDescription: "<repo>/models" })
      .option("to", { type: "string", describe: "rollback: the version to go back to (default: the previous production version)" })
      .option("reason", { type: "string", describe: "promote/rollback: recorded in archive/history.jsonl" })
      .option("repair", { type: "boolean", default: false, describe: "verify: finish/drop interrupted operations, remove half-written leftovers" })
      .option("json", { type: "boolean", default: false, describe: "print JSON" }),
  handler: async (argv) => {
    const root = argv.root as string;
    const json = argv.json as boolean;
    const out = (value: unknown, text: string): void => console.log(json ? JSON.stringify(value, null, 2) : text);
    switch (argv.action as "list" | "promote" | "rollback" | "verify") {
      case "list": {
        const l = await list(root);
        out(l, formatListing(l));
        return;
      }
      case "promote": {
        const target = argv.target as string | undefined;
        if (target === undefined) throw new Error("models promote: name the version, e.g. t2 models promote v2025/trained_2025-01-15");
        const r = await promote(root, target, { clock, reason: (argv.reason as string | undefined) ?? "manual promotion" });
        out(r, [...r.recovered.map((a) => `recovered: ${a}`), `promoted ${r.entry.to} (was ${r.entry.from ?? "(none)"})`].join("\n"));
        return;
      }
      case "rollback": {
        const to = argv.to as string | undefined;
        const r = await rollback(root, { ...(to !== undefined ? { to } : {}), reason: (argv.reason as string | undefined) ?? "manual rollback" }, { clock });
        out(r, [...r.recovered.map((a) => `recovered: ${a}`), `rolled back ${r.entry.from ?? "(none)"} -> ${r.entry.to}`].join("\n"));
        return;
      }
      case "verify": {
        const r = await verify(root, (argv.repair as boolean) ? { repair: { clock } } : {});
        out(r, formatVerify(r));
        if (!r.ok) process.exitCode = 1;
        return;
      }
    }
  },
};
