"""Exact, differentiable points on an identified active face (the fast solver's "polish").

Given the support S (assets with positive weight, found by :mod:`fast_ipm`, detached), each
case's optimum on S has a closed form built from ``Sigma_SS^{-1} 1`` and ``Sigma_SS^{-1} mu``.
Autograd through these formulas *is* implicit differentiation through the KKT system of the
active face (DESIGN 6: gradients flow through the convex problem active at the solution).
All functions take scaled tensors (B, n) / (B, n, n) and a (B, n) bool support.
``kkt_*`` return, per asset (B, n), the violation of the remaining optimality conditions:
``-w_i`` on the support, the reduced-cost violation off it, ``-inf`` on masked assets; the row
is optimal when the row maximum is <= 0 (up to tolerance). The per-asset form lets
:mod:`fast` repair a support that the IPM got wrong by one weakly active asset.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from .fast_cov import Cov, as_cov, spd_solve

CovLike = torch.Tensor | Cov
"""Sigma as a dense (B, n, n) tensor or a :mod:`fast_cov` operator."""


COMPACT_MAX = 40
"""Largest support (over the batch) solved on a gathered (B, s, s) block instead of the full
(B, n, n) masked matrix or Woodbury: faces are small (2-20 assets typically), so the block's
Cholesky is cheap, and exact."""


def _compact_solve(cov: Cov, S: torch.Tensor, R: torch.Tensor, smax: int) -> torch.Tensor:
    """Sigma_SS^-1 R_S on the gathered (B, smax, smax) support block, scattered back to (B, n, k)."""
    idx = torch.sort((~S).to(torch.int8), dim=-1, stable=True).indices[:, :smax]  # support first
    valid = S.gather(1, idx).to(R.dtype)  # (B, s): padding positions are 0
    M = cov.block(idx) * (valid[:, :, None] * valid[:, None, :]) + torch.diag_embed(1.0 - valid)
    Rb = R.gather(1, idx[:, :, None].expand(-1, -1, R.shape[-1])) * valid[..., None]
    Zb = spd_solve(M, Rb) * valid[..., None]
    return torch.zeros_like(R).scatter(1, idx[:, :, None].expand(-1, -1, R.shape[-1]), Zb)


def _restricted_solve(sigma: CovLike, S: torch.Tensor, rhs: torch.Tensor) -> torch.Tensor:
    """Solve Sigma_SS z_S = rhs_S (rhs (B, n) or (B, n, k)), with z = 0 off S. NaN on a row where
    Sigma_SS is not numerically positive definite.

    Rows whose support has at most ``COMPACT_MAX`` assets are solved on their gathered support
    block (a (B, s, s) Cholesky, s = the largest such support: exact, and cheap for the small
    faces typical here); larger supports through the masked full matrix (dense) or Woodbury
    (factor form). Differentiable either way; the dense backward reuses the forward's Cholesky
    factor."""
    vec = rhs.ndim == 2
    R = rhs[..., None] if vec else rhs
    cov = as_cov(sigma)
    n = S.shape[-1]
    sizes = S.sum(-1)
    small = (sizes <= COMPACT_MAX) & (sizes < n)
    n_small = int(small.sum())
    if n_small == S.shape[0]:
        Z = _compact_solve(cov, S, R, max(int(sizes.max()), 1))
    elif n_small == 0:
        Z = cov.restricted_solve(S.to(R.dtype), R)
    else:
        i_s, i_l = torch.nonzero(small)[:, 0], torch.nonzero(~small)[:, 0]
        Z_s = _compact_solve(cov[i_s], S[i_s], R[i_s], max(int(sizes[i_s].max()), 1))
        Z_l = cov[i_l].restricted_solve(S[i_l].to(R.dtype), R[i_l])
        Z = torch.zeros_like(R).index_put((i_s,), Z_s).index_put((i_l,), Z_l)
    return Z[..., 0] if vec else Z


def tangency_on_support(mu: torch.Tensor, sigma: CovLike, S: torch.Tensor) -> torch.Tensor:
    """Case A: z_S = Sigma_SS^{-1} mu_S, w = z / 1'z (long-only tangency restricted to S)."""
    z = _restricted_solve(sigma, S, mu)
    return z / z.sum(-1, keepdim=True)


def kkt_tangency(mu: torch.Tensor, sigma: CovLike, S: torch.Tensor, w: torch.Tensor,
                 free: torch.Tensor) -> torch.Tensor:
    """Violation of ``min 1/2 z'Sigma z - mu'z, z >= 0`` at z = w * (mu'w / w'Sigma w)."""
    sw = as_cov(sigma).matvec(w)
    c = (mu * w).sum(-1) / (sw * w).sum(-1).clamp(min=1e-300)
    grad = c[:, None] * sw - mu  # >= 0 off the support, 0 on it
    return torch.where(S, -w, torch.where(free, -grad, -torch.inf))


def min_variance_on_support(sigma: CovLike, S: torch.Tensor) -> torch.Tensor:
    """Minimum variance on S: w = Sigma_SS^{-1} 1 / (1' Sigma_SS^{-1} 1)."""
    a = _restricted_solve(sigma, S, torch.ones_like(as_cov(sigma).diag()))
    return a / a.sum(-1, keepdim=True)


def kkt_min_variance(sigma: CovLike, S: torch.Tensor, w: torch.Tensor, free: torch.Tensor) -> torch.Tensor:
    """Violation: (Sigma w)_i >= w'Sigma w off the support, w >= 0 on it."""
    sw = as_cov(sigma).matvec(w)
    var = (sw * w).sum(-1, keepdim=True)
    off = (var - sw) / var.clamp(min=1e-300)
    return torch.where(S, -w, torch.where(free, off, -torch.inf))


def floor_on_support(mu: torch.Tensor, sigma: CovLike, S: torch.Tensor,
                     floor: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Case B: max mu'w s.t. w'Sigma w = floor^2, 1'w = 1 on S (upper branch of the frontier).

    With a = Sigma^-1 1, b = Sigma^-1 mu, A = 1'a, Bm = 1'b, C = mu'b: w = x a + y b,
    y = sqrt((A floor^2 - 1) / (A C - Bm^2)), x = (1 - y Bm) / A. Returns (w, x, y).
    A C - Bm^2 >= 0 (Cauchy-Schwarz), = 0 iff mu is constant on S (e.g. one asset): there the
    frontier is a point and no face of this kind exists; y is NaN so the KKT check rejects it.
    """
    ab = _restricted_solve(sigma, S, torch.stack([torch.ones_like(mu), mu], -1))  # (B, n, 2), one factorization
    a, b = ab[..., 0], ab[..., 1]
    A = a.sum(-1)
    Bm = b.sum(-1)
    C = (mu * b).sum(-1)
    den = A * C - Bm * Bm
    den = torch.where(den > 1e-10 * (A * C).abs(), den, torch.nan)
    y = torch.sqrt(((A * floor * floor - 1.0) / den).clamp(min=0.0))
    x = (1.0 - y * Bm) / A
    return x[:, None] * a + y[:, None] * b, x, y


def kkt_floor(mu: torch.Tensor, sigma: CovLike, S: torch.Tensor, w: torch.Tensor, x: torch.Tensor,
              y: torch.Tensor, free: torch.Tensor, floor: torch.Tensor) -> torch.Tensor:
    """Violation: multiplier 1/(2y) > 0, w'Sigma w = floor^2 and s_i = ((Sigma w)_i - x) / y - mu_i
    >= 0 off S."""
    sw = as_cov(sigma).matvec(w)
    on_floor = ((sw * w).sum(-1) - floor * floor).abs() <= 1e-8 * floor * floor
    s = (sw - x[:, None]) / y[:, None].clamp(min=1e-300) - mu
    scale = 1.0 + mu.abs().amax(-1)
    viol = torch.where(S, -w, torch.where(free, -s / scale[:, None], -torch.inf))
    bad = torch.where(torch.isfinite(y) & (y > 0) & on_floor, 0.0, torch.inf)  # no valid face: every asset
    return torch.maximum(viol, bad[:, None])


def repair_support(S: torch.Tensor, viol: torch.Tensor, tol: float,
                   violations: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                   rounds: int = 6) -> tuple[torch.Tensor, torch.Tensor, bool]:
    """Fix supports that the IPM got wrong by a weakly active asset (no grad).

    ``viol`` (B, n) are the per-asset violations on S; ``violations(rows, S_rows)`` recomputes
    them for a subset of rows. On every row whose worst violation is >= tol, each violated asset
    is toggled (a negative weight leaves the support, a negative reduced cost enters it) and the
    row is re-polished; up to ``rounds`` times (a primal active-set step). A row is accepted only
    by the same KKT test as before, so this changes which rows are exact, never their answers.
    Returns (S, ok (B,), changed).
    """
    with torch.no_grad():
        ok = viol.amax(-1) < tol
        changed = False
        for _ in range(rounds):
            rows = torch.nonzero(~ok)[:, 0]
            if rows.numel() == 0:
                break
            v = viol[rows]
            flip = (v > tol) & torch.isfinite(v)
            if not bool(flip.any()):
                break
            S_r = S[rows] ^ flip
            S = S.index_put((rows,), S_r)
            viol = viol.index_put((rows,), violations(rows, S_r))
            ok = viol.amax(-1) < tol
            changed = True
    return S, ok, changed
