"""Cross-sectional information coefficient (IC): pure numpy, shared by metrics and the synthetic data.

IC of one day = Pearson (default) or Spearman correlation across the factors available that
day between a prediction and the realized mean 5-day return. Days with fewer than 3 available
factors or no variance are skipped. The mean over days is what sdk/data/synth ``meanForwardIC``
reports as ``bestIC`` (Pearson).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

ICMethod = Literal["pearson", "spearman"]


def _rank(a: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank) of a 1-D array."""
    order = np.argsort(a, kind="mergesort")
    ranks = np.empty(a.size, dtype=np.float64)
    ranks[order] = np.arange(a.size, dtype=np.float64)
    _, inv, counts = np.unique(a, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=ranks)
    return sums[inv] / counts[inv]


def daily_ic(pred: np.ndarray, actual: np.ndarray, mask: np.ndarray, method: ICMethod = "pearson") -> np.ndarray:
    """(S,) IC per row of pred/actual (S, N) over mask (S, N) bool; NaN where undefined."""
    pred = np.asarray(pred, dtype=np.float64)
    actual = np.asarray(actual, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    out = np.full(pred.shape[0], np.nan)
    for s in range(pred.shape[0]):
        m = mask[s]
        if m.sum() < 3:
            continue
        p, a = pred[s, m], actual[s, m]
        if method == "spearman":
            p, a = _rank(p), _rank(a)
        p, a = p - p.mean(), a - a.mean()
        den = np.sqrt((p * p).sum() * (a * a).sum())
        if den > 0:
            out[s] = float((p * a).sum() / den)
    return out


def mean_ic(pred: np.ndarray, actual: np.ndarray, mask: np.ndarray, method: ICMethod = "pearson") -> float:
    """Mean of :func:`daily_ic` over the days where it is defined (NaN if none)."""
    ic = daily_ic(pred, actual, mask, method)
    ok = np.isfinite(ic)
    return float(ic[ok].mean()) if ok.any() else float("nan")
