"""Batched primal-dual interior-point method in torch (no per-problem Python loop).

Solves, for every row b of a batch at once (float64, CPU or GPU)::

    min  1/2 x'Px + q'x   s.t.  x >= 0 on free assets, x = 0 on masked ones,
         [1'x = 1]                      (when ``budget``)
         [1/2 (x' Q x - r) <= 0]        (when ``quad`` = (Q, r) is given)

Infeasible-start Mehrotra-style path following; the quadratic constraint gets a slack u >= 0,
so no strictly feasible start is needed. Every Newton system is the same (B, n, n) Cholesky
plus a rank-one Schur step for the budget row. The IPM only has to identify the active set;
:mod:`fast_polish` then recomputes the exact, differentiable point on that face, so
:mod:`fast` first runs it to a loose tolerance and only continues (warm-started from
``IpmResult.state``) the rows whose face fails its KKT check.

Host syncs: on the CPU the loop checks convergence every iteration and continues on the
unconverged rows only; on other devices it checks every ``SYNC_EVERY`` iterations (converged
rows take zero steps in between), so a GPU runs several iterations per host round trip.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from .fast_cov import Cov, DenseCov, NewtonSolver


@dataclass(frozen=True)
class IpmResult:
    x: torch.Tensor
    """(B, n) primal point."""
    s: torch.Tensor
    """(B, n) multipliers of x >= 0 (support: x > s)."""
    lam: torch.Tensor
    """(B,) multiplier of the quadratic constraint (0 when absent)."""
    converged: torch.Tensor
    """(B,) bool: residuals and gap below tolerance."""
    iterations: int
    state: tuple[torch.Tensor, ...]
    """(x, s, lam, u, nu) to warm-start a continuation (``ipm(..., start=state)``)."""


SYNC_EVERY = 4
"""Iterations between convergence checks (host syncs) off the CPU."""


def _step_to_boundary(v: torch.Tensor, dv: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """Largest alpha >= 0 with v + alpha dv >= 0 on valid entries (per row; inf if unbounded)."""
    ratio = torch.where(valid & (dv < 0), -v / torch.where(dv < 0, dv, -1.0), torch.inf)
    return ratio.amin(dim=-1)


@dataclass
class _Iter:
    """Per-iteration quantities shared by the predictor and corrector directions."""

    x: torch.Tensor
    s: torch.Tensor
    lam: torch.Tensor
    u: torch.Tensor
    g: torch.Tensor
    r_d: torch.Tensor
    r_p: torch.Tensor
    r_q: torch.Tensor
    L: NewtonSolver
    hinv_1: torch.Tensor | None
    f: torch.Tensor
    free: torch.Tensor
    has_q: bool


def _direction(it: _Iter, tau: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Newton direction (dx, ds, dnu, dlam, du) for centering target tau (B,)."""
    xs = torch.where(it.free, it.x, 1.0)
    r_cx = (it.x * it.s - tau[:, None]) * it.f
    r_cu = it.lam * it.u - tau
    rhs = -it.r_d - r_cx / xs
    zero = torch.zeros_like(it.lam)
    if it.has_q:
        rhs = rhs - it.g * (it.lam / it.u * it.r_q - r_cu / it.u)[:, None]
    a = it.L.solve(rhs * it.f)
    dnu, dx = zero, a
    if it.hinv_1 is not None:  # budget row by a Schur step on 1'dx = -r_p
        dnu = (a.sum(-1) + it.r_p) / it.hinv_1.sum(-1)
        dx = a - dnu[:, None] * it.hinv_1
    ds = -(r_cx + it.s * dx) / xs * it.f
    dlam, du = zero, zero
    if it.has_q:
        dlam = it.lam / it.u * ((it.g * dx).sum(-1) + it.r_q) - r_cu / it.u
        du = -(r_cu + it.u * dlam) / it.lam
    return dx, ds, dnu, dlam, du


def _max_step(it: _Iter, dx: torch.Tensor, ds: torch.Tensor, dlam: torch.Tensor, du: torch.Tensor) -> torch.Tensor:
    alpha = torch.minimum(_step_to_boundary(it.x, dx, it.free), _step_to_boundary(it.s, ds, it.free))
    if it.has_q:
        one = torch.ones_like(it.free[:, :1])
        alpha = torch.minimum(alpha, _step_to_boundary(it.lam[:, None], dlam[:, None], one))
        alpha = torch.minimum(alpha, _step_to_boundary(it.u[:, None], du[:, None], one))
    return alpha


def ipm(P: Cov | None, q: torch.Tensor, free: torch.Tensor, budget: bool,
        quad: tuple[Cov, torch.Tensor] | None = None, max_iter: int = 60,
        tol: float = 1e-10, start: tuple[torch.Tensor, ...] | None = None) -> IpmResult:
    """Run the batched IPM; shapes P (B, n, n) or None (zero), q (B, n), free (B, n) bool,
    quad (Q (B, n, n), r (B,)); P and Q are :mod:`fast_cov` operators, at most one of them given
    (the Newton system is then one ``Cov.newton`` factorization per iteration). ``start`` = (x, s, lam, u, nu) warm-starts (used internally when
    most rows have converged and the rest continue as a smaller batch)."""
    Bsz, n = q.shape
    dt = q.dtype
    f = free.to(dt)
    k = f.sum(-1)  # (B,)
    if P is not None and quad is not None:
        raise ValueError("ipm: give P or quad, not both")
    Pm = None if P is None else P.masked(f)  # masked rows / columns zero: dx = 0 there
    has_q = quad is not None
    zeros_b = torch.zeros(Bsz, dtype=dt, device=q.device)
    Qm, r = (quad[0].masked(f), quad[1]) if quad is not None else (None, zeros_b)
    if start is None:
        x = f / k[:, None] if budget else f.clone()
        s = f.clone()
        lam = zeros_b + (1.0 if has_q else 0.0)
        u = zeros_b + 1.0
        nu = zeros_b.clone()
    else:
        x, s, lam, u, nu = start
    m_pairs = k + (1.0 if has_q else 0.0)
    converged = torch.zeros(Bsz, dtype=torch.bool, device=q.device)
    scale = 1.0 + q.abs().amax(-1)
    sync_every = 1 if q.device.type == "cpu" else SYNC_EVERY
    ridge = zeros_b.clone()
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        g = Qm.matvec(x) if Qm is not None else torch.zeros_like(x)  # (B, n)
        px = Pm.matvec(x) if Pm is not None else 0.0
        r_d = (px + q - s + (nu[:, None] if budget else 0.0) + lam[:, None] * g) * f
        r_p = x.sum(-1) - 1.0 if budget else zeros_b
        r_q = 0.5 * ((x * g).sum(-1) - r) + u if has_q else zeros_b
        gap = ((x * s).sum(-1) + (lam * u if has_q else 0.0)) / m_pairs
        err = torch.maximum(r_d.abs().amax(-1) / scale, torch.maximum(r_p.abs(), r_q.abs()))
        converged = (err < tol) & (gap < tol)
        if n_iter % sync_every == 0 or n_iter == 1:
            n_conv = int(converged.sum())
            if n_conv == Bsz:
                break
            if sync_every == 1 and n_conv and n_iter < max_iter and (Bsz - n_conv) * 2 <= Bsz:
                # continue on the unconverged rows only (CPU: the batch shrinks, the work with it)
                rest = torch.nonzero(~converged)[:, 0]
                sub = ipm(None if P is None else P[rest], q[rest], free[rest], budget,
                          None if quad is None else (quad[0][rest], quad[1][rest]), max_iter - n_iter, tol,
                          (x[rest], s[rest], lam[rest], u[rest], nu[rest]))
                x, s, lam, u, nu = (t.index_put((rest,), ts) for t, ts in zip((x, s, lam, u, nu), sub.state,
                                                                               strict=True))
                converged = converged.index_put((rest,), sub.converged)
                return IpmResult(x=x * f, s=s * f, lam=lam, converged=converged, iterations=n_iter + sub.iterations,
                                 state=(x, s, lam, u, nu))
        xs = torch.where(free, x, 1.0)
        lu = lam / u if has_q else zeros_b
        h = s / xs * f + (1.0 - f)
        if Qm is not None:
            L = Qm.newton(lam, h, g, lu, ridge)
        elif Pm is not None:
            L = Pm.newton(zeros_b + 1.0, h, None, None, ridge)
        else:
            L = DenseCov(torch.zeros(Bsz, n, n, dtype=dt, device=q.device)).newton(zeros_b, h, None, None, ridge)
        # Singular Q on the support: a row whose factorization fails stays put this iteration and
        # gets a relative ridge from the next one on (no data-dependent branch, so no host sync;
        # the IPM only has to find the face, the exact point comes from fast_polish).
        step_ok = L.ok
        ridge = torch.where(step_ok, ridge, (ridge * 100.0).clamp(min=1e-10))
        hinv_1 = L.solve(f) if budget else None
        state = _Iter(x, s, lam, u, g, r_d, r_p, r_q, L, hinv_1, f, free, has_q)
        # Mehrotra predictor: the affine step sets the centering weight sigma = (gap_aff / gap)^3.
        dx, ds, _, dlam, du = _direction(state, zeros_b)
        a_aff = _max_step(state, dx, ds, dlam, du).clamp(max=1.0)
        gap_aff = (((x + a_aff[:, None] * dx) * (s + a_aff[:, None] * ds) * f).sum(-1)
                   + ((lam + a_aff * dlam) * (u + a_aff * du) if has_q else 0.0)) / m_pairs
        sigma = (gap_aff / gap.clamp(min=1e-300)).clamp(0.0, 1.0) ** 3
        # Keep complementarity from collapsing far ahead of feasibility (x_i ~ 1e-90 stalls the
        # dual residual): the centering target never drops below 1% of the residual.
        tau = torch.maximum(sigma * gap, 0.01 * torch.minimum(err, gap))
        dx, ds, dnu, dlam, du = _direction(state, tau)
        alpha = (0.99 * _max_step(state, dx, ds, dlam, du)).clamp(max=1.0)
        move = step_ok & ~converged & torch.isfinite(alpha)
        alpha = torch.where(move, alpha, torch.zeros_like(alpha))
        x = torch.where(move[:, None], x + alpha[:, None] * dx, x)
        s = torch.where(move[:, None], s + alpha[:, None] * ds, s)
        nu = torch.where(move, nu + alpha * dnu, nu)
        lam = torch.where(move, lam + alpha * dlam, lam)
        u = torch.where(move, u + alpha * du, u)
    return IpmResult(x=x * f, s=s * f, lam=lam, converged=converged, iterations=n_iter, state=(x, s, lam, u, nu))
