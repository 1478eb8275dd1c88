"""Case C exactly: max mu'w on the simplex with the reverse-convex floor w'Sigma w >= f^2.

A linear objective over a polytope minus an open convex set is maximized at a vertex or where
an edge of the polytope crosses the set's boundary (reverse-convex programming; Hillestad &
Jacobsen 1980). On the simplex the edges are the pairs (i, j), w = t e_i + (1 - t) e_j, and
w'Sigma w = f^2 is a quadratic in t, so the global optimum is a batched enumeration (O(n^2)
per row at most; pruned to the edges that can beat the best feasible vertex, see best_edge).
This is the same point the CCP of DESIGN 6 converges to when the CCP finds the global optimum;
the reference implements the CCP and tests compare the two.
"""

from __future__ import annotations

import torch

from .fast_cov import Cov, as_cov


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


def _scan(mu: torch.Tensor, cov: Cov, d: torch.Tensor, free: torch.Tensor, f2: torch.Tensor, cand: torch.Tensor,
          state: list[torch.Tensor]) -> None:
    """Update state = [best, i, j, sign] (each (B,)) with the floor crossings of every edge (i, j),
    i a candidate (cand (B, n) bool), j any free asset: only that (candidates x all) block of
    Sigma is formed."""
    rows = torch.nonzero(cand.any(-1))[:, 0]
    if rows.numel() == 0:
        return
    if rows.numel() < cand.shape[0]:  # scan only the rows with candidates, write back
        sub = [t[rows] for t in state]
        _scan(mu[rows], cov[rows], d[rows], free[rows], f2[rows], cand[rows], sub)
        state[:] = [t.index_put((rows,), u) for t, u in zip(state, sub, strict=True)]
        return
    Bsz, n = mu.shape
    m = int(cand.sum(-1).max())
    top = torch.where(cand, mu, -torch.inf).topk(m, -1).indices  # (B, m), best mu first
    top_ok = cand.gather(1, top)
    s_ij = cov.rows(top)  # (B, m, n): Sigma[b, top[b, r], j]
    d_i, mu_i = d.gather(1, top)[:, :, None], mu.gather(1, top)[:, :, None]  # (B, m, 1)
    d_j, mu_j = d[:, None, :], mu[:, None, :]  # (B, 1, n)
    a = d_i + d_j - 2.0 * s_ij
    b = 2.0 * (s_ij - d_j)
    disc = b * b - 4.0 * a * (d_j - f2[:, :, None])
    pair = top_ok[:, :, None] & free[:, None, :] & (top[:, :, None] != torch.arange(n, device=mu.device))
    ok = pair & (disc >= 0) & (a > 1e-14 * d.amax(-1)[:, None, None])
    sq = torch.sqrt(disc.clamp(min=0.0))
    a_safe = torch.where(ok, a, 1.0)
    best, out_i, out_j, out_s = state
    for sgn in (1.0, -1.0):
        t = (-b + sgn * sq) / (2.0 * a_safe)
        valid = ok & (t >= 0.0) & (t <= 1.0)
        ret = torch.where(valid, mu_j + t * (mu_i - mu_j), -torch.inf).reshape(Bsz, -1)
        val, arg = ret.max(-1)
        take = val > best
        best = torch.where(take, val, best)
        out_i = torch.where(take, top.gather(1, (arg // n)[:, None])[:, 0], out_i)
        out_j = torch.where(take, arg % n, out_j)
        out_s = torch.where(take, torch.full_like(out_s, sgn), out_s)
    state[:] = [best, out_i, out_j, out_s]


def best_edge(mu: torch.Tensor, sigma: torch.Tensor | Cov, free: torch.Tensor,
              floor: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Enumerate vertices and edge crossings (no grad). Returns (i, j, sign, is_vertex), each (B,).

    ``is_vertex`` rows are the vertex e_i; otherwise the point is edge (i, j) at the root
    ``(-b + sign sqrt(disc)) / 2a``, w = t e_i + (1 - t) e_j.

    Pruned enumeration: a point on edge (i, j) returns at most max(mu_i, mu_j), so an edge can
    only win if an endpoint beats the best point found so far. First the edges of each row's
    best-mu asset are scanned (when it is not itself a feasible vertex), then only those of the
    assets whose mu still reaches the best return found: O(N m) per row for m such assets
    (typically 1-3) instead of O(N^2), with the same answer.
    """
    with torch.no_grad():
        cov = as_cov(sigma)
        Bsz, n = mu.shape
        dev = mu.device
        f2 = (floor * floor)[:, None]
        d = cov.diag()  # (B, n)
        vval, varg = torch.where(free & (d >= f2), mu, -torch.inf).max(-1)
        state = [torch.full((Bsz,), -torch.inf, dtype=mu.dtype, device=dev),
                 torch.zeros(Bsz, dtype=torch.long, device=dev), torch.zeros(Bsz, dtype=torch.long, device=dev),
                 torch.ones(Bsz, dtype=mu.dtype, device=dev)]
        # no feasible vertex: vval = -inf, every free asset is a candidate
        cand = free & (mu >= vval[:, None])
        first = torch.nn.functional.one_hot(torch.where(cand, mu, -torch.inf).argmax(-1), n).bool() & cand
        _scan(mu, cov, d, free, f2, first, state)
        _scan(mu, cov, d, free, f2, cand & ~first & (mu >= torch.maximum(state[0], vval)[:, None]), state)
        best, out_i, out_j, out_s = state
        is_vertex = vval > best
        out_i = torch.where(is_vertex, varg, out_i)
        return out_i, out_j, out_s, is_vertex
