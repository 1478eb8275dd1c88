"""Timing of one model config on one device: training-step forward/backward, memory, latency.

Pure measurement code shared by ``python -m pyworker profile`` and ``bench/py/bench_model.py``.
CUDA timings synchronize around every phase; CPU peak memory is the process's peak RSS
(``ru_maxrss``, includes Python and torch themselves), CUDA peak memory is
``torch.cuda.max_memory_allocated`` over the training steps.
"""

from __future__ import annotations

import dataclasses
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from .acceleration import compile_model
from .config import ModelConfig
from .encoder import SLSTMBackend
from .forecaster import Forecast, build_model


@dataclass(frozen=True)
class ProfileSettings:
    """What to measure and how."""

    batch: int = 128
    """Training batch size (PRD 5.3: 128)."""
    device: str = "cpu"
    """'cpu' or 'cuda' (already resolved)."""
    bf16: bool = False
    """Run forward passes under bf16 autocast (PRD 5.5)."""
    compile: bool = False
    """Wrap the model in ``torch.compile`` (PRD 5.5)."""
    steps: int = 5
    """Timed training steps."""
    warmup: int = 1
    """Untimed steps before them (compilation, allocator and kernel warm-up)."""
    latency_runs: int = 20
    """Timed single-sample inference calls (after a few untimed ones: recompiles for B=1, eval)."""
    latency_warmup: int = 4
    """Untimed single-sample calls first (compiled parts recompile for B=1 and eval mode)."""
    lookback: int | None = None
    """Override the window length (None: the config's)."""
    slstm_backend: SLSTMBackend | None = None
    """Override the config's sLSTM backend."""
    seed: int = 0
    """Seed of the weights and the random inputs."""


@dataclass(frozen=True)
class ProfileResult:
    """Measured numbers; times in milliseconds."""

    config: str
    device: str
    device_name: str
    slstm_backend: str
    bf16: bool
    compiled: bool
    batch: int
    lookback: int
    n_factors: int
    parameters: int
    forward_ms: float
    backward_ms: float
    samples_per_s: float
    peak_memory_mib: float
    peak_memory_kind: str
    latency_ms_median: float
    latency_ms_p90: float
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def table(self) -> str:
        rows = [
            ("config", f"{self.config} (N={self.n_factors}, T={self.lookback}, {self.parameters:,} params)"),
            ("device", f"{self.device_name} [{self.device}], sLSTM {self.slstm_backend}, "
                       f"bf16={self.bf16}, compile={self.compiled}"),
            (f"forward / batch {self.batch}", f"{self.forward_ms:.1f} ms"),
            (f"backward / batch {self.batch}", f"{self.backward_ms:.1f} ms"),
            ("train throughput", f"{self.samples_per_s:.1f} samples/s"),
            ("peak memory", f"{self.peak_memory_mib:.0f} MiB ({self.peak_memory_kind})"),
            ("inference latency (B=1)", f"median {self.latency_ms_median:.1f} ms, p90 {self.latency_ms_p90:.1f} ms"),
        ]
        rows += [("note", n) for n in self.notes]
        return "\n".join(f"{k:<26}{v}" for k, v in rows)


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _timed(fn: Callable[[], Any], device: torch.device) -> tuple[Any, float]:
    _sync(device)
    t0 = time.perf_counter()
    out = fn()
    _sync(device)
    return out, (time.perf_counter() - t0) * 1e3


def _surrogate_loss(out: Forecast) -> torch.Tensor:
    """Touches every output so backward runs through both heads and the whole encoder."""
    return out.mu.float().square().mean() * 1e4 + out.sigma.float().square().mean() * 1e8


def profile_model(cfg: ModelConfig, s: ProfileSettings) -> ProfileResult:
    """Build ``cfg`` on ``s.device`` and measure it (see module docstring)."""
    device = torch.device(s.device)
    if s.lookback is not None:
        cfg = dataclasses.replace(cfg, lookback=s.lookback)
    model = build_model(cfg, device=device, slstm_backend=s.slstm_backend, seed=s.seed)
    notes: list[str] = []
    compiled = False
    if s.compile:
        parts = compile_model(model)
        compiled = True
        notes.append(f"compiled in place: {', '.join(parts)}")
    gen = torch.Generator().manual_seed(s.seed)
    x = torch.randn(s.batch, cfg.lookback, cfg.in_features, generator=gen).to(device)  # (B, T, F)
    mask = torch.ones(s.batch, cfg.n_factors, dtype=torch.bool, device=device)  # (B, N)

    def forward(inp: torch.Tensor, m: torch.Tensor) -> Forecast:
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=s.bf16):
            return model(inp, m)

    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    model.train()
    fwd, bwd = [], []
    for i in range(s.warmup + s.steps):
        model.zero_grad(set_to_none=True)
        out, t_f = _timed(lambda: forward(x, mask), device)
        _, t_b = _timed(lambda: _surrogate_loss(out).backward(), device)  # noqa: B023 - called at once
        if i >= s.warmup:
            fwd.append(t_f)
            bwd.append(t_b)
    if device.type == "cuda":
        peak, kind = torch.cuda.max_memory_allocated(device) / 2**20, "torch.cuda.max_memory_allocated"
    else:
        peak, kind = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "process peak RSS"
    model.zero_grad(set_to_none=True)

    model.eval()
    lat = []
    with torch.no_grad():
        for i in range(s.latency_warmup + s.latency_runs):
            _, t = _timed(lambda: forward(x[:1], mask[:1]), device)
            if i >= s.latency_warmup:
                lat.append(t)
    f_ms, b_ms = statistics.median(fwd), statistics.median(bwd)
    lat.sort()
    return ProfileResult(
        config=cfg.name,
        device=device.type,
        device_name=torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        slstm_backend=model.slstm_backend,
        bf16=s.bf16,
        compiled=compiled,
        batch=s.batch,
        lookback=cfg.lookback,
        n_factors=cfg.n_factors,
        parameters=sum(p.numel() for p in model.parameters()),
        forward_ms=f_ms,
        backward_ms=b_ms,
        samples_per_s=s.batch / ((f_ms + b_ms) / 1e3),
        peak_memory_mib=peak,
        peak_memory_kind=kind,
        latency_ms_median=statistics.median(lat),
        latency_ms_p90=lat[min(len(lat) - 1, int(0.9 * len(lat)))],
        notes=tuple(notes),
    )
