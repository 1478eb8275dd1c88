// Opens the report in headless Chromium: every chart canvas has drawn pixels and the console has no errors.
// Skips when /usr/bin/chromium is absent (Debian package `chromium`). No playwright: the page gets a probe script
// and `--dump-dom` prints the DOM (with the probe's findings) after the scripts ran. Network is never needed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartJsSource, renderReport } from "../../../sdk/report/index.ts";
import { smallReportData } from "./fixture-run.ts";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
if (!present) console.warn(`chromium test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const CAPTURE = `<script>window.__errs=[];window.addEventListener('error',e=>window.__errs.push(String(e.message)));const ce=console.error;console.error=(...a)=>{window.__errs.push(a.map(String).join(' '));ce.apply(console,a);};</script>`;
const PROBE = `<script>(function(){const out={done:!!window.__chartsDone,errors:window.__errs,canvases:[]};
document.querySelectorAll('canvas').forEach(c=>{const ctx=c.getContext('2d');const d=ctx.getImageData(0,0,c.width,c.height).data;let painted=0;for(let i=3;i<d.length;i+=4)if(d[i]!==0)painted++;out.canvases.push({id:c.id,w:c.width,h:c.height,painted:painted,url:c.toDataURL().length});});
const p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify(out);document.body.appendChild(p);})();</script>`;

describe.skipIf(!present)(`report in headless Chromium (skipped when ${CHROMIUM} is not installed: apt-get install -y chromium)`, () => {
  it("renders every chart (non-blank canvases) without console errors", async () => {
    const html = renderReport(await smallReportData(), chartJsSource()).replace("<head>", `<head>${CAPTURE}`).replace("</body>", `${PROBE}</body>`);
    const dir = mkdtempSync(join(tmpdir(), "report-chromium-"));
    try {
      const file = join(dir, "report.html");
      writeFileSync(file, html);
      const r = spawnSync(
        CHROMIUM,
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${join(dir, "profile")}`, "--window-size=1280,2000", "--virtual-time-budget=10000", "--dump-dom", `file://${file}`],
        { encoding: "utf8", timeout: 60_000 },
      );
      const m = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(r.stdout);
      expect(m, `no probe output; stderr: ${r.stderr.slice(-2000)}`).not.toBeNull();
      const probe = JSON.parse((m?.[1] as string).replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")) as {
        done: boolean;
        errors: string[];
        canvases: { id: string; w: number; h: number; painted: number; url: number }[];
      };
      expect(probe.errors).toEqual([]);
      expect(probe.done).toBe(true);
      expect(probe.canvases.map((c) => c.id)).toContain("chart-equity");
      for (const c of probe.canvases) {
        expect(c.w, c.id).toBeGreaterThan(0);
        expect(c.painted, `${c.id} is blank`).toBeGreaterThan(500);
        expect(c.url, c.id).toBeGreaterThan(2000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
