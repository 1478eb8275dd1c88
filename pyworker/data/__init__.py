"""Worker-side dataset (issue 6): the shipped FeatureSet, windows/targets by indexing, splits, synthetic data.

Public API::

    ds = Dataset.create(features, returns, mask, dates, factors)   # or Dataset.from_npz(path)
    ds.data_hash                                                   # sha256 saved in checkpoints
    sampler = WindowSampler(ds, lookback=60)                       # sampler.samples: valid days
    batch = sampler.batch(days)                                    # x (B,L,F), mask, mu/Sigma actual
    targets_at(ds, t)                                              # cross-check with sdk/features
    split = parse_split("walkforward:2023", ds, lookback=60)       # purged train/val/test days
    ds, info = make_synthetic_dataset(T=800, N=8, seed=0, signal_ic=0.3)
"""

from .dataset import Dataset
from .errors import DatasetError
from .ic import daily_ic, mean_ic
from .splits import PRD_SINGLE, Split, parse_split, single_split, split_by_dates, walk_forward_split
from .synthetic import SyntheticInfo, kappa_for_ic, make_synthetic_dataset
from .windows import (
    HORIZON,
    Batch,
    Targets,
    WindowSampler,
    batches,
    feature_column_mask,
    sample_availability,
    targets_at,
    valid_samples,
)

__all__ = [
    "HORIZON",
    "PRD_SINGLE",
    "Batch",
    "Dataset",
    "DatasetError",
    "Split",
    "SyntheticInfo",
    "Targets",
    "WindowSampler",
    "batches",
    "daily_ic",
    "feature_column_mask",
    "kappa_for_ic",
    "make_synthetic_dataset",
    "mean_ic",
    "parse_split",
    "sample_availability",
    "single_split",
    "split_by_dates",
    "targets_at",
    "valid_samples",
    "walk_forward_split",
]
