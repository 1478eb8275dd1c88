"""The mutable position of a training run and its (de)serialization into checkpoints.

Resume refuses a checkpoint whose dataset hash, resolved configs, split or seed differ from
the run being resumed (a :class:`TrainError` naming the field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from pyworker.model import ForecastModel
from pyworker.model.checkpoint import load_portable_state_dict, portable_state_dict

from .checkpoint import code_version, load_checkpoint, save_checkpoint
from .early_stopping import EarlyStopping
from .errors import TrainError

ACCUM = 7  # loss sums x samples: total, ret, cov, portfolio, turnover; skipped steps; samples


@dataclass
class RunState:
    """Where a run stands (everything except model and optimizer tensors)."""

    early: EarlyStopping
    epoch: int = 1  # next (1-based) epoch to run, or the one in progress
    batch: int = 0  # batches of ``epoch`` already done (non-zero only after a cancel)
    accum: list[float] = field(default_factory=lambda: [0.0] * ACCUM)  # partial-epoch sums
    rows: list[dict[str, Any]] = field(default_factory=list)  # training_log.csv rows so far
    status: str = "running"


def save_run_state(path: Path, model: ForecastModel, opt: torch.optim.Optimizer, st: RunState,
                   provenance: dict[str, Any], status: str) -> Path:
    """Atomic checkpoint of model, optimizer, RNG and run position."""
    state: dict[str, Any] = {
        **provenance,
        "code_version": code_version(),
        "status": status,
        "epoch": st.epoch,
        "batch": st.batch,
        "accum": list(st.accum),
        "rows": list(st.rows),
        "early": st.early.to_dict(),
        "model": portable_state_dict(model),
        "optimizer": opt.state_dict(),
        "rng_torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["rng_cuda"] = torch.cuda.get_rng_state_all()
    return save_checkpoint(path, state)


def load_run_state(path: Path, model: ForecastModel, opt: torch.optim.Optimizer,
                   provenance: dict[str, Any]) -> RunState:
    """Restore model, optimizer and RNG from ``path``; check that it belongs to this run."""
    ck = load_checkpoint(path)
    for key, want in provenance.items():
        if ck.get(key) != want:
            raise TrainError(f"cannot resume from {path}: {key} differs from this run's "
                             f"({_short(ck.get(key))} vs {_short(want)})")
    load_portable_state_dict(model, ck["model"])
    opt.load_state_dict(ck["optimizer"])
    torch.set_rng_state(ck["rng_torch"])
    if "rng_cuda" in ck and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(ck["rng_cuda"])
    return RunState(early=EarlyStopping.from_dict(ck["early"]), epoch=int(ck["epoch"]), batch=int(ck["batch"]),
                    accum=[float(v) for v in ck["accum"]], rows=list(ck["rows"]), status=str(ck["status"]))


def restore_best(path: Path, model: ForecastModel, best_epoch: int) -> None:
    """Load the weights of the best epoch (no-op when no best checkpoint exists yet)."""
    if best_epoch < 1 or not path.is_file():
        return
    ck = load_checkpoint(path)
    if int(ck["epoch"]) != best_epoch + 1:
        raise TrainError(f"{path} holds epoch {int(ck['epoch']) - 1}, expected the best epoch {best_epoch}")
    load_portable_state_dict(model, ck["model"])


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) < 80 else s[:77] + "..."
