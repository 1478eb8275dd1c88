"""Case C exactly: max mu'w on the simplex with the reverse-convex floor w'Sigma w >= f^2.

A linear objective over a polytope minus an open convex set is maximized at a vertex or where
an edge of the polytope crosses the set's boundary (reverse-convex programming; Hillestad &
Jacobsen 1980). On the simplex the edges are the pairs (i, j), w = t e_i + (1 - t) e_j, and
w'Sigma w = f^2 is a quadratic in t, so the global optimum is an O(n^2) batched enumeration.
This is the same point the CCP of DESIGN 6 converges to when the CCP finds the global optimum;
the reference implements the CCP and tests compare the two.
"""

from __future__ import annotations

import torch

from .fast_cov import Cov, as_cov


def _roots(sigma: torch.Tensor, floor: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Quadratic a t^2 + b t + c for every ordered pair (i, j): returns (a, b, c, disc), (B, n, n)."""
    d = sigma.diagonal(dim1=-2, dim2=-1)  # (B, n)
    a = d[:, :, None] + d[:, None, :] - 2.0 * sigma
    b = 2.0 * (sigma - d[:, None, :])
    c = d[:, None, :] - (floor * floor)[:, None, None]
    return a, b, c, b * b - 4.0 * a * c


def edge_point(sigma: torch.Tensor | Cov, floor: torch.Tensor, i: torch.Tensor, j: torch.Tensor,
               sign: torch.Tensor) -> torch.Tensor:
    """Differentiable t of the chosen crossing on edge (i, j) with root sign +-1; shapes (B,).

    Only the three entries of Sigma on the edge are read. At a tangent edge (disc = 0, a double
    root) t is not differentiable in Sigma (the crossing appears or vanishes); the square-root
    term is then held at 0 so the gradient is that of the double root -b / 2a, finite.
    """
    cov = as_cov(sigma)
    dii, djj, sij = cov.entry(i, i), cov.entry(j, j), cov.entry(i, j)
    a = dii + djj - 2.0 * sij
    b = 2.0 * (sij - djj)
    disc = b * b - 4.0 * a * (djj - floor * floor)
    pos = disc > 0
    sq = torch.where(pos, torch.sqrt(torch.where(pos, disc, 1.0)), 0.0)
    return (-b + sign * sq) / (2.0 * a)


def best_edge(mu: torch.Tensor, sigma: torch.Tensor, free: torch.Tensor,
              floor: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Enumerate vertices and edge crossings (no grad). Returns (i, j, sign, is_vertex), each (B,).

    ``is_vertex`` rows are the vertex e_i; otherwise the point is edge (i, j) at the root
    ``(-b + sign sqrt(disc)) / 2a``.
    """
    with torch.no_grad():
        Bsz, n = mu.shape
        a, b, c, disc = _roots(sigma, floor)
        pair = free[:, :, None] & free[:, None, :] & ~torch.eye(n, dtype=torch.bool, device=mu.device)
        ok = pair & (disc >= 0) & (a > 1e-14 * sigma.diagonal(dim1=-2, dim2=-1).amax(-1)[:, None, None])
        sq = torch.sqrt(disc.clamp(min=0.0))
        a_safe = torch.where(ok, a, 1.0)
        best = torch.full((Bsz,), -torch.inf, dtype=mu.dtype, device=mu.device)
        out_i = torch.zeros(Bsz, dtype=torch.long, device=mu.device)
        out_j = torch.zeros_like(out_i)
        out_s = torch.ones(Bsz, dtype=mu.dtype, device=mu.device)
        for sgn in (1.0, -1.0):
            t = (-b + sgn * sq) / (2.0 * a_safe)
            valid = ok & (t >= 0.0) & (t <= 1.0)
            ret = mu[:, None, :] + t * (mu[:, :, None] - mu[:, None, :])  # mu_j + t (mu_i - mu_j)
            ret = torch.where(valid, ret, -torch.inf).reshape(Bsz, -1)
            val, arg = ret.max(-1)
            take = val > best
            best = torch.where(take, val, best)
            out_i = torch.where(take, arg // n, out_i)
            out_j = torch.where(take, arg % n, out_j)
            out_s = torch.where(take, torch.full_like(out_s, sgn), out_s)
        d = sigma.diagonal(dim1=-2, dim2=-1)
        vret = torch.where(free & (d >= (floor * floor)[:, None]), mu, -torch.inf)
        vval, varg = vret.max(-1)
        is_vertex = vval > best
        out_i = torch.where(is_vertex, varg, out_i)
        return out_i, out_j, out_s, is_vertex
