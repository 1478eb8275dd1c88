"""Equal-risk-contribution (risk parity) weights, batched damped Newton in torch.

Convex log-barrier formulation (Maillard, Roncalli & Teiletche 2010; Spinu 2013):
``min_y 1/2 y'Sigma y - sum_i b_i log y_i`` over y > 0 with budgets b_i = 1/k; the optimum has
``y_i (Sigma y)_i = b_i`` (equal risk contributions) and ``w = y / 1'y``. Strictly convex for a
PD Sigma, so Newton with a backtracking line search converges from any positive start.
"""

from __future__ import annotations

import torch

_STEPS = torch.tensor([0.5**i for i in range(40)], dtype=torch.float64)


def _barrier(y: torch.Tensor, b: torch.Tensor, free: torch.Tensor) -> torch.Tensor:
    return (b * torch.log(torch.where(free, y, 1.0))).sum(-1)


def risk_parity_torch(sigma: torch.Tensor, free: torch.Tensor, max_iter: int = 100,
                      tol: float = 1e-13) -> tuple[torch.Tensor, torch.Tensor]:
    """Weights (B, N) with equal risk contributions over the free assets; and a (B,) converged flag."""
    dt = sigma.dtype
    f = free.to(dt)
    k = f.sum(-1, keepdim=True)
    b = f / k
    d = sigma.diagonal(dim1=-2, dim2=-1)
    scale = torch.where(free, d, 0.0).amax(-1, keepdim=True)
    sig = sigma / scale[..., None]  # scale-free; w is invariant to scaling Sigma
    y = torch.where(free, 1.0 / torch.sqrt(torch.where(free, sig.diagonal(dim1=-2, dim2=-1), 1.0) * k), 0.0)
    outer = f[:, :, None] * f[:, None, :]
    steps = _STEPS.to(device=sigma.device, dtype=dt)
    converged = torch.zeros(sigma.shape[0], dtype=torch.bool, device=sigma.device)
    for _ in range(max_iter):
        ys = torch.where(free, y, 1.0)
        sy = (sig @ y[..., None])[..., 0]  # (B, N)
        grad = (sy - b / ys) * f
        H = sig * outer + torch.diag_embed(b / ys**2 * f + (1.0 - f))
        L, info = torch.linalg.cholesky_ex(H)  # H is PD: PSD Sigma plus a positive diagonal
        if bool((info != 0).any()):
            dy = -torch.linalg.solve(H, grad[..., None])[..., 0]
        else:
            dy = -torch.cholesky_solve(grad[..., None], L)[..., 0]
        decrement = -(grad * dy).sum(-1)  # Newton decrement squared
        converged = decrement < tol
        if bool(converged.all()):
            break
        # Backtracking on all step sizes at once; the quadratic part along the line is
        # q(a) = y'Sy/2 + a y'S dy + a^2 dy'S dy/2, so only the log barrier is evaluated per step.
        cand = y[:, None, :] + steps[None, :, None] * dy[:, None, :]  # (B, S, N)
        fr = free[:, None, :].expand_as(cand)
        positive = torch.where(fr, cand > 0, True).all(-1)
        yy, yd = (y * sy).sum(-1), (dy * sy).sum(-1)
        dd = (dy * (sig @ dy[..., None])[..., 0]).sum(-1)
        quad = 0.5 * yy[:, None] + steps[None] * yd[:, None] + 0.5 * steps[None] ** 2 * dd[:, None]
        obj = quad - _barrier(cand, b[:, None], fr)
        obj0 = 0.5 * yy - _barrier(y, b, free)
        ok = positive & (obj <= obj0[:, None] - 1e-4 * steps[None] * decrement[:, None])
        first = torch.where(ok.any(-1), ok.to(torch.int64).argmax(-1), steps.shape[0] - 1)
        step = torch.where(converged | ~ok.any(-1), 0.0, steps[first])
        y = y + step[:, None] * dy
    w = y * f
    return w / w.sum(-1, keepdim=True), converged
