"""The experiment log: one JSON line per finished trial, readable by ``tune experiments``.

Each record holds the study and phase, trial number and state, params, the resolved model and
train configs, training seeds, the hash of the data the trial could read, the split, metrics
(validation Sharpe per seed, IC, best epoch, return moments), the daily validation returns,
duration, worker index, host and code version. The same record is stored in the optuna
trial's user attrs, so a study shared by several machines keeps it in the database too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

RECORD_KEYS = ("study", "phase", "trial", "state", "params", "seeds", "data_hash", "metrics", "duration_s",
               "model_config", "train_config", "split", "val_returns", "worker", "host", "code_version",
               "started_at")


def append_record(path: Path, record: Mapping[str, Any]) -> None:
    """Append one line (a single O_APPEND write, so concurrent writers do not interleave lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, sort_keys=True, default=_jsonable) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def read_records(path: Path) -> list[dict[str, Any]]:
    """All records of a log (a missing file is an empty log)."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def find_record(records: Iterable[Mapping[str, Any]], trial: int, phase: str | None = None) -> dict[str, Any]:
    """The record of ``trial`` (in ``phase`` when given); KeyError when absent."""
    hits = [dict(r) for r in records if r["trial"] == trial and (phase is None or r["phase"] == phase)]
    if not hits:
        raise KeyError(f"no trial {trial}" + (f" in phase {phase}" if phase else ""))
    if len(hits) > 1:
        raise KeyError(f"trial {trial} exists in phases {[h['phase'] for h in hits]}; pass --phase")
    return hits[0]


def _jsonable(v: Any) -> Any:
    if hasattr(v, "tolist"):
        return v.tolist()
    return str(v)
