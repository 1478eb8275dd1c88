"""The multi-objective training loss (PRD 5.1, DESIGN 7), mask-aware in every term.

``L = alpha * Huber(mu) + beta * ||Sigma - Sigma_actual||_F + gamma * (-Sharpe(w*, realized))
+ lambda_tc * turnover``, each term a per-sample value averaged over the batch:

- Huber: ``huber(s * mu, s * mu_actual, delta)`` averaged over the sample's available factors,
  ``s = return_loss_scale`` (1 = the PRD formula; daily mu ~ 1e-3 makes that term ~1e-7, so a
  scale of 100, i.e. percent units, gives it weight; documented in docs/training_guide.md);
- Frobenius: ``sqrt(sum over available pairs ((c * (Sigma - Sigma_actual))^2))``, c = cov_loss_scale;
- realized Sharpe of w over the target period: ``(w . mu_actual) / sqrt(w' Sigma_actual w + eps)``
  (a 5-day, not annualized, Sharpe in daily units), masked weights zeroed first;
- turnover: samples sorted by day, ``mean_j sum_i |w_j - w_{j-1}|`` over consecutive pairs of the
  batch (0 for a batch of one).

A masked factor contributes to no term.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class LossWeights:
    """Weights and scales of the loss terms (see TrainConfig for the meaning of each)."""

    alpha: float = 1.0
    beta: float = 0.5
    gamma: float = 2.0
    lambda_tc: float = 0.0
    huber_delta: float = 1.0
    return_loss_scale: float = 1.0
    cov_loss_scale: float = 1.0
    sharpe_eps: float = 1.0e-10


class LossParts(NamedTuple):
    """Scalar tensors: the weighted total and each unweighted component (batch means)."""

    total: torch.Tensor
    ret: torch.Tensor
    cov: torch.Tensor
    portfolio: torch.Tensor
    turnover: torch.Tensor


def huber_term(mu: torch.Tensor, mu_actual: torch.Tensor, mask: torch.Tensor, delta: float = 1.0,
               scale: float = 1.0) -> torch.Tensor:
    """(B,) mean Huber loss over available factors; mu, mu_actual (B, N), mask (B, N) bool."""
    m = mask.to(mu.dtype)  # (B, N)
    h = F.huber_loss(mu * scale, mu_actual * scale, reduction="none", delta=delta)  # (B, N)
    return (h * m).sum(1) / m.sum(1).clamp_min(1.0)


def frobenius_term(sigma: torch.Tensor, sigma_actual: torch.Tensor, mask: torch.Tensor,
                   scale: float = 1.0) -> torch.Tensor:
    """(B,) Frobenius norm of (Sigma - Sigma_actual) over available pairs; (B, N, N) inputs."""
    m = mask.to(sigma.dtype)  # (B, N)
    pair = m[:, :, None] * m[:, None, :]  # (B, N, N)
    d = (sigma - sigma_actual) * pair * scale  # (B, N, N)
    return torch.sqrt((d * d).sum((1, 2)) + 1e-30)  # eps keeps the gradient finite at 0


def realized_sharpe(w: torch.Tensor, mu_actual: torch.Tensor, sigma_actual: torch.Tensor, mask: torch.Tensor,
                    eps: float = 1.0e-10) -> torch.Tensor:
    """(B,) (w . mu_actual) / sqrt(w' Sigma_actual w + eps), masked weights zeroed."""
    w = w * mask.to(w.dtype)  # (B, N)
    ret = (w * mu_actual).sum(1)  # (B,)
    var = torch.einsum("bi,bij,bj->b", w, sigma_actual, w)  # (B,)
    return ret / torch.sqrt(var.clamp_min(0.0) + eps)


def turnover_term(w: torch.Tensor, t: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Scalar: mean L1 change of weights between consecutive samples in time order."""
    if w.shape[0] < 2:
        return w.sum() * 0.0
    order = torch.argsort(t)
    ws = (w * mask.to(w.dtype))[order]  # (B, N) sorted by day
    return (ws[1:] - ws[:-1]).abs().sum(1).mean()


def compute_loss(mu: torch.Tensor, sigma: torch.Tensor, w: torch.Tensor | None, mu_actual: torch.Tensor,
                 sigma_actual: torch.Tensor, mask: torch.Tensor, t: torch.Tensor, lw: LossWeights) -> LossParts:
    """All terms; ``w`` may be None only when gamma and lambda_tc are 0 (the layer is skipped)."""
    zero = mu.sum() * 0.0
    ret = huber_term(mu, mu_actual, mask, lw.huber_delta, lw.return_loss_scale).mean()
    cov = frobenius_term(sigma, sigma_actual, mask, lw.cov_loss_scale).mean()
    if w is None:
        if lw.gamma > 0 or lw.lambda_tc > 0:
            raise ValueError("portfolio weights are required when gamma or lambda_tc > 0")
        port, turn = zero, zero
    else:
        w = w.to(mu.dtype)
        port = -realized_sharpe(w, mu_actual, sigma_actual, mask, lw.sharpe_eps).mean()
        turn = turnover_term(w, t, mask)
    total = lw.alpha * ret + lw.beta * cov + lw.gamma * port + lw.lambda_tc * turn
    return LossParts(total, ret, cov, port, turn)
