"""Train / validation / test splits of sample days, with the 5-day purge (DESIGN 4, 7; PRD 5.4).

A sample belongs to the period holding its decision day t. Its target covers t+1..t+5, so a
sample whose target reaches the first day of the next period used (validation after training,
test after validation) is purged: with daily samples that drops the last 5 samples of the
period (DESIGN 4: "purge the 5 days before each validation/test start"). Input windows may
reach back into an earlier period: features use past data only, that is not leakage.

Specs understood by :func:`parse_split`:

- ``single``: PRD 5.4, train 2000-01-01..2015-12-31, validate 2016..2020, test 2021..2025;
- ``walkforward:Y``: DESIGN 7, train from the first date through Y-2, validate Y-1, test Y;
- ``dates:A,B``: train through date A, validate (A, B], test after B (any calendar).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import Dataset
from .errors import DatasetError
from .windows import HORIZON, valid_samples

PRD_SINGLE = {  # PRD 5.4 primary split (inclusive ISO date ranges)
    "train": ("2000-01-01", "2015-12-31"),
    "val": ("2016-01-01", "2020-12-31"),
    "test": ("2021-01-01", "2025-12-31"),
}
Period = tuple[str, str]


@dataclass(frozen=True)
class Split:
    """Sample days (sorted int64 indices into the dataset) of each period."""

    name: str
    """The spec it came from, e.g. 'single' or 'walkforward:2023'."""
    train: np.ndarray
    """Training sample days (purged)."""
    val: np.ndarray
    """Validation sample days (purged before the test start); may be empty."""
    test: np.ndarray
    """Test sample days; may be empty."""
    periods: dict[str, Period]
    """Inclusive ISO date range of each period used."""
    purged: int
    """Samples dropped because their target overlaps the next period."""

    def summary(self) -> dict[str, object]:
        """JSON-able description (saved beside checkpoints)."""
        return {"name": self.name, "periods": {k: list(v) for k, v in self.periods.items()},
                "n_train": int(self.train.size), "n_val": int(self.val.size), "n_test": int(self.test.size),
                "purged": self.purged}


def split_by_dates(ds: Dataset, lookback: int, train: Period, val: Period | None = None, test: Period | None = None,
                   horizon: int = HORIZON, min_factors: int = 2, name: str = "custom") -> Split:
    """Assign valid sample days to inclusive date periods, then purge (module docstring)."""
    periods = {k: p for k, p in (("train", train), ("val", val), ("test", test)) if p is not None}
    for k, (a, b) in periods.items():
        if a > b:
            raise DatasetError("BAD_SPLIT", f"{k} period starts {a} after it ends {b}")
    ordered = list(periods.items())
    for (k1, (_, e1)), (k2, (s2, _)) in zip(ordered, ordered[1:], strict=False):
        if s2 <= e1:
            raise DatasetError("BAD_SPLIT", f"{k2} starts {s2}, not after {k1} ends {e1}")
    samples = valid_samples(ds, lookback, horizon, min_factors)
    dates = np.array(ds.dates)
    out: dict[str, np.ndarray] = {}
    purged = 0
    for pos, (k, (a, b)) in enumerate(ordered):
        d = dates[samples]
        days = samples[(d >= a) & (d <= b)]
        if pos + 1 < len(ordered):
            next_start = ds.index_of_date(ordered[pos + 1][1][0])  # first day of the next period
            keep = days + horizon < next_start
            purged += int((~keep).sum())
            days = days[keep]
        out[k] = days
    if out["train"].size == 0:
        raise DatasetError("EMPTY", f"split {name!r}: no training sample in {train[0]}..{train[1]} "
                                    f"(data {ds.dates[0]}..{ds.dates[-1]}, lookback {lookback})")
    empty = np.zeros(0, np.int64)
    return Split(name, out["train"], out.get("val", empty), out.get("test", empty), periods, purged)


def single_split(ds: Dataset, lookback: int, horizon: int = HORIZON, min_factors: int = 2) -> Split:
    """PRD 5.4: train 2000-2015, validate 2016-2020, test 2021-2025."""
    return split_by_dates(ds, lookback, PRD_SINGLE["train"], PRD_SINGLE["val"], PRD_SINGLE["test"],
                          horizon, min_factors, name="single")


def walk_forward_split(ds: Dataset, lookback: int, test_year: int, horizon: int = HORIZON,
                       min_factors: int = 2) -> Split:
    """DESIGN 7: for test year Y train through Y-2 (expanding from the first date), validate Y-1, test Y."""
    y = int(test_year)
    return split_by_dates(ds, lookback, (ds.dates[0], f"{y - 2}-12-31"), (f"{y - 1}-01-01", f"{y - 1}-12-31"),
                          (f"{y}-01-01", f"{y}-12-31"), horizon, min_factors, name=f"walkforward:{y}")


def parse_split(spec: str, ds: Dataset, lookback: int, horizon: int = HORIZON, min_factors: int = 2) -> Split:
    """Build a split from ``single`` | ``walkforward:Y`` | ``dates:TRAIN_END,VAL_END``."""
    kind, _, arg = spec.partition(":")
    if kind == "single" and not arg:
        return single_split(ds, lookback, horizon, min_factors)
    if kind == "walkforward" and arg.isdigit():
        return walk_forward_split(ds, lookback, int(arg), horizon, min_factors)
    if kind == "dates" and arg.count(",") == 1:
        a, b = arg.split(",")
        after = _next_day(a)
        return split_by_dates(ds, lookback, (ds.dates[0], a), (after, b), (_next_day(b), ds.dates[-1]),
                              horizon, min_factors, name=spec)
    raise DatasetError("BAD_SPLIT", f"unknown split {spec!r}; use single | walkforward:YEAR | dates:TRAIN_END,VAL_END")


def _next_day(iso: str) -> str:
    try:
        return str(np.datetime64(iso, "D") + 1)
    except ValueError as exc:
        raise DatasetError("BAD_SPLIT", f"not an ISO date: {iso!r}") from exc
