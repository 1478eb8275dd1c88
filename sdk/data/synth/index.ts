// sdk/data/synth: the seeded synthetic factor market (embedded default dataset) and its workbook writer.
export { meanForwardIC, pearson, trailingMean, type IcSummary } from "./best-ic.ts";
export { synthMarket, type SynthMarket, type SynthMeta, type SynthOptions } from "./market.ts";
export { Draws } from "./prng.ts";
export { metaPathFor, writeSynthWorkbook } from "./workbook.ts";
export { synthPanel } from "./panel.ts";
