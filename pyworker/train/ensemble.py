"""Train an ensemble (PRD 5.4, DESIGN 7: 5 seeds, same data and architecture) member by member.

Members are trained sequentially into ``run_dir/seed_<s>/`` (each a full :func:`train_member`
run, resumable); afterwards the ensemble (``pyworker.model.Ensemble``: mean mu, mean Sigma) is
scored on the validation days and ``run_dir/ensemble.json`` lists member paths and metrics.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from pyworker.atomic import atomic_write_bytes
from pyworker.data import Dataset, Split, WindowSampler
from pyworker.model import Ensemble, ModelConfig, load_member

from .config import TrainConfig
from .errors import TrainConfigError
from .evaluate import evaluate
from .loop import ProgressFn, Status, train_member
from .runtime import resolve_runtime


@dataclass
class EnsembleResult:
    """Outcome of :func:`train_ensemble`."""

    status: Status
    members: list[Path]
    metrics: list[dict[str, Any]] = field(default_factory=list)
    ensemble_val_sharpe: float = float("nan")
    ensemble_val_ic: float = float("nan")


def train_ensemble(dataset: Dataset, split: Split, model_cfg: ModelConfig, train_cfg: TrainConfig,
                   seeds: Sequence[int], run_dir: str | Path, resume: bool = False,
                   on_progress: ProgressFn | None = None, should_stop: Callable[[], bool] | None = None,
                   stop_after_epochs: int | None = None) -> EnsembleResult:
    """Train one member per seed; stop at the first member that is cancelled or stopped."""
    if not seeds or len(set(seeds)) != len(seeds):
        raise TrainConfigError(f"seeds must be a non-empty list of distinct integers, got {list(seeds)}")
    run = Path(run_dir)
    members: list[Path] = []
    metrics: list[dict[str, Any]] = []
    for seed in seeds:
        def progress(d: dict[str, Any], _seed: int = seed) -> None:
            if on_progress is not None:
                on_progress({**d, "member": list(seeds).index(_seed), "members": len(seeds)})

        res = train_member(dataset, split, model_cfg, train_cfg, run / f"seed_{seed}", seed=seed,
                           resume=resume, on_progress=progress, should_stop=should_stop,
                           stop_after_epochs=stop_after_epochs)
        if res.member_path is None:
            return EnsembleResult(res.status, members, metrics)
        members.append(res.member_path)
        metrics.append({"seed": seed, "status": res.status, "best_epoch": res.best_epoch,
                        "val_sharpe": res.best_val_sharpe, "val_ic": res.best_val_ic, "path": str(res.member_path)})
    rt = resolve_runtime(train_cfg)
    ens = Ensemble([load_member(p, device=rt.device)[0] for p in members])
    sampler = WindowSampler(dataset, ens.config.lookback, train_cfg.horizon, rt.device, train_cfg.min_factors)
    with torch.no_grad():
        ev = evaluate(lambda x, m: ens.predict(x, m)[:2], sampler, split.val, train_cfg)
    out = EnsembleResult("completed", members, metrics, ev.sharpe, ev.ic)
    summary = {"members": [str(p) for p in members], "metrics": metrics, "split": split.summary(),
               "ensemble_val_sharpe": ev.sharpe, "ensemble_val_ic": ev.ic}
    blob = json.dumps(summary, indent=2, default=str).encode()
    atomic_write_bytes(run / "ensemble.json", lambda fh: fh.write(blob))
    return out
