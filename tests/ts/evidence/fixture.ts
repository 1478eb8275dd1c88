// A hand-made results.json + evidence.json pair (two strategies, one test year) for the results-doc renderer test.
import type { EvidenceMeta, ResultsFile } from "../../../sdk/run/index.ts";

const metrics = (sharpe: number, ret: number, dd: number, win: number, turnover?: number) => ({
  days: 250, cumulativeReturn: ret, annualizedReturn: ret, annualizedVolatility: 0.12, sharpe, sortino: sharpe * 1.3, calmar: ret / dd, maxDrawdown: dd,
  longestDrawdownDays: 40, winRate5d: win, var95: -0.012, var99: -0.02, cvar95: -0.016, cvar99: -0.025, ...(turnover === undefined ? {} : { averageTurnover: turnover }),
});
const test = (a: number, b: number, pv: number, pg: number) => ({ sharpeA: a, sharpeB: b, difference: a - b, statistic: 1.1, pValue: pv, pValueGreater: pg });

export const results: ResultsFile = {
  title: "Backtest fixture: walk-forward 2021-2021",
  createdAt: "2026-01-01T00:00:00.000Z",
  splits: [{ id: "2021", train: ["2018-01-02", "2019-12-24"], validation: ["2020-01-02", "2020-12-23"], test: ["2021-01-04", "2021-12-31"] }],
  strategies: [
    { name: "equal_weight", label: "Equal weight", kind: "benchmark", metrics: metrics(1.2, 0.14, 0.1, 0.58, 0.02), perSplit: [{ id: "2021", metrics: metrics(1.2, 0.14, 0.1, 0.58) }], statusCounts: {}, dailyReturns: [], nav: [], drawdown: [], rollingSharpe: [], turnover: { dates: [], values: [] }, weights: { dates: [], factors: [], values: [] } as never },
    { name: "xlstm", label: "xLSTM ensemble (3 seeds)", kind: "model", metrics: metrics(0.8, 0.09, 0.22, 0.52, 0.6), perSplit: [{ id: "2021", metrics: metrics(0.8, 0.09, 0.22, 0.52) }], statusCounts: {}, dailyReturns: [], nav: [], drawdown: [], rollingSharpe: [], turnover: { dates: [], values: [] }, weights: { dates: [], factors: [], values: [] } as never, forecast: { dates: [], ic: [], meanIc: 0.012, icT: 0.9, meanRankIc: 0.01, hitRate: 0.51 } },
  ],
  kpis: [
    { strategy: "equal_weight", kpi: "sharpe", value: 1.2, status: "minimum" },
    { strategy: "equal_weight", kpi: "maxDrawdown", value: 0.1, status: "target" },
    { strategy: "equal_weight", kpi: "winRate5d", value: 0.58, status: "minimum" },
    { strategy: "equal_weight", kpi: "ic", value: null, status: "n/a" },
    { strategy: "equal_weight", kpi: "averageTurnover", value: 0.02, status: "target" },
    { strategy: "xlstm", kpi: "sharpe", value: 0.8, status: "fail" },
    { strategy: "xlstm", kpi: "maxDrawdown", value: 0.22, status: "fail" },
    { strategy: "xlstm", kpi: "winRate5d", value: 0.52, status: "fail" },
    { strategy: "xlstm", kpi: "ic", value: 0.012, status: "fail" },
    { strategy: "xlstm", kpi: "averageTurnover", value: 0.6, status: "minimum" },
  ],
  comparisons: [{ strategy: "equal_weight", baseline: "xlstm", jobsonKorkie: test(0.0756, 0.0504, 0.21, 0.105), ledoitWolf: { ...test(0.0756, 0.0504, 0.25, 0.125), bandwidth: 5 }, pairedT: { mean: 0.0002, statistic: 0.9, df: 249, pValue: 0.37, pValueGreater: 0.185 } }],
  deflatedSharpe: [
    { strategy: "equal_weight", dailySharpe: 0.0756, dsr: 0.61, sr0: 0.06, nTrials: 2 },
    { strategy: "xlstm", dailySharpe: 0.0504, dsr: 0.33, sr0: 0.06, nTrials: 2 },
  ],
  stress: [
    { strategy: "equal_weight", window: "2020 COVID crash", from: "2020-02-19", to: "2020-03-23", result: null },
    { strategy: "xlstm", window: "2022 rate-hike selloff", from: "2022-01-01", to: "2022-12-31", result: { days: 250, cumulativeReturn: -0.18, maxDrawdown: 0.22, trough: 200, recoveryDays: null, varExceedances: 15, expectedExceedances: 12.5 } },
  ],
  regimes: [
    { strategy: "equal_weight", regime: "all test days", metrics: { days: 250, cumulativeReturn: 0.14, annualizedMean: 0.14, annualizedVolatility: 0.12, sharpe: 1.17, maxDrawdown: 0.1, worstDay: -0.03 }, averageHhi: 0.01, averageMaxWeight: 0.01 },
    { strategy: "xlstm", regime: "all test days", metrics: { days: 250, cumulativeReturn: 0.09, annualizedMean: 0.09, annualizedVolatility: 0.12, sharpe: null, maxDrawdown: 0.22, worstDay: -0.05 }, averageHhi: 0.2, averageMaxWeight: 0.35 },
  ],
  notes: ["The data end on 2025-07-31: test year 2025 is partial."],
};

export const meta: EvidenceMeta = {
  config: { file: "configs/evidence/intl100.yaml", name: "fixture", backtest: "b.yaml", model: "m.yaml", train: "t.yaml", seeds: [0, 1, 2], out: "runs/x", dataDir: "/data", dataStart: "2018-01-02" },
  trainConfigText: "epochs: 1\n",
  machine: { cpu: "Test CPU", cores: 2, memoryGiB: 8, node: "v20.0.0", torch: "2.13.0", device: "cpu", loadAverageAtStart: 4.5 },
  members: [{ split: "2021", member: 1, valSharpe: 0.75, valIc: 0.002 }],
  runs: [{ startedAt: "2026-01-01T00:00:00.000Z", wallSeconds: 600, quick: true, loadAverageAtEnd: 3, stepSeconds: { data: 1 }, segments: [{ strategy: "xlstm", split: "2021", seconds: 50 }, { strategy: "equal_weight", split: "2021", seconds: null }] }],
};
