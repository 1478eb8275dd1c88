"""The forecasting model: encoder (xLSTM, or a PRD 14.1 Plan B kind) + mu head + Sigma head, ``build_model``.

``ForecastModel(x (B, T, 7N+6), mask (B, N) bool) -> Forecast(mu (B, N), sigma (B, N, N))``
in daily units (DESIGN 4), float32, masked per :mod:`pyworker.model.masking`.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

import torch
from torch import nn

from .config import ModelConfig
from .covariance_head import CovarianceHead
from .encoder import SLSTMBackend, resolve_slstm_backend
from .encoder_kinds import build_encoder
from .errors import ModelConfigError
from .masking import apply_mask, check_inputs
from .return_head import ReturnHead

LOG = logging.getLogger(__name__)


class Forecast(NamedTuple):
    """One model's prediction: daily mean and covariance of the next 5 daily returns."""

    mu: torch.Tensor
    """(B, N) expected daily return; 0 at masked factors."""
    sigma: torch.Tensor
    """(B, N, N) daily covariance, symmetric PD; masked rows/cols 0 except the diagonal."""


class ForecastModel(nn.Module):
    """Dual-head forecaster (PRD 4.1-4.4; encoder per ``cfg.encoder.kind``). Build it with :func:`build_model`."""

    def __init__(self, cfg: ModelConfig, slstm_backend: str = "vanilla") -> None:
        super().__init__()
        self.cfg = cfg
        hidden = cfg.encoder.hidden
        self.encoder = build_encoder(cfg.encoder, cfg.in_features, cfg.lookback, slstm_backend)  # type: ignore[arg-type]
        self.return_head = ReturnHead(cfg.return_head, hidden, cfg.n_factors)
        self.covariance_head = CovarianceHead(cfg.covariance_head, hidden, cfg.n_factors)

    @property
    def slstm_backend(self) -> str:
        """'vanilla' or 'cuda' for the xlstm kind; 'n/a' for encoders without sLSTM blocks."""
        return self.encoder.backend

    def heads(self, h: torch.Tensor, mask: torch.Tensor) -> Forecast:
        """Apply both heads and the mask to encoder states h (B, hidden)."""
        return self._heads_factored(h, mask)[0]

    def _heads_factored(self, h: torch.Tensor, mask: torch.Tensor,
                        ) -> tuple[Forecast, tuple[torch.Tensor, torch.Tensor]]:
        mu = self.return_head(h)  # (B, N)
        sigma, g, d = self.covariance_head.factor_form(h)  # (B, N, N), (B, N, K), (B, N)
        mu, sigma = apply_mask(mu, sigma, mask)
        return Forecast(mu, sigma), (g, d)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> Forecast:
        mask = check_inputs(x, mask, self.cfg.n_factors, self.cfg.in_features, self.cfg.lookback)
        return self.heads(self.encoder(x), mask)

    def forward_factored(self, x: torch.Tensor, mask: torch.Tensor | None = None,
                         ) -> tuple[Forecast, tuple[torch.Tensor, torch.Tensor]]:
        """``forward`` plus Sigma's factor form (G (B, N, K), D (B, N)), Sigma = G G^T + diag(D)
        before masking (solvers take the mask): training feeds it to the portfolio layer, whose
        Newton steps then cost O(N K^2) instead of O(N^3) (``pyworker.portfolio.FactorCov``)."""
        mask = check_inputs(x, mask, self.cfg.n_factors, self.cfg.in_features, self.cfg.lookback)
        return self._heads_factored(self.encoder(x), mask)


def build_model(cfg: ModelConfig, n_factors: int | None = None, device: str | torch.device = "cpu",
                slstm_backend: SLSTMBackend | None = None, seed: int | None = None) -> ForecastModel:
    """Instantiate a model for ``n_factors`` factors on ``device``.

    ``slstm_backend`` overrides ``cfg.encoder.slstm_backend``; 'auto' picks the CUDA kernel on
    a CUDA device and falls back to 'vanilla' (with a warning) if the kernel cannot compile.
    ``seed`` makes the initial weights reproducible. The sLSTM backend only concerns
    ``encoder.kind: xlstm``; other kinds ignore it.

    >>> from pyworker.model import load_config
    >>> m = build_model(load_config("configs/model/tiny.yaml"), n_factors=4, seed=0)
    >>> m(torch.zeros(2, 10, 34)).sigma.shape
    torch.Size([2, 4, 4])
    """
    cfg = cfg.with_factors(n_factors)
    dev = torch.device(device)
    requested = slstm_backend or cfg.encoder.slstm_backend
    if cfg.encoder.kind != "xlstm":
        requested = "vanilla"  # no sLSTM blocks: nothing to resolve, nothing to fall back from
    backend = resolve_slstm_backend(requested, dev)
    if seed is not None:
        torch.manual_seed(seed)
    try:
        model = ForecastModel(cfg, slstm_backend=backend)
    except (RuntimeError, OSError, ImportError) as exc:
        if requested != "auto" or backend != "cuda":
            if backend == "cuda":
                raise ModelConfigError(f"sLSTM CUDA kernel unavailable (needs nvcc + ninja): {exc}") from exc
            raise
        LOG.warning("sLSTM CUDA kernel failed to build (%s); falling back to the vanilla backend", exc)
        if seed is not None:
            torch.manual_seed(seed)
        model = ForecastModel(cfg, slstm_backend="vanilla")
    return model.to(dev)
