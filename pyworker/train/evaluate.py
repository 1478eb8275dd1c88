"""Validation of a model (or an ensemble) on a set of sample days: strategy Sharpe and IC.

``val_ic``: mean over the days of the cross-sectional Pearson (or Spearman) correlation between
predicted mu and realized mu_actual over the sample's available factors (pyworker.data.ic).
``val_sharpe``: see :mod:`pyworker.train.metrics`. With ``sigma_source: sample`` the weights use the
trailing sample covariance (:mod:`pyworker.train.sample_cov`), as in training.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from pyworker.data import WindowSampler, batches, mean_ic

from .config import TrainConfig
from .metrics import annualized_sharpe, period_returns, rebalance_days
from .sample_cov import TrailingSampleCov
from .weights import portfolio_weights

PredictFn = Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]


@dataclass(frozen=True)
class EvalResult:
    """Metrics of one evaluation."""

    sharpe: float
    """Annualized Sharpe of the non-overlapping 5-day rebalanced strategy."""
    ic: float
    """Mean cross-sectional IC of mu vs mu_actual."""
    n_days: int
    """Sample days evaluated for the IC."""
    n_rebalances: int
    """Rebalance days of the strategy."""


def evaluate(predict: PredictFn, sampler: WindowSampler, days: np.ndarray, cfg: TrainConfig,
             autocast: contextlib.AbstractContextManager[object] | None = None) -> EvalResult:
    """Run ``predict(x, mask) -> (mu, sigma)`` on ``days`` without gradients and score it."""
    days = np.asarray(days, dtype=np.int64)
    if days.size == 0:
        return EvalResult(float("nan"), float("nan"), 0, 0)
    reb = set(rebalance_days(days, cfg.rebalance_every).tolist())
    sample_sigma = (TrailingSampleCov.from_dataset(sampler.dataset, sampler.lookback, sampler.device)
                    if cfg.sigma_source == "sample" else None)
    mus, acts, masks, ws, wdays = [], [], [], [], []
    with torch.no_grad():
        for idx in batches(days, cfg.eval_batch_size):
            b = sampler.batch(idx)
            with autocast or contextlib.nullcontext():
                mu, sigma = predict(b.x, b.mask)
            mu, sigma = mu.float(), sigma.float()
            mus.append(mu.cpu().numpy())
            acts.append(b.mu_actual.cpu().numpy())
            masks.append(b.mask.cpu().numpy())
            sel = np.array([int(t) in reb for t in idx])
            if sel.any():
                s = torch.from_numpy(sel).to(mu.device)
                sig = sigma[s] if sample_sigma is None else sample_sigma(idx[sel], b.mask[s])
                ws.append(portfolio_weights(mu[s], sig, b.mask[s], cfg).double().cpu().numpy())
                wdays.append(idx[sel])
    ic = mean_ic(np.concatenate(mus), np.concatenate(acts), np.concatenate(masks), cfg.ic_method)
    w, rd = np.concatenate(ws), np.concatenate(wdays)
    daily = period_returns(w, sampler.dataset.returns, rd, cfg.horizon)
    return EvalResult(annualized_sharpe(daily), ic, int(days.size), int(rd.size))
