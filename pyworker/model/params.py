"""Parameter counts of a model, by part, for ``model info`` and docs/model.md (PRD 4.2-4.4)."""

from __future__ import annotations

from torch import nn

from .forecaster import ForecastModel


def count(module: nn.Module) -> int:
    """Number of parameters (trainable or not)."""
    return sum(p.numel() for p in module.parameters())


def parameter_breakdown(model: ForecastModel) -> dict[str, int]:
    """Counts per part; ``total`` is the sum of the others."""
    enc = model.encoder
    rows: dict[str, int] = {"encoder.input_proj": count(enc.input_proj)}
    for i, block in enumerate(enc.stack.blocks):
        kind = "slstm" if i in model.cfg.encoder.slstm_at else "mlstm"
        rows[f"encoder.block{i}.{kind}"] = count(block)
    rows["encoder.post_norm"] = count(enc.stack.post_blocks_norm)
    rows["encoder.total"] = count(enc)
    rows["return_head"] = count(model.return_head)
    rows["covariance_head"] = count(model.covariance_head)
    rows["total"] = count(model)
    return rows
