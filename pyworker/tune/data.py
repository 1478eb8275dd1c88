"""Load the dataset a tuning/ablation config names (synthetic with a planted signal, or a .npz)."""

from __future__ import annotations

from pyworker.data import Dataset, make_synthetic_dataset

from .config import DataConfig


def load_dataset(cfg: DataConfig) -> Dataset:
    """The full dataset (all periods); tuning cuts it with :func:`pyworker.tune.guard.tuning_view`."""
    if cfg.synthetic is not None:
        s = cfg.synthetic
        return make_synthetic_dataset(T=s.T, N=s.N, seed=s.seed, signal_ic=s.signal_ic, start=s.start)[0]
    return Dataset.from_npz(cfg.npz)
