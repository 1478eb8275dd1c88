"""Device, bf16 autocast and torch.compile choices of a run (PRD 5.3: bf16 + compile on the GPU)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import torch

from .config import TrainConfig
from .errors import TrainConfigError


@dataclass(frozen=True)
class Runtime:
    """Resolved hardware settings."""

    device: torch.device
    bf16: bool
    compile: bool

    def autocast(self) -> contextlib.AbstractContextManager[object]:
        """bf16 autocast on CUDA when enabled, else a no-op."""
        if self.bf16:
            return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()


def resolve_runtime(cfg: TrainConfig) -> Runtime:
    """'auto' means CUDA when available; bf16 and compile default to on for CUDA only."""
    if cfg.device == "cuda" and not torch.cuda.is_available():
        raise TrainConfigError("device: 'cuda' requested but CUDA is not available")
    dev = torch.device("cuda" if cfg.device == "cuda" or (cfg.device == "auto" and torch.cuda.is_available())
                       else "cpu")
    on_cuda = dev.type == "cuda"
    bf16 = on_cuda if cfg.mixed_precision == "auto" else cfg.mixed_precision == "on"
    comp = on_cuda if cfg.compile == "auto" else cfg.compile == "on"
    return Runtime(dev, bf16, comp)
