"""Validation portfolio returns of a trained model, for the objective, the DSR and the bootstrap.

:func:`validation_returns` follows :func:`pyworker.train.evaluate` step by step (same batches,
same rebalance days, same weights) but returns the daily portfolio returns instead of their
Sharpe, so ``annualized_sharpe(validation_returns(...))`` equals the training loop's
``val_sharpe`` (tested). With ``sigma_source: sample`` in the train config the weights use the
trailing sample covariance, as in training and in ``evaluate``; ``sigma_fn`` overrides Sigma.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from pyworker.data import WindowSampler, batches
from pyworker.train import TrailingSampleCov, TrainConfig, period_returns, portfolio_weights, rebalance_days
from pyworker.train.evaluate import PredictFn

SigmaFn = Callable[[np.ndarray, torch.Tensor], torch.Tensor]


def validation_returns(predict: PredictFn, sampler: WindowSampler, days: np.ndarray, cfg: TrainConfig,
                       sigma_fn: SigmaFn | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(rebalance days (R,), daily portfolio returns (R * horizon,)) of the strategy on ``days``."""
    days = np.asarray(days, dtype=np.int64)
    reb = set(rebalance_days(days, cfg.rebalance_every).tolist())
    if sigma_fn is None and cfg.sigma_source == "sample":
        sigma_fn = TrailingSampleCov.from_dataset(sampler.dataset, sampler.lookback, sampler.device)
    ws, wdays = [], []
    with torch.no_grad():
        for idx in batches(days, cfg.eval_batch_size):
            sel = np.array([int(t) in reb for t in idx])
            if not sel.any():
                continue
            b = sampler.batch(idx)
            mu, sigma = predict(b.x, b.mask)
            mu, sigma = mu.float(), sigma.float()
            s = torch.from_numpy(sel).to(mu.device)
            sig = sigma[s] if sigma_fn is None else sigma_fn(idx[sel], b.mask[s])
            ws.append(portfolio_weights(mu[s], sig, b.mask[s], cfg).double().cpu().numpy())
            wdays.append(idx[sel])
    if not ws:
        return np.zeros(0, np.int64), np.zeros(0)
    rd = np.concatenate(wdays)
    return rd, period_returns(np.concatenate(ws), sampler.dataset.returns, rd, cfg.horizon)
