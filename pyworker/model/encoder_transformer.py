"""Plan B encoder 2 (PRD 14.1 "Transformer"): a small causal temporal Transformer over the lookback.

``encoder.kind: transformer``. Same contract as :class:`~pyworker.model.encoder.XLSTMEncoder`:
(B, T, 7N+6) -> input projection -> + positions -> ``nn.TransformerEncoder`` (``num_blocks``
layers, d_model = hidden, ``num_heads`` heads, feed-forward ``transformer_ffn_factor`` x hidden,
pre-LayerNorm when ``transformer_norm_first``, final LayerNorm) -> state at the last position.

No look-ahead: self-attention gets the causal mask (position t attends to positions <= t only),
and everything else (projection, positions, feed-forward, norms) is per position, so the state
at t depends on inputs up to t only; ``tests/py/test_model_plan_b.py`` checks that property.
Positions count from the window's first day (index 0), so ``forward_sequence(x)[:, t]`` equals
the last state of the prefix ``x[:, :t+1]``, as for the recurrent kinds. Per-layer dropout: the
layers are built with 0 and each layer's dropout modules get its own rate afterwards, as in
:class:`~pyworker.model.encoder.XLSTMEncoder`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch import nn

from .encoder import EncoderConfig, check_sequence
from .encoder_plan_b import PlanBEncoder

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "gelu": F.gelu, "relu": F.relu, "swish": F.silu, "selu": F.selu}


def sinusoidal_positions(length: int, dim: int) -> torch.Tensor:
    """(length, dim) fixed encoding of Vaswani et al. (2017) section 3.5 (odd dim: last cosine dropped)."""
    pos = torch.arange(length, dtype=torch.float32)[:, None]  # (L, 1)
    freq = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))  # (ceil(D/2),)
    out = torch.zeros(length, dim)
    out[:, 0::2] = torch.sin(pos * freq)
    out[:, 1::2] = torch.cos(pos * freq)[:, : dim // 2]
    return out


def causal_mask(length: int, device: torch.device) -> torch.Tensor:
    """(T, T) float mask: 0 on and below the diagonal, -inf above (position t sees <= t)."""
    return nn.Transformer.generate_square_subsequent_mask(length, device=device)


class TransformerEncoder(PlanBEncoder):
    """(B, T, F) features -> (B, hidden): the Transformer's state at the last position."""

    def __init__(self, cfg: EncoderConfig, in_features: int, context_length: int) -> None:
        super().__init__(cfg, in_features, context_length)
        if cfg.transformer_positions == "learned":
            self.positions = nn.Parameter(torch.randn(context_length, cfg.hidden) * 0.02)  # (L, H), GPT-2 init
        else:
            self.register_buffer("positions", sinusoidal_positions(context_length, cfg.hidden), persistent=False)
        layer = nn.TransformerEncoderLayer(
            d_model=cfg.hidden, nhead=cfg.num_heads, dim_feedforward=round(cfg.transformer_ffn_factor * cfg.hidden),
            dropout=0.0, activation=ACTIVATIONS[cfg.ffn_activation], batch_first=True, norm_first=cfg.transformer_norm_first)
        self.layers = nn.TransformerEncoder(layer, cfg.num_blocks, norm=nn.LayerNorm(cfg.hidden),
                                            enable_nested_tensor=False)
        for block, p in zip(self.layers.layers, cfg.dropout, strict=True):
            block.self_attn.dropout = p  # attention-weight dropout is a float, not a module
            for module in block.modules():
                if isinstance(module, nn.Dropout):
                    module.p = p

    def forward_sequence(self, x: torch.Tensor) -> torch.Tensor:
        """State at every position: (B, T, F) -> (B, T, hidden)."""
        check_sequence(x, self.in_features, self.context_length)
        t = x.shape[1]
        h = self.input_proj(x) + self.positions[:t]  # (B, T, H)
        return self.layers(h, mask=causal_mask(t, x.device), is_causal=True)  # (B, T, H)
