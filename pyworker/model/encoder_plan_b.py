"""What the Plan B encoders (PRD 14.1: lstm, transformer) share: the input projection and the last-state readout.

A subclass builds its layers after ``super().__init__`` and implements ``forward_sequence``
(B, T, 7N+6) -> (B, T, hidden); ``forward`` returns the state at the last position (B, hidden).
"""

from __future__ import annotations

import torch
from torch import nn

from .encoder import EncoderConfig


class PlanBEncoder(nn.Module):
    """Input projection 7N+6 -> hidden (as every kind) and the last-state readout."""

    backend = "n/a"
    """No sLSTM backend (reported as such by ``ForecastModel.slstm_backend`` and the profiler)."""

    def __init__(self, cfg: EncoderConfig, in_features: int, context_length: int) -> None:
        super().__init__()
        self.cfg = cfg
        self.in_features = in_features
        self.context_length = context_length
        self.input_proj = nn.Linear(in_features, cfg.hidden)  # 7N+6 -> hidden, as every kind

    def forward_sequence(self, x: torch.Tensor) -> torch.Tensor:
        """State at every position: (B, T, F) -> (B, T, hidden)."""
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Last state: (B, T, F) -> (B, hidden)."""
        return self.forward_sequence(x)[:, -1, :]  # (B, H)
