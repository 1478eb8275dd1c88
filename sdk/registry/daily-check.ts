// The daily rollback check: evaluate PRD 9.4's rules for the production version, record the result
// in archive/rollback_checks.jsonl, and roll back when they say so (unless `apply` is false).
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { RegistryError } from "./errors.ts";
import { ARCHIVE } from "./layout.ts";
import { productionInfo } from "./list.ts";
import { evaluateRollbackRules, PRD_ROLLBACK_RULES, type MonitoringInputs, type RollbackEvaluation, type RollbackRules } from "./rollback-rules.ts";
import { rollback, type SwitchResult } from "./switch.ts";
import type { OpOptions } from "./types.ts";

export const CHECKS = "archive/rollback_checks.jsonl";

export type DailyCheck = {
  version: string;
  evaluation: RollbackEvaluation;
  /** Alert level for the monitoring module: CRITICAL on rollback, WARNING when rules fired on an old model. */
  level: "CRITICAL" | "WARNING" | "INFO";
  rolledBack?: SwitchResult;
};

export async function dailyRollbackCheck(
  root: string,
  inputs: Omit<MonitoringInputs, "deployedOn">,
  ops: OpOptions & { apply?: boolean; rules?: RollbackRules },
): Promise<DailyCheck> {
  const prod = await productionInfo(root);
  if (prod.deployedOn === undefined) throw new RegistryError("NO_PREVIOUS_VERSION", `no history entry for production ${prod.version}; cannot date its deployment`);
  const evaluation = evaluateRollbackRules({ ...inputs, deployedOn: prod.deployedOn }, ops.rules ?? PRD_ROLLBACK_RULES);
  const level = evaluation.rollback ? "CRITICAL" : evaluation.triggered.length > 0 ? "WARNING" : "INFO";
  const out: DailyCheck = { version: prod.version, evaluation, level };
  if (evaluation.rollback && ops.apply !== false) {
    out.rolledBack = await rollback(root, { reason: evaluation.summary }, ops);
  }
  await mkdir(join(root, ARCHIVE), { recursive: true });
  const record = { at: ops.clock().toISOString(), version: prod.version, level, summary: evaluation.summary, triggered: evaluation.triggered.map((t) => t.id), rolledBackTo: out.rolledBack?.entry.to ?? null };
  await appendFile(join(root, CHECKS), JSON.stringify(record) + "\n");
  return out;
}
