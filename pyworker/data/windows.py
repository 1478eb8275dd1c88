"""Training samples by indexing: input windows, sample masks and 5-day targets (DESIGN 4).

A sample at day t uses ``features[t-L+1 .. t]`` as x (L = lookback) and targets over the
next ``horizon`` = 5 days: ``mu_actual = mean(r[t+1..t+5])`` and ``Sigma_actual`` = sample
covariance (ddof = 1) of ``r[t+1..t+5]``, both in DAILY units. A factor is available in the
sample only if it is observed on every day of the window AND of the target period (DESIGN 4:
"a missing value masks that factor for every sample whose window or target touches it"); its
per-factor feature columns are zeroed in x and its targets are 0. No sample at a halt day.

Windows are gathered per batch from the (T, F) feature tensor; nothing of size (S, L, F) is
ever materialized for the whole dataset.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from .dataset import FEATURES_PER_FACTOR, HALT, MARKET_FEATURES, Dataset
from .errors import DatasetError

HORIZON = 5  # DESIGN 4 / PRD 5.1: targets over t+1..t+5


class Targets(NamedTuple):
    """Targets of one day, as sdk/features ``targetsAt`` (float64, DAILY units)."""

    mu: np.ndarray
    """(N,) mean of r[t+1..t+h]; 0 where masked."""
    sigma: np.ndarray
    """(N, N) sample covariance (ddof = 1) of r[t+1..t+h]; 0 in masked rows/columns."""
    mask: np.ndarray
    """(N,) bool: observed on all h target days."""


class Batch(NamedTuple):
    """One gathered mini-batch (torch, on the sampler's device)."""

    x: torch.Tensor
    """(B, L, F) input windows, masked factors' columns zeroed."""
    mask: torch.Tensor
    """(B, N) bool sample mask (window AND target available)."""
    mu_actual: torch.Tensor
    """(B, N) realized mean daily return over t+1..t+5; 0 where masked."""
    sigma_actual: torch.Tensor
    """(B, N, N) realized daily covariance (ddof = 1); 0 in masked rows/cols."""
    t: torch.Tensor
    """(B,) int64 day index of each sample."""


def targets_at(ds: Dataset, t: int, horizon: int = HORIZON) -> Targets:
    """mu_actual, Sigma_actual and the target mask at day t (for cross-checks with the TS side)."""
    if horizon < 2:
        raise DatasetError("SHAPE", f"horizon must be >= 2 for a covariance, got {horizon}")
    if not 0 <= t < ds.n_days - horizon:
        raise DatasetError("EMPTY", f"t = {t}: targets need 0 <= t < T - {horizon} = {ds.n_days - horizon}")
    r = ds.returns[t + 1 : t + 1 + horizon]  # (h, N)
    m = (ds.mask[t + 1 : t + 1 + horizon] == 1).all(0)  # (N,)
    r = np.where(m[None, :], r, 0.0)
    mu = r.mean(0)  # (N,)
    c = r - mu  # (h, N)
    sigma = c.T @ c / (horizon - 1)  # (N, N)
    return Targets(mu, sigma * np.outer(m, m), m)


def sample_availability(ds: Dataset, lookback: int, horizon: int = HORIZON) -> np.ndarray:
    """(T, N) bool: factor i usable in the sample at t (window and target fully observed).

    False for every t whose window starts before day 0 or whose target runs past the end.
    """
    if lookback < 1:
        raise DatasetError("SHAPE", f"lookback must be >= 1, got {lookback}")
    T, N = ds.mask.shape
    missing = np.vstack([np.zeros((1, N), np.int64), np.cumsum(ds.mask == 0, axis=0)])  # (T+1, N)
    out = np.zeros((T, N), dtype=bool)
    lo, hi = lookback - 1, T - 1 - horizon
    if hi >= lo:
        t = np.arange(lo, hi + 1)
        out[lo : hi + 1] = (missing[t + horizon + 1] - missing[t - lookback + 1]) == 0
    return out


def valid_samples(ds: Dataset, lookback: int, horizon: int = HORIZON, min_factors: int = 2) -> np.ndarray:
    """Sorted int64 days t that make a sample: in range, not a halt day, >= min_factors usable."""
    avail = sample_availability(ds, lookback, horizon)
    ok = (avail.sum(1) >= min_factors) & (ds.day_status != HALT)
    return np.nonzero(ok)[0].astype(np.int64)


def feature_column_mask(factor_mask: torch.Tensor) -> torch.Tensor:
    """(B, N) bool factor mask -> (B, 7N+6) float column mask (feature-major layout, DESIGN 4)."""
    m = factor_mask.to(torch.float32)  # (B, N)
    ones = torch.ones(m.shape[0], MARKET_FEATURES, dtype=m.dtype, device=m.device)  # (B, 6)
    return torch.cat([m.repeat(1, FEATURES_PER_FACTOR), ones], dim=1)  # (B, 7N+6)


class WindowSampler:
    """Gathers batches of samples from one dataset for a fixed lookback.

    >>> from pyworker.data import make_synthetic_dataset
    >>> ds, _ = make_synthetic_dataset(T=80, N=3, seed=0)
    >>> s = WindowSampler(ds, lookback=10)
    >>> s.batch(s.samples[:4]).x.shape
    torch.Size([4, 10, 27])
    """

    def __init__(self, ds: Dataset, lookback: int, horizon: int = HORIZON, device: str | torch.device = "cpu",
                 min_factors: int = 2) -> None:
        self.dataset = ds
        self.lookback = lookback
        self.horizon = horizon
        self.device = torch.device(device)
        self.availability = sample_availability(ds, lookback, horizon)  # (T, N) bool
        self.samples = valid_samples(ds, lookback, horizon, min_factors)  # (S,) int64
        self._valid = np.zeros(ds.n_days, dtype=bool)
        self._valid[self.samples] = True
        self._features = torch.from_numpy(np.array(ds.features)).to(self.device)  # (T, F) float32
        r = np.where(ds.mask == 1, ds.returns, 0.0)
        self._returns = torch.from_numpy(r).to(self.device)  # (T, N) float64, 0 where missing
        self._avail = torch.from_numpy(self.availability).to(self.device)  # (T, N) bool

    def batch(self, t: np.ndarray) -> Batch:
        """Gather the samples at days ``t`` (each must be a valid sample day)."""
        t = np.asarray(t, dtype=np.int64)
        if t.ndim != 1 or t.size == 0:
            raise DatasetError("EMPTY", f"batch needs a non-empty 1-D array of days, got shape {t.shape}")
        if (t < 0).any() or (t >= self.dataset.n_days).any() or not self._valid[t].all():
            bad = int(t[(t < 0) | (t >= self.dataset.n_days)][0]) if ((t < 0) | (t >= self.dataset.n_days)).any() \
                else int(t[~self._valid[t]][0])
            raise DatasetError("EMPTY", f"day {bad} is not a valid sample (lookback {self.lookback}, horizon {self.horizon})")
        tt = torch.from_numpy(t).to(self.device)  # (B,)
        mask = self._avail[tt]  # (B, N)
        win = tt[:, None] + torch.arange(-self.lookback + 1, 1, device=self.device)  # (B, L)
        x = self._features[win] * feature_column_mask(mask)[:, None, :]  # (B, L, F)
        tgt = tt[:, None] + torch.arange(1, self.horizon + 1, device=self.device)  # (B, h)
        m64 = mask.to(torch.float64)  # (B, N)
        r = self._returns[tgt] * m64[:, None, :]  # (B, h, N)
        mu = r.mean(1)  # (B, N)
        c = r - mu[:, None, :]  # (B, h, N)
        sigma = c.transpose(1, 2) @ c / (self.horizon - 1)  # (B, N, N)
        sigma = sigma * (m64[:, :, None] * m64[:, None, :])
        return Batch(x, mask, mu.float(), sigma.float(), tt)

    def epoch_order(self, samples: np.ndarray, seed: int, epoch: int, shuffle: bool = True) -> np.ndarray:
        """The order of ``samples`` in one epoch: a pure function of (seed, epoch)."""
        samples = np.asarray(samples, dtype=np.int64)
        if not shuffle:
            return samples.copy()
        rng = np.random.Generator(np.random.PCG64([seed, epoch]))
        return samples[rng.permutation(samples.size)]


def batches(order: np.ndarray, batch_size: int) -> list[np.ndarray]:
    """Split an ordered array of days into consecutive batches (the last may be smaller)."""
    if batch_size < 1:
        raise DatasetError("SHAPE", f"batch_size must be >= 1, got {batch_size}")
    return [order[i : i + batch_size] for i in range(0, order.size, batch_size)]
