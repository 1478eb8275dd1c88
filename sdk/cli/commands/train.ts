// `t2 train --config configs/quickstart.yaml`: prepare data, ship it to the worker, train the ensemble
// with a progress bar; Ctrl-C cancels cleanly (the worker writes a checkpoint; rerun with --resume).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { MultiBar, Presets } from "cli-progress";
import type { CommandModule } from "yargs";
import { loadDataConfig, synthMarket, writeSynthWorkbook } from "../../data/index.ts";
import { prepareFeatures } from "../../features/index.ts";
import { writeJsonAtomic } from "../../io/index.ts";
import { createLogger } from "../../log/index.ts";
import { loadRunConfig, putFeatureSet, train, type TrainProgress } from "../../train/index.ts";
import { LocalWorker, REPO_ROOT } from "../../worker/index.ts";

function fmt(v: unknown, digits = 3): string {
  return typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "-";
}

export const trainCommand: CommandModule = {
  command: "train",
  describe: "Train an ensemble (data -> features -> worker) with progress bars and checkpoints",
  builder: (y) =>
    y
      .option("config", { type: "string", default: "configs/quickstart.yaml", describe: "run config (data, model, train, seeds, split, out)" })
      .option("resume", { type: "boolean", default: false, describe: "continue from the run's checkpoints" })
      .option("split", { type: "string", describe: "override the config's split (single | walkforward:YYYY)" }),
  handler: async (argv) => {
    const log = createLogger("train");
    const cfg = loadRunConfig(resolve(REPO_ROOT, argv.config as string));
    if (cfg.synth && !existsSync(resolve(REPO_ROOT, cfg.synth.out))) {
      log.info({ out: cfg.synth.out }, "writing the synthetic workbook");
      const { out, ...opts } = cfg.synth;
      await writeSynthWorkbook(synthMarket(opts), resolve(REPO_ROOT, out));
    }
    const prepared = await prepareFeatures(loadDataConfig(resolve(REPO_ROOT, cfg.data)), { baseDir: REPO_ROOT });
    const fs = prepared.features;
    log.info({ days: fs.dates.length, factors: fs.factors.length, features: fs.nFeatures }, "features ready");
    await using worker = await LocalWorker.start({ logger: log });
    const handle = await putFeatureSet(worker, fs);
    const ac = new AbortController();
    const onSigint = () => {
      log.warn("cancelling: the worker writes a checkpoint (rerun with --resume)");
      ac.abort();
    };
    process.once("SIGINT", onSigint);
    const bars = new MultiBar(
      { format: " member {member} |{bar}| epoch {value}/{total} | loss {loss} | val Sharpe {sharpe} | val IC {ic} | {sps} samples/s | ETA {eta}s", hideCursor: true, noTTYOutput: true, notTTYSchedule: 10_000 },
      Presets.shades_classic,
    );
    const perMember = new Map<number, ReturnType<MultiBar["create"]>>();
    const runDir = resolve(REPO_ROOT, cfg.out);
    try {
      const res = await train(
        worker,
        { handle, modelConfig: resolve(REPO_ROOT, cfg.model), trainConfig: resolve(REPO_ROOT, cfg.train), seeds: cfg.seeds, split: (argv.split as string | undefined) ?? cfg.split, runDir, resume: argv.resume as boolean },
        {
          signal: ac.signal,
          onProgress: (p: TrainProgress) => {
            const m = p.member ?? 0;
            let bar = perMember.get(m);
            if (!bar) {
              bar = bars.create(p.epochs ?? 0, 0, { member: `${m + 1}/${p.members ?? 1}` });
              perMember.set(m, bar);
            }
            bar.update(p.epoch ?? 0, {
              member: `${m + 1}/${p.members ?? 1}`,
              loss: fmt(p.loss, 4),
              sharpe: fmt(p.val_sharpe, 2),
              ic: fmt(p.val_ic, 3),
              sps: fmt(p.samples_per_s, 0),
              eta: fmt(p.eta_s, 0),
            });
          },
        },
      );
      bars.stop();
      writeJsonAtomic(join(runDir, "run.json"), { config: cfg, dataHash: handle, ...res });
      console.log(`\n${res.status}: ${res.members.length} members in ${cfg.out}`);
      res.metrics.forEach((m, i) => console.log(`  member ${i + 1}: val Sharpe ${fmt(m.val_sharpe, 2)}, val IC ${fmt(m.val_ic, 3)}, best epoch ${String(m.best_epoch ?? "-")}`));
    } finally {
      bars.stop();
      process.off("SIGINT", onSigint);
    }
  },
};
