"""Ablation studies (PRD 8.3): features, architecture components and loss terms vs the default.

Every variant trains the same seeds on the same split and epochs; its validation daily returns
are compared with the default's by a paired block bootstrap (:mod:`pyworker.tune.bootstrap`).

Feature variants are column masks over the FeatureSet layout (feature-major: block k of N
columns is per-factor feature k = ret, mean20, vol20, mean60, vol60, rank, z60; then the 6
market columns; docs/data.md section 6). Dropped columns are zeroed: the Dataset and model
keep their 7N+6 width (both are fixed to it), but a zero column carries no information and its
input weights get no gradient, so this equals dropping it; ``kept_width`` is the effective
input width (7N without macro).

Plan B variants (PRD 14.1) swap the model instead: ``plan_b_lstm`` / ``plan_b_transformer`` set
``encoder.kind`` on the base model (same sizes, heads, loss and training), and ``plan_b_lightgbm``
runs :mod:`pyworker.tune.gbm` (LightGBM mu + trailing sample covariance, same layer and days).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from pyworker.data import Dataset
from pyworker.model import EncoderKind, ModelConfig

from .space import apply_params

FEATURE_BLOCKS = ("ret", "mean20", "vol20", "mean60", "vol60", "rank", "z60")  # docs/data.md section 6
MARKET_FEATURES = 6


@dataclass(frozen=True)
class Variant:
    """One ablation: which columns to drop and which knobs to change."""

    name: str
    description: str
    drop_blocks: tuple[str, ...] = ()
    drop_market: bool = False
    params: dict[str, Any] = field(default_factory=dict)
    """Knobs (pyworker.tune.space) applied on top of the base configs."""
    model_fn: Callable[[ModelConfig], dict[str, Any]] | None = None
    """Knobs that depend on the base model (e.g. all blocks sLSTM)."""
    encoder_kind: EncoderKind | None = None
    """Replace the base model's ``encoder.kind`` (PRD 14.1 Plan B encoders); None keeps it."""
    runner: Literal["network", "lightgbm"] = "network"
    """'network' trains the model (:func:`~pyworker.tune.objective.run_params`); 'lightgbm' fits
    :func:`~pyworker.tune.gbm.run_gbm` instead."""


VARIANTS: dict[str, Variant] = {v.name: v for v in (
    Variant("default", "all 7 features per factor + 6 market, both heads, layer on, base loss weights"),
    Variant("no_macro", "drop the 6 market/macro columns (input width 7N)", drop_market=True),
    Variant("no_rolling", "drop the rolling statistics mean20, vol20, mean60, vol60",
            drop_blocks=("mean20", "vol20", "mean60", "vol60")),
    Variant("no_rank", "drop the cross-sectional rank", drop_blocks=("rank",)),
    Variant("returns_only", "raw returns only (block ret; no other feature, no market)",
            drop_blocks=FEATURE_BLOCKS[1:], drop_market=True),
    Variant("slstm_only", "every encoder block sLSTM",
            model_fn=lambda m: {"slstm_blocks": m.encoder.num_blocks}),
    Variant("mlstm_only", "every encoder block mLSTM (slstm_at empty)", params={"slstm_blocks": 0}),
    Variant("sample_cov", "single head: beta = 0, the layer gets the trailing sample covariance of the lookback "
            "window in training and validation", params={"beta": 0.0, "sigma_source": "sample"}),
    Variant("no_opt_layer", "no optimization layer: w = softmax(mu / T)", params={"portfolio_layer": False}),
    Variant("loss_returns", "loss alpha=1, beta=0, gamma=0", params={"alpha": 1.0, "beta": 0.0, "gamma": 0.0}),
    Variant("loss_cov", "loss alpha=0, beta=1, gamma=0", params={"alpha": 0.0, "beta": 1.0, "gamma": 0.0}),
    Variant("loss_portfolio", "loss alpha=0, beta=0, gamma=1", params={"alpha": 0.0, "beta": 0.0, "gamma": 1.0}),
    Variant("plan_b_lstm", "PRD 14.1 Plan B: torch LSTM layers instead of the xLSTM blocks (same hidden, "
            "blocks, dropout, heads, loss, training)", encoder_kind="lstm"),
    Variant("plan_b_transformer", "PRD 14.1 Plan B: causal temporal Transformer instead of the xLSTM blocks "
            "(same hidden, blocks, dropout, heads, loss, training)", encoder_kind="transformer"),
    Variant("plan_b_lightgbm", "PRD 14.1 Plan B: LightGBM mu from each factor's 7 features + 6 market at t, "
            "trailing sample covariance, same layer", runner="lightgbm"),
)}


def column_mask(n_factors: int, variant: Variant) -> np.ndarray:
    """(7N+6,) bool: True = column kept (feature-major layout, column of feature k for factor i = k N + i)."""
    keep = np.ones(len(FEATURE_BLOCKS) * n_factors + MARKET_FEATURES, dtype=bool)
    for name in variant.drop_blocks:
        k = FEATURE_BLOCKS.index(name)
        keep[k * n_factors : (k + 1) * n_factors] = False
    if variant.drop_market:
        keep[-MARKET_FEATURES:] = False
    return keep


def kept_width(n_factors: int, variant: Variant) -> int:
    """Effective input width of the variant (7N+6 by default, 7N without macro)."""
    return int(column_mask(n_factors, variant).sum())


def ablated_dataset(ds: Dataset, variant: Variant) -> Dataset:
    """``ds`` with the variant's dropped columns zeroed (the same object when nothing is dropped)."""
    keep = column_mask(ds.n_factors, variant)
    if keep.all():
        return ds
    feats = ds.features * keep[None, :].astype(ds.features.dtype)  # (T, 7N+6)
    status = ds.day_status if ds.day_status.size else None
    return Dataset.create(feats, ds.returns, ds.mask, ds.dates, ds.factors, status)


def variant_params(variant: Variant, model_cfg: ModelConfig) -> dict[str, Any]:
    """All knobs of the variant for this base model."""
    extra = variant.model_fn(model_cfg) if variant.model_fn is not None else {}
    return {**variant.params, **extra}


def variant_model(variant: Variant, model_cfg: ModelConfig) -> ModelConfig:
    """The base model of the variant: ``model_cfg`` with its encoder kind replaced if the variant says so."""
    if variant.encoder_kind is None:
        return model_cfg
    return dataclasses.replace(model_cfg, encoder=dataclasses.replace(model_cfg.encoder, kind=variant.encoder_kind))


def variant_configs(variant: Variant, model_cfg: ModelConfig, train_cfg: Any) -> tuple[ModelConfig, Any]:
    """(model, train) configs of the variant (for tests and for the run)."""
    return apply_params(variant_model(variant, model_cfg), train_cfg, variant_params(variant, model_cfg))
