"""An ensemble of members (DESIGN 7: 5 seeds): averaged mu and Sigma plus their disagreement.

``Ensemble(members).predict(x, mask)`` runs every member in eval mode without gradients and
returns the mean of mu and the mean of Sigma across members (a mean of PD matrices is PD),
the per-factor std of mu across members, and one disagreement number per sample: the mean of
that std over the available factors (daily return units; 0 for a single member). The mask
contract of :mod:`pyworker.model.masking` applies to every field.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import torch

from .checkpoint import load_member
from .config import ModelConfig
from .errors import ModelConfigError
from .forecaster import ForecastModel
from .masking import check_inputs


class EnsemblePrediction(NamedTuple):
    """Ensemble output; float32, on the members' device."""

    mu: torch.Tensor
    """(B, N) mean of members' mu; 0 at masked factors."""
    sigma: torch.Tensor
    """(B, N, N) mean of members' Sigma (masked rows/cols 0, diagonal kept)."""
    disagreement: torch.Tensor
    """(B,) mean over available factors of ``mu_std``."""
    mu_std: torch.Tensor
    """(B, N) population std of mu across members; 0 at masked factors."""


class Ensemble:
    """A fixed list of compatible members (same N, lookback and input width).

    >>> from pyworker.model import build_model, load_config
    >>> cfg = load_config("configs/model/tiny.yaml", n_factors=3)
    >>> ens = Ensemble([build_model(cfg, seed=s) for s in (0, 1)])
    >>> ens.predict(torch.zeros(1, 5, 27), torch.ones(1, 3, dtype=torch.bool)).mu.shape
    torch.Size([1, 3])
    """

    def __init__(self, members: Sequence[ForecastModel]) -> None:
        if not members:
            raise ModelConfigError("an ensemble needs at least one member")
        first = members[0].cfg
        for i, m in enumerate(members):
            if (m.cfg.n_factors, m.cfg.lookback) != (first.n_factors, first.lookback):
                raise ModelConfigError(
                    f"member {i}: (n_factors, lookback) = {(m.cfg.n_factors, m.cfg.lookback)} "
                    f"differs from member 0's {(first.n_factors, first.lookback)}"
                )
        self.members = list(members)

    @classmethod
    def load(cls, paths: Sequence[str | Path], device: str | torch.device = "cpu") -> Ensemble:
        """Load members saved with :func:`save_member`."""
        return cls([load_member(p, device=device)[0] for p in paths])

    @property
    def config(self) -> ModelConfig:
        """Member 0's config (all members share N and lookback)."""
        return self.members[0].cfg

    def __len__(self) -> int:
        return len(self.members)

    @torch.no_grad()
    def predict(self, x: torch.Tensor, mask: torch.Tensor | None = None) -> EnsemblePrediction:
        """x (B, T, 7N+6) with T <= lookback, mask (B, N) bool (True = available)."""
        cfg = self.config
        mask = check_inputs(x, mask, cfg.n_factors, cfg.in_features, cfg.lookback)
        mus, sigmas = [], []
        for member in self.members:
            was_training = member.training
            member.eval()
            try:
                out = member(x, mask)
            finally:
                member.train(was_training)
            mus.append(out.mu.float())
            sigmas.append(out.sigma.float())
        mu_all = torch.stack(mus)  # (M, B, N)
        mu = mu_all.mean(0)  # (B, N)
        sigma = torch.stack(sigmas).mean(0)  # (B, N, N)
        mu_std = mu_all.std(0, correction=0)  # (B, N), zero at masked factors
        m = mask.to(mu.dtype)  # (B, N)
        disagreement = (mu_std * m).sum(1) / m.sum(1).clamp_min(1.0)  # (B,)
        return EnsemblePrediction(mu, sigma, disagreement, mu_std)
