// t2 evidence: skips with exit code 2 and a clear message when the data directory is absent; the results-doc renderer
// turns a small results.json/evidence.json fixture into the KPI table and the other sections (whole-output golden file).
import { describe, expect, it } from "vitest";
import { EXIT_SKIPPED, evidenceMain, renderResultsDoc, runEvidence } from "../../../sdk/run/index.ts";
import { meta, results } from "./fixture.ts";

describe("t2 evidence", () => {
  it("skips with exit code 2 and names the missing directory when the data are absent", async () => {
    const lines: string[] = [];
    expect(await runEvidence({ data: "/nonexistent/t2-real-data", print: (l) => lines.push(l) })).toBe(EXIT_SKIPPED);
    expect(lines).toEqual([
      "t2 evidence: skipped: the real data are not available in /nonexistent/t2-real-data: missing (the directory itself). Pass --data DIR (see docs/data.md and the data README there).",
    ]);
  });

  it("rejects an unknown option before touching any data", async () => {
    await expect(evidenceMain(["--dta", "x"])).rejects.toThrow(/Unknown option '--dta'/);
  });

  it("renders the results doc from the run files (KPI table, per-year Sharpe, significance, DSR, stress, setup)", async () => {
    const md = renderResultsDoc(results, meta, { discussion: "## Discussion\n\nHand-written.", runDir: "runs/x" });
    expect(md).toContain("| **xLSTM ensemble (3 seeds)** | 0.80 FAIL | 22.0% FAIL | 52.0% FAIL | 0.012 FAIL | 60.0% pass (minimum) |");
    expect(md).toContain("| Equal weight | 1.20 pass (minimum) | 10.0% pass (target) | 58.0% pass (minimum) | – | 2.0% pass (target) |");
    await expect(md).toMatchFileSnapshot("./__snapshots__/results.fixture.md");
  });

  it("says the discussion is missing rather than inventing one", () => {
    expect(renderResultsDoc(results, meta, { discussion: "", runDir: "runs/x" })).toContain("(not written yet: docs/results/discussion.md)");
  });
});
