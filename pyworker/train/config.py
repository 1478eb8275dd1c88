"""The training config (``configs/train/*.yaml``), PRD 5.1-5.3 values by default, strict loader."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

import yaml  # type: ignore[import-untyped]

from .errors import TrainConfigError

Auto = Literal["auto", "on", "off"]


@dataclass(frozen=True)
class TrainConfig:
    """Every knob of one training run; the resolved config is saved in each checkpoint."""

    # --- loss (PRD 5.1, DESIGN 7) ---
    alpha: float = 1.0  # weight of Huber(mu) (PRD 5.1)
    beta: float = 0.5  # weight of ||Sigma - Sigma_actual||_F (PRD 5.1)
    gamma: float = 2.0  # weight of -realized Sharpe of w* (PRD 5.1)
    lambda_tc: float = 0.0  # weight of turnover; built, off by default (PRD 5.1)
    huber_delta: float = 1.0  # Huber delta, in the units after return_loss_scale (PRD 5.1: 1.0)
    return_loss_scale: float = 1.0  # mu and mu_actual are multiplied by this inside Huber (1 = PRD formula)
    cov_loss_scale: float = 1.0  # Sigma and Sigma_actual are multiplied by this inside the Frobenius term
    sharpe_eps: float = 1.0e-10  # added to w' Sigma_actual w (daily variance units) in the realized Sharpe
    # --- portfolio layer ---
    portfolio_layer: bool = True  # False: w = softmax(mu / softmax_temperature) over available factors
    solver: Literal["fast", "cvxpylayers"] = "fast"  # differentiable max-Sharpe solver (DESIGN 6)
    vol_floor_daily: float = 0.10 / math.sqrt(252)  # PRD 10.1 10% annual floor in daily units (DESIGN 4)
    softmax_temperature: float = 1.0e-3  # daily-return units; only when portfolio_layer is False
    sigma_source: Literal["head", "sample"] = "head"  # Sigma fed to the layer: covariance head, or the trailing
    # sample covariance of the sample's own lookback window (PRD 8.3 single-head ablation; train/sample_cov.py)
    # --- optimizer and schedule (PRD 5.2) ---
    lr: float = 1.0e-4  # peak learning rate (PRD 5.2)
    lr_min: float = 1.0e-6  # cosine floor (PRD 5.2)
    warmup_epochs: int = 10  # linear warmup 0 -> lr over epochs 1..10 (PRD 5.2)
    betas: tuple[float, float] = (0.9, 0.999)  # AdamW betas (PRD 5.2)
    weight_decay: float = 1.0e-5  # AdamW decoupled weight decay (PRD 5.2)
    adam_eps: float = 1.0e-8  # AdamW eps (PRD 5.2)
    grad_clip: float = 1.0  # max global grad norm (PRD 5.3)
    # --- loop (PRD 5.3) ---
    batch_size: int = 128  # samples per step (PRD 5.3)
    epochs: int = 300  # max epochs (PRD 5.3)
    patience: int = 30  # early stopping on validation Sharpe (PRD 5.3)
    min_delta: float = 0.0  # improvement needed to reset patience
    checkpoint_every: int = 10  # periodic checkpoint interval in epochs (DESIGN 7)
    eval_batch_size: int = 256  # samples per forward pass in validation
    # --- data ---
    horizon: int = 5  # target days t+1..t+5 (DESIGN 4)
    min_factors: int = 2  # a sample needs at least this many available factors
    rebalance_every: int = 5  # validation strategy rebalances every 5 days, non-overlapping (DESIGN 7)
    ic_method: Literal["pearson", "spearman"] = "pearson"  # cross-sectional IC (sdk synth bestIC is Pearson)
    # --- hardware ---
    device: Literal["auto", "cpu", "cuda"] = "auto"  # auto: cuda when available
    mixed_precision: Auto = "auto"  # bf16 autocast; auto = on for CUDA only (PRD 5.3)
    compile: Auto = "auto"  # torch.compile per part; auto = on for CUDA only (PRD 5.3)

    def __post_init__(self) -> None:
        for k in ("alpha", "beta", "gamma", "lambda_tc", "weight_decay", "min_delta", "lr_min"):
            if getattr(self, k) < 0:
                raise TrainConfigError(f"{k}: must be >= 0, got {getattr(self, k)}")
        for k in ("lr", "huber_delta", "return_loss_scale", "cov_loss_scale", "sharpe_eps", "vol_floor_daily",
                  "softmax_temperature", "adam_eps", "grad_clip"):
            if not getattr(self, k) > 0:
                raise TrainConfigError(f"{k}: must be > 0, got {getattr(self, k)}")
        for k in ("batch_size", "epochs", "patience", "checkpoint_every", "eval_batch_size", "rebalance_every"):
            if getattr(self, k) < 1:
                raise TrainConfigError(f"{k}: must be >= 1, got {getattr(self, k)}")
        if self.warmup_epochs < 0 or self.horizon < 2 or self.min_factors < 1:
            raise TrainConfigError("warmup_epochs >= 0, horizon >= 2 and min_factors >= 1 are required")
        if self.lr_min > self.lr:
            raise TrainConfigError(f"lr_min: {self.lr_min} exceeds lr {self.lr}")

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["betas"] = list(self.betas)
        return d

    def replace(self, **changes: Any) -> TrainConfig:
        return train_config_from_dict({**self.to_dict(), **changes})


def _coerce(key: str, value: Any, hint: Any) -> Any:
    origin = get_origin(hint)
    if origin is Literal:
        if value not in get_args(hint):
            raise TrainConfigError(f"{key}: {value!r} is not one of {list(get_args(hint))}")
        return value
    if origin is tuple:
        if not isinstance(value, list | tuple) or len(value) != len(get_args(hint)):
            raise TrainConfigError(f"{key}: expected a list of {len(get_args(hint))} numbers, got {value!r}")
        return tuple(_coerce(f"{key}[{i}]", v, t) for i, (v, t) in enumerate(zip(value, get_args(hint), strict=True)))
    if hint is bool:
        if not isinstance(value, bool):
            raise TrainConfigError(f"{key}: expected true/false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TrainConfigError(f"{key}: expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TrainConfigError(f"{key}: expected a number, got {value!r}")
        return float(value)
    return value


def train_config_from_dict(data: Any) -> TrainConfig:
    """Strict: unknown keys raise :class:`TrainConfigError` naming them; missing keys take defaults."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise TrainConfigError(f"train config must be a mapping, got {type(data).__name__}")
    hints = get_type_hints(TrainConfig)
    unknown = sorted(set(data) - set(hints))
    if unknown:
        raise TrainConfigError(f"unknown train config key(s): {', '.join(map(str, unknown))}")
    return TrainConfig(**{k: _coerce(k, v, hints[k]) for k, v in data.items()})


def load_train_config(path: str | Path, **overrides: Any) -> TrainConfig:
    """Read ``configs/train/<name>.yaml`` strictly, then apply ``overrides``."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TrainConfigError(f"cannot read train config {p}: {exc}") from exc
    try:
        return train_config_from_dict({**(data or {}), **overrides})
    except TrainConfigError as exc:
        raise TrainConfigError(f"{p}: {exc}") from exc
