// sdk/backtest/stats: pure statistical tests on backtest returns (PRD 6.4, DESIGN 7).
export * from "./distributions.ts";
export * from "./sharpe-jk.ts";
export * from "./sharpe-lw.ts";
export * from "./ttest.ts";
export * from "./oos-r2.ts";
export * from "./deflated-sharpe.ts";
export * from "./prng.ts";
export * from "./sharpe-lw-bootstrap.ts";
