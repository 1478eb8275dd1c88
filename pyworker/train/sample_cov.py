"""Trailing sample covariance of a sample's own input window, for ``sigma_source: sample`` (PRD 8.3).

The "single head with sample covariance" ablation feeds the portfolio layer
``Sigma(t) = cov(r[t-L+1..t], ddof=1) + ridge I`` (L = the model's lookback) instead of the
covariance head's Sigma, in training and in validation. Only returns up to the window's last
day t are read (no look-ahead: the targets start at t+1). Masked factors follow the model's mask
contract (:func:`pyworker.model.apply_mask`): their rows and columns are 0 except the diagonal.
Missing returns count as 0; an available factor is observed on every window day (DESIGN 4), so
its entries are exact.
"""

from __future__ import annotations

import numpy as np
import torch

from pyworker.data import Dataset
from pyworker.model import apply_mask

SAMPLE_COV_RIDGE = 1.0e-8
"""Added to the diagonal (daily variance units, ~1e-4 for a factor): keeps Sigma PD when L <= N."""


class TrailingSampleCov:
    """``Sigma(t, mask)`` (B, N, N) from the trailing ``lookback`` daily returns ending at day t.

    >>> from pyworker.data import make_synthetic_dataset
    >>> ds, _ = make_synthetic_dataset(T=60, N=3, seed=0)
    >>> TrailingSampleCov(ds.returns, 10)(torch.tensor([20, 30]), torch.ones(2, 3, dtype=torch.bool)).shape
    torch.Size([2, 3, 3])
    """

    def __init__(self, returns: np.ndarray, lookback: int, ridge: float = SAMPLE_COV_RIDGE,
                 device: str | torch.device = "cpu") -> None:
        if lookback < 2:
            raise ValueError(f"a sample covariance needs lookback >= 2, got {lookback}")
        self.lookback, self.ridge = lookback, ridge
        self._r = torch.from_numpy(np.nan_to_num(np.asarray(returns, dtype=np.float64))).to(device)  # (T, N)

    @classmethod
    def from_dataset(cls, ds: Dataset, lookback: int, device: str | torch.device = "cpu") -> TrailingSampleCov:
        """From a Dataset's returns, missing days as 0 (the WindowSampler's convention)."""
        return cls(np.where(ds.mask == 1, ds.returns, 0.0), lookback, device=device)

    def __call__(self, t: torch.Tensor | np.ndarray, mask: torch.Tensor) -> torch.Tensor:
        """(B, N, N) float32 on ``mask``'s device for sample days ``t`` (B,) and mask (B, N) bool."""
        tt = torch.as_tensor(np.asarray(t, dtype=np.int64) if isinstance(t, np.ndarray) else t,
                             device=self._r.device, dtype=torch.int64)  # (B,)
        if (tt < self.lookback - 1).any():
            raise ValueError(f"day {int(tt.min())} has fewer than {self.lookback} days of history")
        win = tt[:, None] + torch.arange(-self.lookback + 1, 1, device=self._r.device)  # (B, L) days t-L+1..t
        x = self._r[win]  # (B, L, N)
        c = x - x.mean(1, keepdim=True)  # (B, L, N)
        n = self._r.shape[1]
        s = c.transpose(1, 2) @ c / (self.lookback - 1) + self.ridge * torch.eye(n, dtype=c.dtype, device=c.device)
        s32 = s.to(device=mask.device, dtype=torch.float32)  # (B, N, N)
        return apply_mask(torch.zeros(s32.shape[:2], device=mask.device), s32, mask)[1]
