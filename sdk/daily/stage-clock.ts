// StageClock: times each stage of a daily run with the injected clock and records its status and a one-line detail.
import type { StageRecord, StageStatus } from "./result.ts";

export class StageClock {
  readonly records: StageRecord[] = [];
  constructor(private readonly clock: () => number) {}

  /** Runs `fn` as `stage`; a throw is recorded as `failed` and rethrown. */
  async run<T>(stage: StageRecord["stage"], fn: () => Promise<T> | T, describe: (v: T) => { status?: StageStatus; detail: string }): Promise<T> {
    const t0 = this.clock();
    try {
      const v = await fn();
      const d = describe(v);
      this.records.push({ stage, status: d.status ?? "ok", ms: this.clock() - t0, detail: d.detail });
      return v;
    } catch (e) {
      this.records.push({ stage, status: "failed", ms: this.clock() - t0, detail: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  skip(stage: StageRecord["stage"], detail: string): void {
    this.records.push({ stage, status: "skipped", ms: 0, detail });
  }
}
