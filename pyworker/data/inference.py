"""Inference windows: the input at day t for a forecast made at the close of t (no target needed).

Unlike training samples, an inference window only needs the factor observed over the lookback
window t-L+1..t (DESIGN 4); the future is unknown at prediction time.
"""

from __future__ import annotations

import numpy as np
import torch

from .dataset import Dataset
from .errors import DatasetError
from .windows import feature_column_mask


def inference_batch(ds: Dataset, days: np.ndarray, lookback: int) -> tuple[torch.Tensor, torch.Tensor]:
    """x (B, L, F) float32 with unavailable factors' columns zeroed, and the (B, N) bool mask."""
    t = np.asarray(days, dtype=np.int64)
    if t.ndim != 1 or t.size == 0:
        raise DatasetError("EMPTY", f"need a non-empty 1-D array of days, got shape {t.shape}")
    bad = t[(t < lookback - 1) | (t >= ds.n_days)]
    if bad.size:
        raise DatasetError("EMPTY", f"day {int(bad[0])} has no full {lookback}-day window in a dataset of {ds.n_days} days")
    win = t[:, None] + np.arange(-lookback + 1, 1)[None, :]  # (B, L)
    mask = torch.from_numpy((ds.mask[win] == 1).all(1))  # (B, N)
    x = torch.from_numpy(np.ascontiguousarray(ds.features[win], dtype=np.float32))  # (B, L, F)
    x = x * feature_column_mask(mask)[:, None, :]
    return x, mask
