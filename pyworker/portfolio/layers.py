"""Differentiable reference layer with cvxpylayers (DESIGN 6: "the reference implementation
and the oracle in tests").

The case of each problem (A/B/C/D) is decided by :func:`reference.solve_problem`; the convex
problem active at the solution is then solved again as a batched ``CvxpyLayer``, one per case:

- A: ``min |G'y|^2  s.t. mu'y = 1, y >= 0``, ``w = y / 1'y``;
- B: ``max mu'w  s.t. |G'w| <= f, 1'w = 1, w >= 0``;
- C: the last CCP subproblem, ``max mu'w  s.t. c'w >= d`` on the simplex with
  ``c = 2 Sigma w*`` and ``d = f^2 + w*' Sigma w*`` at the final iterate ``w*`` (held constant;
  gradients reach Sigma through c and d);
- D: ``min |G'w|^2`` on the simplex (minimum variance); equal weight is a constant.

Sigma enters as a factor ``G`` (N x K, ``Sigma = G G'``) so every problem is DPP; the model's
``B F B' + diag(D)`` has the factor ``[B chol(F), diag(sqrt(D))]``. Masked assets are pinned to
0 by a parameter. Everything is solved in the scaled units of :mod:`reference`.
"""

from __future__ import annotations

from functools import lru_cache

import cvxpy as cp
import numpy as np
import torch
from cvxpylayers.torch import CvxpyLayer

from .constants import DEFAULT_VOL_FLOOR_DAILY
from .reference import solve_problem
from .result import PortfolioResult
from .validate import validate_problem

SOLVER_ARGS: dict[str, object] = {"solve_method": "Clarabel"}


@lru_cache(maxsize=16)
def _layers(n: int, k: int) -> dict[str, CvxpyLayer]:
    mu, Gt, off = cp.Parameter(n), cp.Parameter((k, n)), cp.Parameter(n, nonneg=True)
    f, c, d = cp.Parameter(nonneg=True), cp.Parameter(n), cp.Parameter()
    w = cp.Variable(n)
    simplex = [cp.sum(w) == 1.0, w >= 0.0, cp.multiply(off, w) == 0.0]
    y = cp.Variable(n)
    a = cp.Problem(cp.Minimize(cp.sum_squares(Gt @ y)), [mu @ y == 1.0, y >= 0.0, cp.multiply(off, y) == 0.0])
    b = cp.Problem(cp.Maximize(mu @ w), [cp.norm(Gt @ w, 2) <= f, *simplex])
    lp = cp.Problem(cp.Maximize(mu @ w), [c @ w >= d, *simplex])
    mv = cp.Problem(cp.Minimize(cp.sum_squares(Gt @ w)), simplex)
    return {
        "A": CvxpyLayer(a, parameters=[mu, Gt, off], variables=[y]),
        "B": CvxpyLayer(b, parameters=[mu, Gt, f, off], variables=[w]),
        "C": CvxpyLayer(lp, parameters=[mu, c, d, off], variables=[w]),
        "D": CvxpyLayer(mv, parameters=[Gt, off], variables=[w]),
    }


def solve_cvxpylayers(mu: torch.Tensor, sigma_factor: torch.Tensor, vol_floor: float = DEFAULT_VOL_FLOOR_DAILY,
                      mask: torch.Tensor | None = None,
                      decisions: list[PortfolioResult] | None = None) -> tuple[torch.Tensor, list[str]]:
    """Differentiable weights (B, N) for mu (B, N) and Sigma = G G' with G (B, N, K); statuses.

    Gradients of the weights reach ``mu`` and ``sigma_factor`` through the active problem.
    ``decisions`` may pass the reference results for these inputs (saves re-solving them).
    """
    Bsz, n = mu.shape
    kdim = sigma_factor.shape[-1]
    mask_t = torch.ones(Bsz, n, dtype=torch.bool) if mask is None else mask.to(torch.bool)
    G = sigma_factor.to(torch.float64)
    mu64 = mu.to(torch.float64)
    sig_np = (G @ G.transpose(1, 2)).detach().numpy()
    results = decisions if decisions is not None else [
        solve_problem(validate_problem(mu64[b].detach().numpy(), sig_np[b], vol_floor, mask_t[b].numpy()))
        for b in range(Bsz)]
    c_scale = torch.where(mask_t, mu64.detach().abs(), 0.0).amax(-1).clamp(min=1e-300)
    mu_s = torch.where(mask_t, mu64 / c_scale[:, None], 0.0)
    Gt_s = torch.where(mask_t[:, None, :], G.transpose(1, 2) / vol_floor, 0.0)  # (B, K, N)
    off = (~mask_t).to(torch.float64)
    layers = _layers(n, kdim)
    rows: list[torch.Tensor] = [torch.from_numpy(r.weights) for r in results]
    groups: dict[str, list[int]] = {}
    for b, r in enumerate(results):
        if int(mask_t[b].sum()) == 1 or r.status == "equal_weight":
            continue
        key = "D" if r.diagnostics.get("min_variance_above_floor") else str(r.diagnostics["case"])
        groups.setdefault(key, []).append(b)
    for key, idx_list in groups.items():
        idx = torch.tensor(idx_list)
        if key == "A":
            (y,) = layers["A"](mu_s[idx], Gt_s[idx], off[idx], solver_args=SOLVER_ARGS)
            w = y / y.sum(-1, keepdim=True)
        elif key == "B":
            fl = torch.tensor([results[b].diagnostics["floor_used"] / vol_floor for b in idx_list], dtype=torch.float64)
            (w,) = layers["B"](mu_s[idx], Gt_s[idx], fl, off[idx], solver_args=SOLVER_ARGS)
        elif key == "C":
            fl = torch.tensor([results[b].diagnostics["floor_used"] / vol_floor for b in idx_list], dtype=torch.float64)
            wk = torch.from_numpy(np.stack([results[b].weights for b in idx_list]))
            sig_s = Gt_s[idx].transpose(1, 2) @ Gt_s[idx]
            sw = (sig_s @ wk[..., None])[..., 0]
            (w,) = layers["C"](mu_s[idx], 2.0 * sw, fl * fl + (wk * sw).sum(-1), off[idx], solver_args=SOLVER_ARGS)
        else:
            (w,) = layers["D"](Gt_s[idx], off[idx], solver_args=SOLVER_ARGS)
        for pos, b in enumerate(idx_list):
            rows[b] = w[pos]
    return torch.stack(rows), [r.status for r in results]
