"""Score one parameter set: train every seed, report per-epoch validation Sharpe, measure returns.

The objective of a trial is the mean over its training seeds of the validation Sharpe of the
best-epoch member (PRD 8.2 "Metric: Validation Sharpe ratio"), computed on the validation
days only, from a dataset cut before the test period (:mod:`pyworker.tune.guard`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pyworker.data import Dataset, WindowSampler, parse_split
from pyworker.model import ModelConfig, load_member
from pyworker.reference.stats import sharpe_moments
from pyworker.train import TrainConfig, annualized_sharpe, resolve_runtime, train_member

from .guard import tuning_view
from .space import apply_params
from .validation import validation_returns

ReportFn = Callable[[int, float], None]


@dataclass(frozen=True)
class TrialMetrics:
    """What one parameter set achieved on the validation days."""

    val_sharpe: float
    """Mean over seeds of the annualized validation Sharpe (the objective)."""
    per_seed: list[dict[str, Any]]
    """Per seed: val_sharpe, val_ic, best_epoch, epochs_done, status."""
    val_returns: list[float]
    """Daily validation portfolio returns, averaged over seeds (for the DSR)."""
    moments: dict[str, float]
    """Per-day Sharpe, n, skew, kurtosis of ``val_returns`` (Bailey & Lopez de Prado)."""
    data_hash: str
    """sha256 of the dataset the trial could read (cut before the test period)."""
    split: dict[str, object]
    model_config: dict[str, Any]
    train_config: dict[str, Any]
    seed_returns: list[np.ndarray]
    """(D,) daily validation returns of each seed, in ``per_seed`` order."""


def run_params(ds: Dataset, split_spec: str, model_cfg: ModelConfig, train_cfg: TrainConfig,
               params: Mapping[str, Any], seeds: Sequence[int], run_dir: Path, report: ReportFn | None = None
               ) -> TrialMetrics:
    """Train ``seeds`` with ``params`` applied into ``run_dir/seed_<s>`` and score them.

    ``report(step, val_sharpe)`` is called after every epoch (step = seed index * epochs + epoch)
    and may raise (optuna.TrialPruned) to stop the trial.
    """
    mcfg, tcfg = apply_params(model_cfg, train_cfg, params)
    mcfg = mcfg.with_factors(ds.n_factors)
    view, split = tuning_view(ds, parse_split(split_spec, ds, mcfg.lookback, tcfg.horizon, tcfg.min_factors),
                              tcfg.horizon)
    per_seed: list[dict[str, Any]] = []
    rets: list[np.ndarray] = []
    for k, seed in enumerate(seeds):
        def progress(d: dict[str, Any], _k: int = k) -> None:
            v = float(d["val_sharpe"])
            if report is not None and math.isfinite(v):
                report(_k * tcfg.epochs + int(d["epoch"]), v)

        res = train_member(view, split, mcfg, tcfg, run_dir / f"seed_{seed}", seed=seed, on_progress=progress)
        assert res.member_path is not None
        daily = member_returns(res.member_path, view, split.val, tcfg)
        rets.append(daily)
        per_seed.append({"seed": seed, "val_sharpe": annualized_sharpe(daily), "loop_val_sharpe": res.best_val_sharpe,
                         "val_ic": res.best_val_ic, "best_epoch": res.best_epoch, "epochs_done": res.epochs_done,
                         "status": res.status})
    mean = np.mean(np.stack(rets), axis=0)
    return TrialMetrics(float(np.mean([p["val_sharpe"] for p in per_seed])), per_seed, mean.tolist(),
                        sharpe_moments(mean) if mean.size > 3 else {}, view.data_hash, split.summary(),
                        mcfg.to_dict(), tcfg.to_dict(), rets)


def member_returns(path: Path, ds: Dataset, days: np.ndarray, cfg: TrainConfig) -> np.ndarray:
    """Daily validation returns of a saved member (Sigma per ``cfg.sigma_source``)."""
    rt = resolve_runtime(cfg)
    model, mcfg, _ = load_member(path, device=rt.device)
    sampler = WindowSampler(ds, mcfg.lookback, cfg.horizon, rt.device, cfg.min_factors)
    return validation_returns(lambda x, m: tuple(model(x, m)), sampler, days, cfg)[1]  # type: ignore[arg-type,return-value]
