"""Plan B model 3 (PRD 14.1 "Gradient Boosting"): LightGBM for mu, trailing sample covariance for Sigma.

One ``LGBMRegressor`` over (day t, factor i) rows: factor i's own 7 features at t (columns
``k N + i`` of the feature-major layout, docs/data.md 6) and the 6 market features at t ->
target ``mu_actual[t, i]`` = mean daily return over t+1..t+h (the network's return target, from
:class:`pyworker.data.WindowSampler`, h = the train config's horizon). Rows come from the
split's training days only, on the factors available in each sample; the split's purge already
ends every training target before the validation start. The features at t are the last row
of the network's input window, so the fitted model predicts from the same batches.

Sigma(t) = the trailing sample covariance of the lookback window
(:class:`pyworker.train.TrailingSampleCov`, the ``sample_cov`` ablation's), and the same
long-only max-Sharpe layer with the vol floor runs on the same rebalance days
(:func:`pyworker.tune.validation.validation_returns`), so the daily returns pair day by day
with the xLSTM's in the ablation bootstrap. Fixed seeds: ``deterministic=True``, row-wise
histograms, ``num_threads`` threads.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
import torch

from pyworker.atomic import atomic_write_bytes
from pyworker.data import Dataset, WindowSampler, batches, mean_ic, parse_split
from pyworker.model import ModelConfig
from pyworker.model.config import FEATURES_PER_FACTOR, MARKET_FEATURES
from pyworker.reference.stats import sharpe_moments
from pyworker.train import TrailingSampleCov, TrainConfig, annualized_sharpe
from pyworker.train.evaluate import PredictFn

from .config import GBMConfig
from .guard import tuning_view
from .objective import TrialMetrics
from .space import apply_params
from .validation import validation_returns

ROW_FEATURES = FEATURES_PER_FACTOR + MARKET_FEATURES  # 13 columns per (day, factor) row
GATHER_DAYS = 128  # days per gathered batch while building rows (bounds the (B, L, F) window memory)


DEFAULT_GBM = GBMConfig()


def factor_rows(x_t: np.ndarray, n_factors: int) -> np.ndarray:
    """(B, 7N+6) features at t -> (B, N, 13): each factor's 7 own features, then the 6 market ones."""
    b = x_t.shape[0]
    own = x_t[:, : FEATURES_PER_FACTOR * n_factors].reshape(b, FEATURES_PER_FACTOR, n_factors)  # (B, 7, N)
    market = np.broadcast_to(x_t[:, None, -MARKET_FEATURES:], (b, n_factors, MARKET_FEATURES))  # (B, N, 6)
    return np.concatenate([own.transpose(0, 2, 1), market], axis=2)  # (B, N, 13)


@dataclass(frozen=True)
class FittedGBM:
    """A fitted regressor; predicts mu for any later window (fit -> predict, STYLE.md)."""

    model: lgb.LGBMRegressor
    n_factors: int
    n_rows: int
    """Training rows (available (day, factor) pairs)."""
    last_train_day: int
    """Latest day t whose row was fitted (its target ends at t + horizon)."""

    def predict_mu(self, x_t: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(B, N) float64 predicted mu from features at t (B, 7N+6); 0 at masked factors."""
        rows = factor_rows(np.asarray(x_t, dtype=np.float64), self.n_factors)  # (B, N, 13)
        flat = np.asarray(self.model.predict(rows.reshape(-1, ROW_FEATURES)), dtype=np.float64)  # (B * N,)
        mu = flat.reshape(rows.shape[:2])  # (B, N)
        return np.where(np.asarray(mask, dtype=bool), mu, 0.0)

    def predict_fn(self) -> PredictFn:
        """``(x (B, L, F), mask) -> (mu, Sigma placeholder)`` for :func:`validation_returns`.

        Sigma comes from ``sigma_fn`` (:class:`~pyworker.train.TrailingSampleCov`); the placeholder is NaN so that any
        use of it would show.
        """
        def predict(x: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            mu = self.predict_mu(x[:, -1, :].cpu().numpy(), mask.cpu().numpy())  # (B, N)
            n = self.n_factors
            nan = torch.full((x.shape[0], n, n), float("nan"), device=mask.device)  # (B, N, N)
            return torch.from_numpy(mu).float().to(mask.device), nan
        return predict


def training_rows(sampler: WindowSampler, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows (R, 13), targets (R,)) of the available (day, factor) pairs of ``days``."""
    xs, ys = [], []
    for idx in batches(np.asarray(days, dtype=np.int64), GATHER_DAYS):
        b = sampler.batch(idx)
        m = b.mask.cpu().numpy()  # (B, N)
        xs.append(factor_rows(b.x[:, -1, :].double().cpu().numpy(), sampler.dataset.n_factors)[m])  # (R_b, 13)
        ys.append(b.mu_actual.double().cpu().numpy()[m])  # (R_b,)
    return np.concatenate(xs), np.concatenate(ys)


def fit_gbm(sampler: WindowSampler, train_days: np.ndarray, cfg: GBMConfig = DEFAULT_GBM, seed: int = 0) -> FittedGBM:
    """Fit on the rows of ``train_days`` only (pass a purged training split: ``Split.train``)."""
    days = np.asarray(train_days, dtype=np.int64)
    if days.size == 0:
        raise ValueError("fit_gbm needs at least one training day")
    x, y = training_rows(sampler, days)
    model = lgb.LGBMRegressor(
        n_estimators=cfg.n_estimators, learning_rate=cfg.learning_rate, num_leaves=cfg.num_leaves,
        min_child_samples=cfg.min_child_samples, subsample=cfg.subsample, subsample_freq=1 if cfg.subsample < 1 else 0,
        colsample_bytree=cfg.colsample_bytree, reg_lambda=cfg.reg_lambda, random_state=seed, n_jobs=cfg.num_threads,
        deterministic=True, force_row_wise=True, verbose=-1)
    model.fit(x, y)
    return FittedGBM(model, sampler.dataset.n_factors, int(y.size), int(days.max()))


def predict_days(fitted: FittedGBM, sampler: WindowSampler, days: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(predicted mu, realized mu_actual, sample mask), each (D, N), on ``days``."""
    mus, acts, masks = [], [], []
    for idx in batches(np.asarray(days, dtype=np.int64), GATHER_DAYS):
        b = sampler.batch(idx)
        m = b.mask.cpu().numpy()
        mus.append(fitted.predict_mu(b.x[:, -1, :].double().cpu().numpy(), m))
        acts.append(b.mu_actual.double().cpu().numpy())
        masks.append(m)
    return np.concatenate(mus), np.concatenate(acts), np.concatenate(masks)


def run_gbm(ds: Dataset, split_spec: str, model_cfg: ModelConfig, train_cfg: TrainConfig, params: Mapping[str, Any],
            seeds: Sequence[int], run_dir: Path, cfg: GBMConfig = DEFAULT_GBM) -> TrialMetrics:
    """The GBM counterpart of :func:`pyworker.tune.objective.run_params`: same view, split and days.

    ``params`` are the ablation's fixed knobs: the lookback (window and Sigma length) and the
    train config's horizon, min_factors, rebalancing and vol floor apply; training knobs do not.
    Writes ``run_dir/seed_<s>/lightgbm.txt`` (the booster) per seed.
    """
    mcfg, tcfg = apply_params(model_cfg, train_cfg, params)
    mcfg = mcfg.with_factors(ds.n_factors)
    view, split = tuning_view(ds, parse_split(split_spec, ds, mcfg.lookback, tcfg.horizon, tcfg.min_factors),
                              tcfg.horizon)
    sampler = WindowSampler(view, mcfg.lookback, tcfg.horizon, "cpu", tcfg.min_factors)
    sigma = TrailingSampleCov.from_dataset(view, mcfg.lookback)
    per_seed: list[dict[str, Any]] = []
    rets: list[np.ndarray] = []
    for seed in seeds:
        fitted = fit_gbm(sampler, split.train, cfg, seed)
        daily = validation_returns(fitted.predict_fn(), sampler, split.val, tcfg, sigma_fn=sigma)[1]
        pred, act, mask = predict_days(fitted, sampler, split.val)
        rets.append(daily)
        per_seed.append({"seed": seed, "val_sharpe": annualized_sharpe(daily),
                         "val_ic": mean_ic(pred, act, mask, tcfg.ic_method),
                         "val_rank_ic": mean_ic(pred, act, mask, "spearman"), "train_rows": fitted.n_rows,
                         "status": "fitted"})
        _write_text(run_dir / f"seed_{seed}" / "lightgbm.txt", fitted.model.booster_.model_to_string())
    mean = np.mean(np.stack(rets), axis=0)
    model_config = {"kind": "lightgbm", "lookback": mcfg.lookback, "n_factors": mcfg.n_factors,
                    "sigma": "trailing sample covariance (ddof 1) + 1e-8 I", **dataclasses.asdict(cfg)}
    return TrialMetrics(float(np.mean([p["val_sharpe"] for p in per_seed])), per_seed, mean.tolist(),
                        sharpe_moments(mean) if mean.size > 3 else {}, view.data_hash, split.summary(),
                        model_config, tcfg.to_dict(), rets)


def _write_text(path: Path, text: str) -> None:
    blob = text.encode()
    atomic_write_bytes(path, lambda fh: fh.write(blob))
