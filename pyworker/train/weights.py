"""Portfolio weights w* from predicted (mu, Sigma): the differentiable layer or a softmax ablation.

- ``portfolio_layer: true`` (default): long-only max-Sharpe with the vol floor (DESIGN 6) by
  ``pyworker.portfolio.solve_fast`` (batched, implicit gradients) or, with ``solver:
  cvxpylayers``, the reference layer fed the Cholesky factor of Sigma (slow; for checks).
- ``portfolio_layer: false`` (ablation, no optimization layer): ``w = softmax(mu / T)`` over the
  available factors, T = ``softmax_temperature`` in daily-return units; Sigma then only enters
  the loss through the Frobenius term.
"""

from __future__ import annotations

import torch

from pyworker.portfolio import FactorCov, solve_cvxpylayers, solve_fast

from .config import TrainConfig


def softmax_weights(mu: torch.Tensor, mask: torch.Tensor, temperature: float) -> torch.Tensor:
    """(B, N) softmax of mu / temperature over available factors; 0 at masked ones."""
    logits = torch.where(mask, mu / temperature, torch.full_like(mu, -torch.inf))  # (B, N)
    return torch.softmax(logits, dim=1)


def portfolio_weights(mu: torch.Tensor, sigma: torch.Tensor | FactorCov, mask: torch.Tensor,
                      cfg: TrainConfig) -> torch.Tensor:
    """(B, N) weights on the simplex of available factors, differentiable w.r.t. mu and sigma.

    ``sigma`` is the (B, N, N) covariance or its factor form (the covariance head's, in training):
    the fast solver gives the same weights for both, the factor form in O(N K^2) per Newton step.
    """
    mu = mu.float()
    sigma = FactorCov(sigma.G.float(), sigma.D.float()) if isinstance(sigma, FactorCov) else sigma.float()
    if not cfg.portfolio_layer:
        return softmax_weights(mu, mask, cfg.softmax_temperature)
    if cfg.solver == "cvxpylayers":
        dense = sigma.dense() if isinstance(sigma, FactorCov) else sigma
        G = torch.linalg.cholesky(dense.double().cpu())  # (B, N, N), Sigma = G G'
        w, _ = solve_cvxpylayers(mu.double().cpu(), G, cfg.vol_floor_daily, mask.cpu())
        return w.to(device=mu.device, dtype=mu.dtype)
    return solve_fast(mu, sigma, vol_floor=cfg.vol_floor_daily, mask=mask, check_psd=False).weights
