"""Fast batched max-Sharpe solver with the volatility floor (DESIGN 6), torch, CPU or GPU.

Same decision chain and statuses as :mod:`reference`, run for the whole batch at once:

1. per-row floor level: the floor, the relaxed floor (95%, PRD 10.3) or none (min variance);
2. case A: batched IPM on ``min 1/2 z'Sigma z - mu'z, z >= 0`` (w = z / 1'z is the long-only
   tangency portfolio), then the exact point on its support;
3. case B: batched IPM on ``max mu'w, w'Sigma w <= f^2, 1'w = 1, w >= 0``, then the closed-form
   frontier point at vol f on its support;
4. case C: exact enumeration of simplex edges crossing the floor (:mod:`fast_edges`);
5. min variance: batched IPM, then the closed form on its support; equal weight if that fails.

Discrete choices (case, support, edge) are made without gradients; the returned weights are
differentiable closed forms on the chosen face, so backward is implicit differentiation of the
active problem. ``exact`` is False for a row whose closed form failed its KKT check; such rows
carry the IPM point (no gradient) and :func:`pyworker.portfolio.batch.optimize_batch` re-solves
them with the reference solver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from .constants import DEFAULT_VOL_FLOOR_DAILY, MIN_SCALE_REL, RELAX_FACTOR, VOL_REL_TOL
from .errors import PortfolioInputError
from .fast_edges import best_edge, edge_point
from .fast_ipm import ipm
from .fast_polish import (
    floor_on_support,
    kkt_floor,
    kkt_min_variance,
    kkt_tangency,
    min_variance_on_support,
    repair_support,
    tangency_on_support,
)
from .fast_validate import check_batch

KKT_TOL = 1e-7
_STATUS = {"A": "tangency", "B": "floor", "C": "floor_nonconvex"}


@dataclass
class FastResult:
    """Batched result; tensors are (B, N) or (B,), weights differentiable w.r.t. mu and sigma."""

    weights: torch.Tensor
    status: list[str]
    case: list[str]
    ret: torch.Tensor
    vol: torch.Tensor
    sharpe: torch.Tensor
    nonpositive_sharpe: torch.Tensor
    exact: torch.Tensor
    diagnostics: dict[str, Any] = field(default_factory=dict)


def _normalize(x: torch.Tensor) -> torch.Tensor:
    x = x.detach().clamp(min=0.0)
    return x / x.sum(-1, keepdim=True)


def _finite(w: torch.Tensor, viol: torch.Tensor) -> torch.Tensor:
    return torch.where(torch.isfinite(w).all(-1, keepdim=True), viol, torch.inf)


def _tangency(mu: torch.Tensor, sig: torch.Tensor, free: torch.Tensor, diag: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
    res = ipm(sig.detach(), -mu.detach(), free, budget=False)
    S = (res.x > res.s) & free
    m, s = mu.detach(), sig.detach()

    def violations(rows: torch.Tensor, S_r: torch.Tensor) -> torch.Tensor:
        w_r = tangency_on_support(m[rows], s[rows], S_r)
        return _finite(w_r, kkt_tangency(m[rows], s[rows], S_r, w_r, free[rows]))

    w = tangency_on_support(mu, sig, S)
    S, ok, changed = repair_support(S, _finite(w, kkt_tangency(m, s, S, w.detach(), free)), KKT_TOL, violations)
    if changed:
        w = tangency_on_support(mu, sig, S)
    diag["ipm_iterations_A"] = res.iterations
    return torch.where(ok[:, None], w, _normalize(res.x)), ok


def _min_variance(sig: torch.Tensor, free: torch.Tensor, diag: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
    res = ipm(sig.detach(), torch.zeros_like(sig[..., 0]), free, budget=True)
    S = (res.x > res.s) & free
    s = sig.detach()

    def violations(rows: torch.Tensor, S_r: torch.Tensor) -> torch.Tensor:
        w_r = min_variance_on_support(s[rows], S_r)
        return _finite(w_r, kkt_min_variance(s[rows], S_r, w_r, free[rows]))

    w = min_variance_on_support(sig, S)
    S, ok, changed = repair_support(S, _finite(w, kkt_min_variance(s, S, w.detach(), free)), KKT_TOL, violations)
    if changed:
        w = min_variance_on_support(sig, S)
    diag["ipm_iterations_mv"] = res.iterations
    return torch.where(ok[:, None], w, _normalize(res.x)), ok


def _floor(mu: torch.Tensor, sig: torch.Tensor, free: torch.Tensor, fl: torch.Tensor,
           diag: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
    res = ipm(None, -mu.detach(), free, budget=True, quad=(sig.detach(), fl * fl))
    S = (res.x > res.s) & free
    m, s = mu.detach(), sig.detach()

    def violations(rows: torch.Tensor, S_r: torch.Tensor) -> torch.Tensor:
        w_r, x_r, y_r = floor_on_support(m[rows], s[rows], S_r, fl[rows])
        return _finite(w_r, kkt_floor(m[rows], s[rows], S_r, w_r, x_r, y_r, free[rows]))

    w, x, y = floor_on_support(mu, sig, S, fl)
    viol = _finite(w, kkt_floor(m, s, S, w.detach(), x.detach(), y.detach(), free))
    S, ok, changed = repair_support(S, viol, KKT_TOL, violations)
    if changed:
        w, _, _ = floor_on_support(mu, sig, S, fl)
    diag["ipm_iterations_B"] = res.iterations
    return torch.where(ok[:, None], w, _normalize(res.x)), ok


def _edges(mu: torch.Tensor, sig: torch.Tensor, free: torch.Tensor, fl: torch.Tensor) -> torch.Tensor:
    i, j, sgn, is_vertex = best_edge(mu.detach(), sig.detach(), free, fl)
    t = edge_point(sig, fl, i, j, sgn)
    t = torch.where(is_vertex, torch.ones_like(t), t)
    rows = torch.arange(mu.shape[0], device=mu.device)
    w = torch.zeros_like(mu)
    w = w.index_put((rows, j), 1.0 - t)
    return w.index_put((rows, i), t, accumulate=True)


def solve_fast(mu: torch.Tensor, sigma: torch.Tensor, vol_floor: float = DEFAULT_VOL_FLOOR_DAILY,
               mask: torch.Tensor | None = None, check_psd: bool = True) -> FastResult:
    """Solve a (B, N) batch of max-Sharpe-with-floor problems; float64 internally.

    >>> r = solve_fast(torch.tensor([[1e-3, 5e-4]]), torch.tensor([[[4e-4, 0.0], [0.0, 1e-4]]]))
    >>> r.status
    ['tangency']
    """
    if not isinstance(mu, torch.Tensor) or not isinstance(sigma, torch.Tensor):
        raise PortfolioInputError("BAD_DTYPE", "mu and sigma must be torch tensors")
    if not (vol_floor > 0 and vol_floor < float("inf")):
        raise PortfolioInputError("BAD_FLOOR", f"vol_floor must be a positive finite number, got {vol_floor}")
    out_dtype = sigma.dtype
    mu64, sig64, free = check_batch(mu.double(), sigma.double(), mask, check_psd)
    assert mu64 is not None
    Bsz, n = mu64.shape
    dev = mu64.device
    # Scaled units: Sigma / v^2 so the floor is 1 (see reference.py), unless v is tiny next to
    # the largest variance; then Sigma / (MIN_SCALE_REL dmax) and the floor f0 = v / sqrt(scale) < 1.
    dmax_raw = torch.where(free, sig64.detach().diagonal(dim1=-2, dim2=-1), -torch.inf).amax(-1)
    scale = torch.clamp(MIN_SCALE_REL * dmax_raw, min=vol_floor**2)  # (B,)
    f0 = torch.where(scale > vol_floor**2, vol_floor / torch.sqrt(scale), 1.0)  # (B,) 1 unless v is tiny
    sig_s = sig64 / scale[:, None, None]
    c = torch.where(free, mu64.detach().abs(), 0.0).amax(-1).clamp(min=1e-300)
    mu_s = mu64 / c[:, None]
    k = free.sum(-1)
    dmax = dmax_raw / scale
    tol2 = (1.0 - VOL_REL_TOL) ** 2
    level = torch.where(dmax >= f0**2 * tol2, 0, torch.where(dmax >= (RELAX_FACTOR * f0) ** 2 * tol2, 1, 2))
    fl = torch.where(level == 1, RELAX_FACTOR, 1.0).to(mu64.dtype) * f0
    has_pos = (torch.where(free, mu_s.detach(), -torch.inf) > 0).any(-1)
    case = ["?"] * Bsz
    w_out = torch.zeros(Bsz, n, dtype=mu64.dtype, device=dev)
    exact = torch.ones(Bsz, dtype=torch.bool, device=dev)
    diag: dict[str, Any] = {}

    def put(idx: torch.Tensor, w: torch.Tensor, ok: torch.Tensor | None, letter: str) -> None:
        nonlocal w_out
        w_out = w_out.index_put((idx,), w)
        if ok is not None:
            exact[idx] = ok
        for r in idx.tolist():
            case[r] = letter

    single = k == 1
    if bool(single.any()):
        idx = torch.nonzero(single & (level < 2))[:, 0]
        letters = ["A" if bool(has_pos[r]) else "B" for r in idx.tolist()]
        put(idx, free[idx].to(mu64.dtype), None, "A")
        for r, letter in zip(idx.tolist(), letters, strict=True):
            case[r] = letter
    todo = (level < 2) & ~single
    idx = torch.nonzero(todo & has_pos)[:, 0]
    if idx.numel():
        w, ok = _tangency(mu_s[idx], sig_s[idx], free[idx], diag)
        vol = torch.sqrt(torch.einsum("bi,bij,bj->b", w.detach(), sig_s[idx].detach(), w.detach()))
        is_a = vol >= fl[idx] * (1.0 - VOL_REL_TOL)
        put(idx[is_a], w[is_a], ok[is_a], "A")
        todo[idx[is_a]] = False
    jstar = torch.where(free, mu_s.detach(), -torch.inf).argmax(-1)
    djj = sig_s.detach().diagonal(dim1=-2, dim2=-1).gather(1, jstar[:, None])[:, 0]
    is_c = todo & (djj < fl**2 * tol2)
    is_b = todo & ~is_c
    # All mu <= 0 and even the minimum-variance portfolio is above the floor: see reference.py.
    idx = torch.nonzero((is_b & ~has_pos) | (level == 2))[:, 0]
    if idx.numel():
        w, ok = _min_variance(sig_s[idx], free[idx], diag)
        vol = torch.sqrt(torch.einsum("bi,bij,bj->b", w.detach(), sig_s[idx].detach(), w.detach()))
        above = (level[idx] < 2) & (vol > fl[idx])
        mv_rows = (level[idx] == 2) | above
        put(idx[mv_rows], w[mv_rows], ok[mv_rows], "B")
        for r in idx[level[idx] == 2].tolist():
            case[r] = "D"
        is_b[idx[above]] = False
        diag["min_variance_above_floor"] = idx[above].tolist()
    idx = torch.nonzero(is_b)[:, 0]
    if idx.numel():
        w, ok = _floor(mu_s[idx], sig_s[idx], free[idx], fl[idx], diag)
        put(idx, w, ok, "B")
    idx = torch.nonzero(is_c)[:, 0]
    if idx.numel():
        put(idx, _edges(mu_s[idx], sig_s[idx], free[idx], fl[idx]), None, "C")
    status = []
    for r in range(Bsz):
        if case[r] == "D":
            status.append("min_variance" if bool(exact[r]) else "equal_weight")
        else:
            status.append("relaxed" if int(level[r]) == 1 else _STATUS[case[r]])
    eq_rows = torch.tensor([s == "equal_weight" for s in status], device=dev)
    if bool(eq_rows.any()):
        eq = free.to(mu64.dtype) / k[:, None]
        w_out = torch.where(eq_rows[:, None], eq, w_out)
        exact = exact | eq_rows
    ret = (mu64 * w_out).sum(-1)
    vol = torch.sqrt(torch.einsum("bi,bij,bj->b", w_out, sig64, w_out).clamp(min=0.0))
    return FastResult(weights=w_out.to(out_dtype), status=status, case=case, ret=ret, vol=vol,
                      sharpe=ret / vol, nonpositive_sharpe=(ret.detach() <= 0), exact=exact, diagnostics=diag)


def min_variance_fast(sigma: torch.Tensor, mask: torch.Tensor | None = None,
                      check_psd: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Batched long-only minimum variance (B, N) and a (B,) flag of rows that passed the KKT check."""
    _, sig64, free = check_batch(None, sigma.double(), mask, check_psd)
    scale = torch.where(free, sig64.detach().diagonal(dim1=-2, dim2=-1), 0.0).amax(-1)
    w, ok = _min_variance(sig64 / scale[:, None, None], free, {})
    return w.to(sigma.dtype), ok
