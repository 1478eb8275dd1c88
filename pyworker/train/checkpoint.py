"""Resumable training checkpoints: atomic ``torch.save`` of plain state, loaded with ``weights_only``.

A checkpoint holds everything needed to continue a run bit for bit on CPU: model weights (in
``pyworker.model``'s backend-neutral layout), AdamW state, torch RNG state(s), the position in
the run (next epoch, batches already done in it, the partial epoch's loss sums), the early
stopping state and the log rows so far; plus provenance: resolved model and train configs, the
dataset hash, split summary, seed and code version. The learning rate is a pure function of the
epoch (:mod:`schedule`), so there is no scheduler object to save.

Files in a run directory: ``checkpoints/last.pt`` (every ``checkpoint_every`` epochs, on cancel,
at the end) and ``checkpoints/best.pt`` (at each new best validation Sharpe).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import torch

from pyworker import __version__
from pyworker.atomic import atomic_write_bytes

FORMAT = "t2-train-checkpoint"
VERSION = 1
REPO_ROOT = Path(__file__).resolve().parents[2]


def code_version() -> str:
    """``git describe --always --dirty`` of the repo, else ``pyworker <version>``."""
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=10, check=True)
        desc = out.stdout.strip()
        if desc:
            return f"git:{desc}"
    except (OSError, subprocess.SubprocessError):
        pass
    return f"pyworker {__version__}"


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> Path:
    """Write ``state`` (tensors, numbers, strings, lists, dicts) atomically."""
    payload = {"format": FORMAT, "version": VERSION, **state}
    return atomic_write_bytes(Path(path), lambda fh: torch.save(payload, fh))


def load_checkpoint(path: str | Path) -> dict[str, Any]:
    """Read a checkpoint written by :func:`save_checkpoint` (no code runs: ``weights_only``)."""
    from .errors import TrainError

    p = Path(path)
    try:
        state = torch.load(p, map_location="cpu", weights_only=True)
    except (OSError, RuntimeError, EOFError) as exc:
        raise TrainError(f"cannot read checkpoint {p}: {exc}") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT or state.get("version") != VERSION:
        raise TrainError(f"{p}: not a {FORMAT} v{VERSION} file")
    return state
