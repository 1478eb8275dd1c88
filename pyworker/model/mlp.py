"""The shared MLP trunk of both heads: Dense -> activation -> Dropout, repeated (PRD 4.3, 4.4)."""

from __future__ import annotations

from typing import Literal

from torch import nn

Activation = Literal["relu", "gelu", "silu", "tanh"]

_ACTIVATIONS: dict[str, type[nn.Module]] = {"relu": nn.ReLU, "gelu": nn.GELU, "silu": nn.SiLU, "tanh": nn.Tanh}


def mlp_trunk(in_features: int, widths: tuple[int, ...], activation: Activation, dropout: float) -> nn.Sequential:
    """``in -> widths[0] -> ... -> widths[-1]``, each Linear followed by activation and dropout."""
    layers: list[nn.Module] = []
    prev = in_features
    for width in widths:
        layers += [nn.Linear(prev, width), _ACTIVATIONS[activation](), nn.Dropout(dropout)]
        prev = width
    return nn.Sequential(*layers)
