"""Parameter counts of a model, by part and encoder kind, for ``model info`` and docs/model.md (PRD 4.2-4.4)."""

from __future__ import annotations

from torch import nn

from .encoder import XLSTMEncoder
from .encoder_lstm import LSTMEncoder
from .forecaster import ForecastModel


def count(module: nn.Module) -> int:
    """Number of parameters (trainable or not)."""
    return sum(p.numel() for p in module.parameters())


def parameter_breakdown(model: ForecastModel) -> dict[str, int]:
    """Counts per part; ``total`` is the sum of the others."""
    enc = model.encoder
    rows: dict[str, int] = {"encoder.input_proj": count(enc.input_proj)}
    if isinstance(enc, XLSTMEncoder):
        for i, block in enumerate(enc.stack.blocks):
            kind = "slstm" if i in model.cfg.encoder.slstm_at else "mlstm"
            rows[f"encoder.block{i}.{kind}"] = count(block)
        rows["encoder.post_norm"] = count(enc.stack.post_blocks_norm)
    elif isinstance(enc, LSTMEncoder):
        for i, layer in enumerate(enc.layers):
            rows[f"encoder.block{i}.lstm"] = count(layer)
        rows["encoder.post_norm"] = count(enc.post_norm)
    else:
        rows["encoder.positions"] = enc.positions.numel() if isinstance(enc.positions, nn.Parameter) else 0
        for i, layer in enumerate(enc.layers.layers):
            rows[f"encoder.block{i}.transformer"] = count(layer)
        rows["encoder.post_norm"] = count(enc.layers.norm) if enc.layers.norm is not None else 0
    rows["encoder.total"] = count(enc)
    rows["return_head"] = count(model.return_head)
    rows["covariance_head"] = count(model.covariance_head)
    rows["total"] = count(model)
    return rows
