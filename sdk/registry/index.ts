// sdk/registry: the on-disk model registry (issue 8): versions, atomic promotion/rollback, verification, PRD 9.4 rules.
export { HashMismatchError, RegistryError, RegistryLockedError, type RegistryErrorCode } from "./errors.ts";
export type { Clock, OpOptions, RegistryStep, StepHook } from "./types.ts";
export { parseVersion, versionDir, versionId, type VersionId } from "./layout.ts";
export { MetadataSchema, readMetadata, type Metadata, type MemberFile, type Metrics, type StoredFile } from "./metadata.ts";
export { registerVersion, type RegisterInput } from "./register.ts";
export { previousVersion, promote, rollback, type SwitchResult } from "./switch.ts";
export { productionVersion, readPointer, type PointerState } from "./pointer.ts";
export { readHistory, type HistoryEntry } from "./history.ts";
export { recover } from "./recover.ts";
export { assertVersionIntact, checkVersion, type Issue, type IssueCode } from "./integrity.ts";
export { verify, type VerifyReport } from "./verify.ts";
export { deployedOn, list, productionInfo, type Listing, type ProductionInfo, type VersionStatus, type VersionSummary } from "./list.ts";
export { compareForPromotion, DEFAULT_PROMOTION_RULES, type PromotionCheck, type PromotionDecision, type PromotionMetrics, type PromotionRules } from "./promotion-gate.ts";
export { evaluateRollbackRules, PRD_ROLLBACK_RULES, type MonitoringInputs, type RollbackEvaluation, type RollbackRules, type Rule, type RuleId } from "./rollback-rules.ts";
export { dailyRollbackCheck, type DailyCheck } from "./daily-check.ts";
