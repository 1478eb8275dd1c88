"""Train one model (one ensemble member): the epoch loop with checkpoints, resume and cancellation.

``train_member(dataset, split, model_cfg, train_cfg, run_dir, seed)`` writes into ``run_dir``:
``config.json`` (resolved configs, data hash, split, seed, code version), ``training_log.csv``,
``checkpoints/{last,best}.pt`` and, when the run finishes, ``member.safetensors`` (the weights
of the best validation-Sharpe epoch, via ``pyworker.model.save_member``).

Determinism: initial weights from ``build_model(seed)``, batch order a pure function of
(seed, epoch), dropout from the global torch RNG seeded with ``seed`` and saved in every
checkpoint, learning rate a pure function of the epoch. On CPU two runs with the same seed end
with identical weights, and a run cancelled anywhere (between batches) and resumed ends exactly
like an uninterrupted one.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch

from pyworker.atomic import atomic_write_bytes
from pyworker.data import Dataset, Split, WindowSampler, batches
from pyworker.model import ModelConfig, build_model, compile_model, save_member
from pyworker.portfolio import FactorCov

from .checkpoint import code_version
from .config import TrainConfig
from .early_stopping import EarlyStopping
from .errors import TrainError
from .evaluate import evaluate
from .log import write_log
from .loss import LossWeights, compute_loss
from .runtime import resolve_runtime
from .sample_cov import TrailingSampleCov
from .schedule import lr_at
from .state import RunState, load_run_state, restore_best, save_run_state
from .weights import portfolio_weights

Status = Literal["completed", "early_stopped", "cancelled", "stopped"]
ProgressFn = Callable[[dict[str, Any]], None]


@dataclass
class TrainResult:
    """Outcome of :func:`train_member`."""

    status: Status
    run_dir: Path
    epochs_done: int
    best_epoch: int
    best_val_sharpe: float
    best_val_ic: float
    member_path: Path | None
    history: list[dict[str, Any]] = field(default_factory=list)


def loss_weights(cfg: TrainConfig) -> LossWeights:
    return LossWeights(cfg.alpha, cfg.beta, cfg.gamma, cfg.lambda_tc, cfg.huber_delta, cfg.return_loss_scale,
                       cfg.cov_loss_scale, cfg.sharpe_eps)


def train_member(dataset: Dataset, split: Split, model_cfg: ModelConfig, train_cfg: TrainConfig,
                 run_dir: str | Path, seed: int = 0, resume: bool = False, on_progress: ProgressFn | None = None,
                 should_stop: Callable[[], bool] | None = None, stop_after_epochs: int | None = None) -> TrainResult:
    """Train (or resume) one member; returns when finished, early-stopped, cancelled or stopped.

    ``should_stop()`` is polled before every batch: on True a checkpoint is written and the
    status is 'cancelled'. ``stop_after_epochs`` ends the call after that many epochs of this
    call with status 'stopped' (a checkpoint too): used to simulate a killed run.
    """
    cfg, rt = train_cfg, resolve_runtime(train_cfg)
    model_cfg = model_cfg.with_factors(dataset.n_factors)
    run = Path(run_dir)
    sampler = WindowSampler(dataset, model_cfg.lookback, cfg.horizon, rt.device, cfg.min_factors)
    for name, days in (("train", split.train), ("val", split.val)):
        if days.size and not np.isin(days, sampler.samples).all():
            raise TrainError(f"split {split.name!r}: some {name} days are not valid samples for lookback "
                             f"{model_cfg.lookback}; build the split with the model's lookback")
    provenance = {"model_config": model_cfg.to_dict(), "train_config": cfg.to_dict(), "data_hash": dataset.data_hash,
                  "split": split.summary(), "seed": seed}
    model = build_model(model_cfg, device=rt.device, seed=seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr_at(1, cfg.lr, cfg.lr_min, cfg.warmup_epochs, cfg.epochs),
                            betas=cfg.betas, eps=cfg.adam_eps, weight_decay=cfg.weight_decay)
    torch.manual_seed(seed)
    st = RunState(early=EarlyStopping(cfg.patience, cfg.min_delta))
    ckpt_dir = run / "checkpoints"
    if resume and (ckpt_dir / "last.pt").is_file():
        st = load_run_state(ckpt_dir / "last.pt", model, opt, provenance)
    else:
        run.mkdir(parents=True, exist_ok=True)
        meta = {**provenance, "code_version": code_version(), "device": str(rt.device), "bf16": rt.bf16}
        blob = json.dumps(meta, indent=2, sort_keys=True).encode()
        atomic_write_bytes(run / "config.json", lambda fh: fh.write(blob))
    if rt.compile:
        compile_model(model)
    lw = loss_weights(cfg)
    need_w = cfg.gamma > 0 or cfg.lambda_tc > 0
    # sigma_source: sample -> the layer gets the window's trailing sample covariance, so the covariance
    # head learns only from the Frobenius term (beta) and gets no gradient from the portfolio term.
    sample_sigma = (TrailingSampleCov.from_dataset(dataset, model_cfg.lookback, rt.device)
                    if cfg.sigma_source == "sample" else None)

    def save(which: str, status: str) -> None:
        save_run_state(ckpt_dir / f"{which}.pt", model, opt, st, provenance, status)

    def result(status: Status, member: Path | None) -> TrainResult:
        best = next((r for r in st.rows if r["epoch"] == st.early.best_epoch), {})
        return TrainResult(status, run, st.epoch - 1, st.early.best_epoch,
                           st.early.best, float(best.get("val_ic", math.nan)), member, list(st.rows))

    if st.status in ("completed", "early_stopped"):
        return result(st.status, run / "member.safetensors")  # type: ignore[arg-type]
    epochs_this_call = 0
    status: Status = "completed"
    while st.epoch <= cfg.epochs:
        epoch, t0 = st.epoch, time.perf_counter()
        lr = lr_at(epoch, cfg.lr, cfg.lr_min, cfg.warmup_epochs, cfg.epochs)
        for group in opt.param_groups:
            group["lr"] = lr
        model.train()
        plan = batches(sampler.epoch_order(split.train, seed, epoch), cfg.batch_size)
        for bi in range(st.batch, len(plan)):
            if should_stop is not None and should_stop():
                st.batch = bi
                save("last", "cancelled")
                write_log(run / "training_log.csv", st.rows)
                return result("cancelled", None)
            b = sampler.batch(plan[bi])
            with rt.autocast():
                (mu, sigma), (g, d) = model.forward_factored(b.x, b.mask)
            mu, sigma = mu.float(), sigma.float()
            # The layer solves with the head's factor form (same weights as the dense Sigma, faster).
            w_sigma = FactorCov(g.float(), d.float()) if sample_sigma is None else sample_sigma(b.t, b.mask)
            w = portfolio_weights(mu, w_sigma, b.mask, cfg) if need_w else None
            parts = compute_loss(mu, sigma, w, b.mu_actual, b.sigma_actual, b.mask, b.t, lw)
            opt.zero_grad(set_to_none=True)
            if not torch.isfinite(parts.total):
                st.accum[5] += 1  # skipped step (non-finite loss); counted in the log as skipped_steps
                continue
            parts.total.backward()
            norm = torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            # Should stay 0: solve_fast's gradients are finite since issue 5 (degenerate faces get a zero
            # gradient); a count > 0 in the log's skipped_steps is a bug: report the batch.
            if not torch.isfinite(norm):  # skip, never poison the weights
                opt.zero_grad(set_to_none=True)
                st.accum[5] += 1
                continue
            opt.step()
            n = len(plan[bi])
            for k, v in enumerate(parts):
                st.accum[k] += float(v.detach()) * n
            st.accum[6] += n
        train_s = time.perf_counter() - t0
        model.eval()
        ev = evaluate(model, sampler, split.val, cfg, rt.autocast())
        count = max(st.accum[6], 1.0)
        monitored = ev.sharpe if split.val.size else -st.accum[0] / count  # no validation: monitor -train loss
        st.early = st.early.step(epoch, monitored)
        row = {"epoch": epoch, "lr": lr, "loss": st.accum[0] / count, "loss_return": st.accum[1] / count,
               "loss_cov": st.accum[2] / count, "loss_portfolio": st.accum[3] / count,
               "loss_turnover": st.accum[4] / count,
               "val_sharpe": ev.sharpe, "val_ic": ev.ic, "best_epoch": st.early.best_epoch,
               "skipped_steps": int(st.accum[5]), "samples_per_s": st.accum[6] / max(train_s, 1e-9),
               "epoch_s": time.perf_counter() - t0}
        st.rows.append(row)
        st.epoch, st.batch, st.accum = epoch + 1, 0, [0.0] * 7
        epochs_this_call += 1
        if st.early.improved:
            save("best", "running")
        stop_early = st.early.should_stop
        if epoch % cfg.checkpoint_every == 0 and not stop_early and epoch < cfg.epochs:
            save("last", "running")
        write_log(run / "training_log.csv", st.rows)
        if on_progress is not None:
            mean_s = float(np.mean([r["epoch_s"] for r in st.rows[-epochs_this_call:]]))
            on_progress({**row, "epochs": cfg.epochs, "seed": seed, "best_val_sharpe": st.early.best,
                         "eta_s": mean_s * (cfg.epochs - epoch)})
        if stop_early:
            status = "early_stopped"
            break
        if stop_after_epochs is not None and epochs_this_call >= stop_after_epochs and st.epoch <= cfg.epochs:
            save("last", "stopped")
            return result("stopped", None)
    st.status = status
    save("last", status)
    restore_best(ckpt_dir / "best.pt", model, st.early.best_epoch)
    meta = {**provenance, "code_version": code_version(), "best_epoch": st.early.best_epoch,
            "val_sharpe": st.early.best, "status": status}
    member = save_member(run / "member.safetensors", model, model_cfg, json.loads(json.dumps(meta, default=str)))
    return result(status, member)
