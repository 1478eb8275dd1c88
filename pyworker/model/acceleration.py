"""GPU speed-ups that keep the module tree (and so checkpoints) unchanged: per-part ``torch.compile``.

``torch.compile(model)`` would wrap the model (state-dict keys gain ``_orig_mod.``) and, with
the vanilla sLSTM, unroll its Python loop over all T steps: on a 2-core CPU compiling the tiny
config that way took ~6 minutes. We compile in place, part by part, and leave sLSTM blocks
alone: the vanilla loop must not be unrolled, and the CUDA kernel is an opaque extension op
(a custom autograd.Function around a pybind module) that the compiler could only graph-break
around, so compiling its block gains little and risks tracing errors.
"""

from __future__ import annotations

import torch
from xlstm import sLSTMBlock

from .forecaster import ForecastModel


def compile_model(model: ForecastModel, mode: str | None = None) -> list[str]:
    """Compile the model's parts in place; return the names of the compiled parts."""
    done: list[str] = []
    # Every xLSTM block runs the same ``forward`` code object, and dynamo guards on each block's
    # own constants (its dropout p): one cache entry per block x train/eval x batch shape. The
    # default limit (8) was hit on an H200 with the full config, silently falling back to eager
    # for the remaining blocks; allow enough entries for every block in both modes and shapes.
    need = 8 * (len(model.encoder.stack.blocks) + 3)
    torch._dynamo.config.recompile_limit = max(torch._dynamo.config.recompile_limit, need)
    model.encoder.input_proj.compile(mode=mode)
    done.append("encoder.input_proj")
    for i, block in enumerate(model.encoder.stack.blocks):
        if isinstance(block, sLSTMBlock):
            continue
        block.compile(mode=mode)
        done.append(f"encoder.stack.blocks.{i}")
    for name in ("return_head", "covariance_head"):
        getattr(model, name).compile(mode=mode)
        done.append(name)
    return done
