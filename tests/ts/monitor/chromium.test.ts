// The dashboard in headless Chromium (Debian's /usr/bin/chromium, started by the test): it fetches the live state over
// HTTP from a server on 127.0.0.1:0 and renders the numbers, tables and charts with no console errors. Skips without chromium.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { chartJsBundle, createMonitorServer, renderDashboard, writeDailySnapshot } from "../../../sdk/monitor/index.ts";
import { makeSnapshot, writeState } from "./fixture.ts";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
if (!present) console.warn(`monitor chromium test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

// Waits (in Chromium's virtual time) for the dashboard's first render, then records what the canvases hold.
const PROBE = `<script>(function poll(n){if(!window.__dashboardDone&&n<200){setTimeout(function(){poll(n+1);},25);return;}
const out={done:!!window.__dashboardDone,errors:window.__errs||[],canvases:[]};
document.querySelectorAll('canvas').forEach(c=>{const d=c.getContext('2d').getImageData(0,0,c.width,c.height).data;let p=0;for(let i=3;i<d.length;i+=4)if(d[i]!==0)p++;out.canvases.push({id:c.id,painted:p});});
const e=document.createElement('pre');e.id='probe';e.textContent=JSON.stringify(out);document.body.appendChild(e);})(0);</script>`;

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
/** Text content of the element with `id` in the dumped DOM (tags stripped). */
const text = (dom: string, id: string) => unescape((new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(div|span|b|pre|tbody)>`).exec(dom)?.[1] ?? "").replace(/<[^>]+>/g, "|"));

describe.skipIf(!present)(`dashboard in headless Chromium (skipped when ${CHROMIUM} is not installed: apt-get install -y chromium)`, () => {
  it("renders the live numbers, tables and every chart without console errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "monitor-chromium-"));
    const app = createMonitorServer({ stateDir: join(dir, "daily") });
    try {
      writeState(join(dir, "daily"), 40);
      // The page GET / serves, plus the probe (routes must be added before listen).
      const html = renderDashboard(chartJsBundle()).replace("</body>", `${PROBE}</body>`);
      app.get("/probe", (_req, reply) => reply.type("text/html").send(html));
      await app.listen({ host: "127.0.0.1", port: 0 });
      const addr = app.server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      // Written after the server started: the page must show it (live state, not a cached render).
      writeDailySnapshot(join(dir, "daily"), { ...makeSnapshot("2024-03-29"), nav: 9_876_543.21, optimizer: { status: "relaxed", message: "vol 9.5%" } });

      const { stdout, stderr } = await promisify(execFile)(
        CHROMIUM,
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${join(dir, "profile")}`, "--window-size=1280,2400", "--virtual-time-budget=5000", "--dump-dom", `http://127.0.0.1:${port}/probe`],
        { encoding: "utf8", timeout: 60_000, maxBuffer: 64 << 20 },
      );
      const m = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(stdout);
      expect(m, `no probe output; stderr: ${stderr.slice(-2000)}`).not.toBeNull();
      const probe = JSON.parse(unescape(m?.[1] as string)) as { done: boolean; errors: string[]; canvases: { id: string; painted: number }[] };
      expect(probe.errors).toEqual([]);
      expect(probe.done).toBe(true);
      expect(stdout).toContain('data-state="ready"');
      expect(text(stdout, "client-errors")).toBe("");
      expect(text(stdout, "asof")).toBe("2024-03-29");
      expect(text(stdout, "nav")).toBe("9,876,543.21");
      expect(text(stdout, "optimizer-status")).toBe("relaxed");
      expect(text(stdout, "active-positions")).toBe("4");
      expect(text(stdout, "turnover")).toBe("30.00%");
      expect(text(stdout, "var95")).toBe("0.80% / 50% of limit");
      expect(text(stdout, "winsorized")).toBe("3");
      expect(text(stdout, "alerts")).toContain("CRITICAL|");
      expect(text(stdout, "alerts")).toContain("SOLVER_INFEASIBLE");
      expect(text(stdout, "top-predictions").split("|").filter(Boolean).slice(0, 4)).toEqual(["value", "0.600%", "1.000%", "0.60"]);
      expect(text(stdout, "positions").split("|").filter(Boolean).slice(0, 3)).toEqual(["value", "40.00%", "25.00%"]);
      expect(text(stdout, "eigen-note")).toMatch(/^largest \d\.\d{3}e-\d+, smallest/);
      expect(text(stdout, "feature-drift")).toContain("vol_60d_z");
      const ids = probe.canvases.map((c) => c.id).sort();
      expect(ids).toEqual(["chart-drawdown", "chart-eigen", "chart-nav", "chart-pnl", "chart-positions", "chart-quality", "chart-sharpe", "chart-turnover", "chart-vol"]);
      for (const c of probe.canvases) expect(c.painted, `${c.id} is blank`).toBeGreaterThan(500);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
