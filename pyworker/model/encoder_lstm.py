"""Plan B encoder 1 (PRD 14.1 "Vanilla LSTM"): input projection, a stack of torch LSTM layers, last state.

``encoder.kind: lstm``. Same contract as :class:`~pyworker.model.encoder.XLSTMEncoder`:
(B, T, 7N+6) -> (B, hidden), causal by construction (a recurrence reads inputs <= t only).
One single-layer ``nn.LSTM`` per block so each block gets its own dropout rate (the config's
progressive ``dropout`` list, applied to that layer's output), then a final LayerNorm as in the
xLSTM stack (``add_post_blocks_norm``) so both heads see unit-scale states whatever the kind.
"""

from __future__ import annotations

import torch
from torch import nn

from .encoder import EncoderConfig, check_sequence
from .encoder_plan_b import PlanBEncoder


class LSTMEncoder(PlanBEncoder):
    """(B, T, F) features -> (B, hidden): LayerNorm of the last LSTM layer's output at the last step."""

    def __init__(self, cfg: EncoderConfig, in_features: int, context_length: int) -> None:
        super().__init__(cfg, in_features, context_length)
        self.layers = nn.ModuleList(nn.LSTM(cfg.hidden, cfg.hidden, batch_first=True) for _ in range(cfg.num_blocks))
        self.dropouts = nn.ModuleList(nn.Dropout(p) for p in cfg.dropout)
        self.post_norm = nn.LayerNorm(cfg.hidden)

    def forward_sequence(self, x: torch.Tensor) -> torch.Tensor:
        """State at every position: (B, T, F) -> (B, T, hidden)."""
        check_sequence(x, self.in_features, self.context_length)
        h = self.input_proj(x)  # (B, T, H)
        for lstm, drop in zip(self.layers, self.dropouts, strict=True):
            h = drop(lstm(h)[0])  # (B, T, H)
        return self.post_norm(h)  # (B, T, H)
