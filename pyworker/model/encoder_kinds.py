"""``encoder.kind`` -> encoder module: xlstm (PRD 4.2), or the PRD 14.1 Plan B lstm and transformer.

Every kind maps (B, T, 7N+6) through the same input projection (``input_proj``) to (B, hidden)
and exposes ``forward_sequence`` (B, T, hidden), ``cfg``, ``in_features``, ``context_length``
and ``backend``; the heads, training, checkpoints and ensembles never look further inside.
"""

from __future__ import annotations

from typing import Literal

from .encoder import EncoderConfig, XLSTMEncoder
from .encoder_lstm import LSTMEncoder
from .encoder_transformer import TransformerEncoder

Encoder = XLSTMEncoder | LSTMEncoder | TransformerEncoder


def build_encoder(cfg: EncoderConfig, in_features: int, context_length: int,
                  slstm_backend: Literal["vanilla", "cuda"] = "vanilla") -> Encoder:
    """The encoder of ``cfg.kind``; ``slstm_backend`` only matters to the xlstm kind."""
    if cfg.kind == "lstm":
        return LSTMEncoder(cfg, in_features, context_length)
    if cfg.kind == "transformer":
        return TransformerEncoder(cfg, in_features, context_length)
    return XLSTMEncoder(cfg, in_features, context_length, backend=slstm_backend)
