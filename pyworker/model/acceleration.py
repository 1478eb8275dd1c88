"""GPU speed-ups that keep the module tree (and so checkpoints) unchanged: per-part ``torch.compile``.

``torch.compile(model)`` would wrap the model (state-dict keys gain ``_orig_mod.``) and, with
the vanilla sLSTM, unroll its Python loop over all T steps: on a 2-core CPU compiling the tiny
config that way took ~6 minutes. We compile in place, part by part, and leave sLSTM blocks
alone: the vanilla loop must not be unrolled, and the CUDA kernel is an opaque extension op
(a custom autograd.Function around a pybind module) that the compiler could only graph-break
around, so compiling its block gains little and risks tracing errors. The Plan B encoders (lstm,
transformer) have their own compile units: :func:`encoder_units`.
"""

from __future__ import annotations

import torch
from torch import nn
from xlstm import sLSTMBlock

from .encoder import XLSTMEncoder
from .encoder_lstm import LSTMEncoder
from .encoder_transformer import TransformerEncoder
from .forecaster import ForecastModel


def compile_model(model: ForecastModel, mode: str | None = None) -> list[str]:
    """Compile the model's parts in place; return the names of the compiled parts."""
    done: list[str] = []
    units = encoder_units(model)
    # Every xLSTM block runs the same ``forward`` code object, and dynamo guards on each block's
    # own constants (its dropout p): one cache entry per block x train/eval x batch shape. The
    # default limit (8) was hit on an H200 with the full config, silently falling back to eager
    # for the remaining blocks; allow enough entries for every block in both modes and shapes.
    # Transformer layers share one code object the same way; count every compiled encoder unit.
    need = 8 * (len(units) + 3)
    torch._dynamo.config.recompile_limit = max(torch._dynamo.config.recompile_limit, need)
    for name, module in units:
        module.compile(mode=mode)
        done.append(name)
    for name in ("return_head", "covariance_head"):
        getattr(model, name).compile(mode=mode)
        done.append(name)
    return done


def encoder_units(model: ForecastModel) -> list[tuple[str, nn.Module]]:
    """(name, module) of the encoder parts to compile, per encoder kind (checked by isinstance).

    xlstm: the input projection and every non-sLSTM block. lstm: the input projection and the
    final norm; the ``nn.LSTM`` layers stay eager (dynamo does not trace RNN modules,
    ``torch._dynamo.config.allow_rnn`` is off, and cuDNN already fuses each layer). transformer:
    the input projection and each layer (the attention mask is built outside, per length).
    """
    enc = model.encoder
    units: list[tuple[str, nn.Module]] = [("encoder.input_proj", enc.input_proj)]
    if isinstance(enc, XLSTMEncoder):
        units += [(f"encoder.stack.blocks.{i}", b) for i, b in enumerate(enc.stack.blocks)
                  if not isinstance(b, sLSTMBlock)]
    elif isinstance(enc, LSTMEncoder):
        units.append(("encoder.post_norm", enc.post_norm))
    elif isinstance(enc, TransformerEncoder):
        units += [(f"encoder.layers.layers.{i}", b) for i, b in enumerate(enc.layers.layers)]
        if enc.layers.norm is not None:
            units.append(("encoder.layers.norm", enc.layers.norm))
    return units
