// The chart.js UMD bundle's source, read once from node_modules and inlined into the dashboard (no CDN, no network).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, sep } from "node:path";

let cached: string | undefined;

/** chart.js's dist/chart.umd.js (the package's exports map hides dist/; it sits beside the CommonJS entry). */
export function chartJsBundle(): string {
  if (cached === undefined) {
    const entry = createRequire(import.meta.url).resolve("chart.js");
    const root = entry.slice(0, entry.lastIndexOf(`${sep}chart.js${sep}`) + `${sep}chart.js`.length);
    cached = readFileSync(join(root, "dist", "chart.umd.js"), "utf8");
  }
  return cached;
}
