// ensembleModelEntry on the backtest's own cleaned panel: the features are built from that panel and sent to a real
// worker without reading any data file (the data-config path, by contrast, fails when the files are absent).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CleaningSchema, cleanPanel, synthPanel, ValidationRulesSchema, type CleanPanel } from "../../../sdk/data/index.ts";
import { buildFeatures } from "../../../sdk/features/index.ts";
import { ensembleModelEntry } from "../../../sdk/forecast/index.ts";
import { silentLogger } from "../../../sdk/log/index.ts";
import { LocalWorker } from "../../../sdk/worker/index.ts";

describe("ensembleModelEntry", () => {
  let worker: LocalWorker;
  let panel: CleanPanel;
  const dir = mkdtempSync(join(tmpdir(), "t2-entry-"));
  const common = { baseDir: dir, modelConfig: "model.yaml", trainConfig: "train.yaml", seeds: [0, 1], runRoot: "models" };
  beforeAll(async () => {
    panel = cleanPanel(synthPanel({ factors: 5, start: "2019-01-01", end: "2020-12-31", seed: 2 }), ValidationRulesSchema.parse({}), CleaningSchema.parse({}));
    worker = await LocalWorker.start({ logger: silentLogger });
  });
  afterAll(async () => {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds the features of a given panel and sends them to the worker without loading any data", async () => {
    const { entry, features } = await ensembleModelEntry({ worker, panel, ...common });
    expect(features).toEqual(buildFeatures(panel));
    expect(entry).toMatchObject({ name: "xlstm", label: "xLSTM ensemble (2 seeds)", spec: { model: "model.yaml", train: "train.yaml", seeds: [0, 1], data: panel.dates.length } });
  });

  it("loads the data config when no panel is given, and fails when its files are absent", async () => {
    const cfg = join(dir, "data.yaml");
    const book = join(dir, "absent.xlsx");
    const market = ["market_return: { column: market_return, units: decimal }", "vix: { column: vix, units: points }", "rf: { column: rf, units: percent, period: annual }", "yield_10y: { column: yield_10y, units: percent }", "yield_2y: { column: yield_2y, units: percent }"];
    writeFileSync(cfg, `name: x\nfactors:\n  sources:\n    - { path: ${book}, sheet: factors, dateColumn: date, units: decimal }\nmarket:\n  sources:\n    - path: ${book}\n      sheet: market\n      dateColumn: date\n      series:\n${market.map((m) => `        ${m}\n`).join("")}`);
    await expect(ensembleModelEntry({ worker, dataConfig: cfg, ...common })).rejects.toThrow(/absent\.xlsx/);
  });
});
