"""Tuning never sees the test period: the dataset is cut after the last validation target day.

``tuning_view(ds, split)`` returns a dataset holding only days ``0 .. max(val) + horizon`` (the
last validation sample's target) and the split without test days. The purge of
:func:`pyworker.data.parse_split` guarantees that this cut ends before the first test day; the
function checks it and raises :class:`TuneError` otherwise. Model selection on validation years
therefore cannot read a test-year feature or return.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from pyworker.data import HORIZON, Dataset, Split

from .errors import TuneError


def tuning_end(split: Split, horizon: int = HORIZON) -> int:
    """Exclusive end day of the data tuning may read (last validation target day + 1)."""
    if split.val.size == 0:
        raise TuneError(f"split {split.name!r} has no validation days; tuning needs validation years")
    end = int(split.val.max()) + horizon + 1
    if split.test.size and end > int(split.test.min()):
        raise TuneError(f"split {split.name!r}: validation targets reach day {end - 1}, "
                        f"past the first test day {int(split.test.min())}")
    return end


def tuning_view(ds: Dataset, split: Split, horizon: int = HORIZON) -> tuple[Dataset, Split]:
    """(dataset cut before the test period, split with no test days); see the module docstring."""
    end = tuning_end(split, horizon)
    status = ds.day_status[:end] if ds.day_status.size else None
    view = Dataset.create(ds.features[:end], ds.returns[:end], ds.mask[:end], ds.dates[:end], ds.factors, status)
    periods = {k: v for k, v in split.periods.items() if k != "test"}
    cut = dataclasses.replace(split, test=np.zeros(0, np.int64), periods=periods)
    return view, cut
