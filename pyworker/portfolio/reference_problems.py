"""The convex subproblems of DESIGN 6, each solved once with cvxpy (Clarabel, then SCS).

All functions work in *scaled* units chosen by :mod:`reference` (Sigma divided by the floor
squared, so the floor is 1 and the relaxed floor 0.95; mu divided by max |mu|): that keeps the
solver's absolute tolerances meaningful for daily numbers of size 1e-4.
``F`` is a factor with ``F^T F = Sigma`` so every problem is written with norms (SOCP form).
"""

from __future__ import annotations

import warnings

import cvxpy as cp
import numpy as np

# (solver, options) tried in order. Tighter than Clarabel's defaults first: near-flat objectives
# (all mu nearly equal) otherwise leave weights loose by ~1e-4 while the objective is optimal.
ATTEMPTS: tuple[tuple[str, dict[str, float | int]], ...] = (
    ("CLARABEL", {"tol_gap_abs": 1e-11, "tol_gap_rel": 1e-11, "tol_feas": 1e-11, "max_iter": 400}),
    ("CLARABEL", {}),
    ("SCS", {"eps_abs": 1e-9, "eps_rel": 1e-9, "max_iters": 100000}),
)


class SubproblemFailed(RuntimeError):
    """The solver did not return an optimal point (infeasible, unbounded or not converged)."""

    def __init__(self, what: str, status: str) -> None:
        super().__init__(f"{what}: solver status {status}")
        self.status = status


def _solve(prob: cp.Problem, var: cp.Variable, what: str) -> tuple[np.ndarray, str]:
    """Solve with the ATTEMPTS chain; an ``optimal_inaccurate`` point is used only as a last resort."""
    last = "not_run"
    fallback: tuple[np.ndarray, str] | None = None
    for name, opts in ATTEMPTS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                prob.solve(solver=name, **opts)
        except cp.error.SolverError:
            last = f"{name}:solver_error"
            continue
        if prob.status == "optimal":
            return np.asarray(var.value, dtype=np.float64), name
        last = f"{name}:{prob.status}"
        if prob.status == "optimal_inaccurate" and fallback is None:
            fallback = (np.asarray(var.value, dtype=np.float64), f"{name}:inaccurate")
        if prob.status in ("infeasible", "unbounded"):
            break
    if fallback is not None:
        return fallback
    raise SubproblemFailed(what, last)


def tangency(mu: np.ndarray, F: np.ndarray) -> tuple[np.ndarray, str]:
    """Case A: ``min |F y|^2  s.t. mu'y = 1, y >= 0``; returns ``w = y / 1'y`` (needs a mu_i > 0)."""
    y = cp.Variable(mu.shape[0])
    prob = cp.Problem(cp.Minimize(cp.sum_squares(F @ y)), [mu @ y == 1.0, y >= 0.0])
    yv, solver = _solve(prob, y, "tangency QP")
    yv = np.clip(yv, 0.0, None)
    return yv / yv.sum(), solver


def max_return_capped(mu: np.ndarray, F: np.ndarray, cap: float) -> tuple[np.ndarray, str]:
    """Case B: ``max mu'w  s.t. |F w| <= cap, 1'w = 1, w >= 0``."""
    w = cp.Variable(mu.shape[0])
    prob = cp.Problem(cp.Maximize(mu @ w), [cp.norm(F @ w, 2) <= cap, cp.sum(w) == 1.0, w >= 0.0])
    return _solve(prob, w, "floor SOCP")


def min_variance(F: np.ndarray) -> tuple[np.ndarray, str]:
    """Long-only minimum variance: ``min |F w|^2  s.t. 1'w = 1, w >= 0``."""
    w = cp.Variable(F.shape[1])
    prob = cp.Problem(cp.Minimize(cp.sum_squares(F @ w)), [cp.sum(w) == 1.0, w >= 0.0])
    return _solve(prob, w, "min-variance QP")


class CcpLp:
    """Case C subproblem, compiled once: ``max mu'w  s.t. c'w >= d, 1'w = 1, w >= 0``.

    With ``c = 2 Sigma w_k`` and ``d = v^2 + w_k' Sigma w_k`` it is the linearization of the
    reverse-convex floor ``w' Sigma w >= v^2`` at ``w_k`` (DESIGN 6, case C).
    """

    def __init__(self, mu: np.ndarray) -> None:
        k = mu.shape[0]
        self.c = cp.Parameter(k)
        self.d = cp.Parameter()
        self.w = cp.Variable(k)
        self.prob = cp.Problem(cp.Maximize(mu @ self.w),
                               [self.c @ self.w >= self.d, cp.sum(self.w) == 1.0, self.w >= 0.0])

    def solve(self, c: np.ndarray, d: float) -> tuple[np.ndarray, str]:
        self.c.value = c
        self.d.value = d
        return _solve(self.prob, self.w, "CCP LP")


def edge_search(mu: np.ndarray, sigma: np.ndarray, floor: float) -> np.ndarray:
    """Exact case C by enumeration: best vertex with vol >= floor or edge point with vol = floor.

    The optimum of a linear objective over a polytope minus an open convex set lies at a vertex
    or on an edge crossing the set's boundary (Hillestad & Jacobsen 1980), so this is global.
    """
    k = mu.shape[0]
    d = np.diag(sigma)
    best_ret, best_w = -np.inf, np.zeros(k)
    for j in range(k):
        if d[j] >= floor * floor and mu[j] > best_ret:
            best_ret, best_w = float(mu[j]), np.eye(k)[j]
    for i in range(k):
        # w = t e_i + (1 - t) e_j: (d_i + d_j - 2 S_ij) t^2 + 2 (S_ij - d_j) t + d_j - floor^2 = 0
        a = d[i] + d - 2.0 * sigma[i]
        b = 2.0 * (sigma[i] - d)
        c = d - floor * floor
        disc = b * b - 4.0 * a * c
        for j in np.flatnonzero((disc >= 0.0) & (a > 1e-14 * d.max())):
            if j == i:
                continue
            for sgn in (1.0, -1.0):
                t = (-b[j] + sgn * np.sqrt(disc[j])) / (2.0 * a[j])
                ret = float(mu[j] + t * (mu[i] - mu[j]))
                if 0.0 <= t <= 1.0 and ret > best_ret:
                    best_ret = ret
                    best_w = np.zeros(k)
                    best_w[i], best_w[j] = t, 1.0 - t
    return best_w


def ccp(mu: np.ndarray, sigma: np.ndarray, floor: float, max_iter: int = 30,
        tol: float = 1e-7) -> tuple[np.ndarray, dict[str, int]]:
    """Convex-concave procedure from every vertex with vol >= floor; best return wins (case C)."""
    lp = CcpLp(mu)
    starts = np.flatnonzero(np.diag(sigma) >= floor * floor)
    if starts.size == 0:
        raise SubproblemFailed("CCP", "no vertex meets the floor")
    best_w: np.ndarray | None = None
    best_ret = -np.inf
    total_iter = 0
    for j in starts:
        wk = np.zeros(mu.shape[0])
        wk[j] = 1.0
        for _ in range(max_iter):
            sw = sigma @ wk
            w_new, _ = lp.solve(2.0 * sw, floor * floor + float(wk @ sw))
            total_iter += 1
            done = float(np.max(np.abs(w_new - wk))) < tol
            wk = w_new
            if done:
                break
        ret = float(mu @ wk)
        if ret > best_ret:
            best_ret, best_w = ret, wk
    assert best_w is not None
    return best_w, {"ccp_starts": int(starts.size), "ccp_lp_solves": total_iter}
