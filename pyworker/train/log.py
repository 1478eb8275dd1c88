"""``training_log.csv`` in the run directory: one row per epoch, rewritten atomically each epoch."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyworker.atomic import atomic_write_bytes

COLUMNS = ("epoch", "lr", "loss", "loss_return", "loss_cov", "loss_portfolio", "loss_turnover", "val_sharpe",
           "val_ic", "best_epoch", "skipped_steps", "samples_per_s", "epoch_s")


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "nan" if math.isnan(v) else repr(v)
    return str(v)


def write_log(path: str | Path, rows: Sequence[dict[str, Any]]) -> Path:
    """Rewrite the CSV with ``rows`` (keys from :data:`COLUMNS`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_fmt(row.get(k, "")) for k in COLUMNS])
    data = buf.getvalue().encode("utf-8")
    return atomic_write_bytes(Path(path), lambda fh: fh.write(data))


def read_log(path: str | Path) -> list[dict[str, str]]:
    """The rows of a training log as strings."""
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
