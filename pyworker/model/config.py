"""The whole model's config (`configs/model/*.yaml`) and its strict YAML loader.

One frozen dataclass per module (encoder, return head, covariance head) nested here with
the sizes that tie them together: lookback and the number of factors N. The input width is
derived, F = 7 N + 6 (DESIGN 4). N comes from the dataset at build time; the YAML's
``n_factors`` is only a default (PRD 4.1: 100).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from .covariance_head import CovarianceHeadConfig
from .encoder import EncoderConfig
from .errors import ModelConfigError
from .return_head import ReturnHeadConfig
from .strict import from_dict, to_dict

FEATURES_PER_FACTOR = 7  # DESIGN 4 / PRD 3.3: per-factor features
MARKET_FEATURES = 6  # DESIGN 4 / PRD 3.3: broadcast market/macro features


def input_width(n_factors: int) -> int:
    """F = 7 N + 6 (706 for N = 100)."""
    return FEATURES_PER_FACTOR * n_factors + MARKET_FEATURES


@dataclass(frozen=True)
class ModelConfig:
    """A complete, resolved model description; saved beside every checkpoint."""

    name: str = "full"
    """Label of the config (e.g. 'full', 'tiny'), reported by `model info`."""
    lookback: int = 250
    """Window length T in trading days (PRD 4.1: 250); also the encoder's context length."""
    n_factors: int = 100
    """N, factors per sample (PRD 4.1: 100); normally overridden by the dataset at build time."""
    encoder: EncoderConfig = field(default_factory=EncoderConfig)
    """The xLSTM encoder (PRD 4.2)."""
    return_head: ReturnHeadConfig = field(default_factory=ReturnHeadConfig)
    """The mu head (PRD 4.3)."""
    covariance_head: CovarianceHeadConfig = field(default_factory=CovarianceHeadConfig)
    """The Sigma head (PRD 4.4)."""

    def __post_init__(self) -> None:
        if self.lookback <= 0:
            raise ModelConfigError(f"lookback: must be positive, got {self.lookback}")
        if self.n_factors <= 0:
            raise ModelConfigError(f"n_factors: must be positive, got {self.n_factors}")

    @property
    def in_features(self) -> int:
        """Input width F = 7 N + 6."""
        return input_width(self.n_factors)

    def with_factors(self, n_factors: int | None) -> ModelConfig:
        """This config for a dataset with ``n_factors`` factors (unchanged when None)."""
        return self if n_factors is None else dataclasses.replace(self, n_factors=n_factors)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (lists, numbers, strings) that :func:`config_from_dict` reads back."""
        out = to_dict(self)
        assert isinstance(out, dict)
        return out


def config_from_dict(data: Any) -> ModelConfig:
    """Strictly convert a parsed YAML/JSON mapping; unknown keys raise naming their path."""
    return from_dict(ModelConfig, data)


def load_config(path: str | Path, n_factors: int | None = None) -> ModelConfig:
    """Read ``configs/model/<name>.yaml`` strictly; optionally override N.

    >>> cfg = load_config("configs/model/tiny.yaml", n_factors=8)
    >>> cfg.in_features
    62
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelConfigError(f"cannot read model config {p}: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ModelConfigError(f"{p}: invalid YAML: {exc}") from exc
    try:
        return config_from_dict(data).with_factors(n_factors)
    except ModelConfigError as exc:
        raise ModelConfigError(f"{p}: {exc}") from exc
