"""Head 1: expected daily returns mu (PRD 4.3): hidden -> 512 -> 256 -> N, ReLU, dropout 0.2.

Units: mu is the mean of the next 5 DAILY returns (DESIGN 4), in decimals. The last layer's
raw output is multiplied by a fixed ``output_scale`` (default 0.01, one daily-vol unit) and
initialised small, so an untrained model predicts |mu| ~ 1e-3 rather than ~ 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from .errors import ModelConfigError
from .mlp import Activation, mlp_trunk


@dataclass(frozen=True)
class ReturnHeadConfig:
    """Sizes of the mu head (PRD 4.3)."""

    hidden: tuple[int, ...] = (512, 256)
    """Widths of the hidden Dense layers (PRD 4.3: 512, 256)."""
    activation: Activation = "relu"
    """Activation after each hidden layer (PRD 4.3: ReLU)."""
    dropout: float = 0.2
    """Dropout after each hidden layer (PRD 4.3: 0.2)."""
    output_scale: float = 0.01
    """mu = output_scale * last layer; 0.01 = a typical daily return std (DESIGN 4 units)."""
    init_std: float = 0.5
    """Std of the last layer's initial weights (times 1/sqrt(fan_in)); gives |mu| ~ 1e-3 at init."""

    def __post_init__(self) -> None:
        if not self.hidden or any(w <= 0 for w in self.hidden):
            raise ModelConfigError("return_head.hidden: needs at least one positive width")
        if not 0.0 <= self.dropout < 1.0:
            raise ModelConfigError(f"return_head.dropout: {self.dropout} is not in [0, 1)")
        if self.output_scale <= 0 or self.init_std <= 0:
            raise ModelConfigError("return_head.output_scale and init_std must be positive")


class ReturnHead(nn.Module):
    """(B, hidden) -> mu (B, N) in daily return units."""

    def __init__(self, cfg: ReturnHeadConfig, in_features: int, n_factors: int) -> None:
        super().__init__()
        self.cfg = cfg
        self.trunk = mlp_trunk(in_features, cfg.hidden, cfg.activation, cfg.dropout)
        self.out = nn.Linear(cfg.hidden[-1], n_factors)  # linear output, no activation (PRD 4.3)
        nn.init.normal_(self.out.weight, std=cfg.init_std / cfg.hidden[-1] ** 0.5)
        nn.init.zeros_(self.out.bias)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.cfg.output_scale * self.out(self.trunk(h)).float()  # (B, N)
