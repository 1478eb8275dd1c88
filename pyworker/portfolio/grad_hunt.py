"""Hunt for non-finite gradients of :func:`solve_fast` on training-like batches (issue 5).

Draws seeded batches of the kinds training sees (N 8..100; mu ~ 1e-3 daily or 5-day scale;
Sigma from a covariance head, low-rank + diagonal; masks with missing factors) plus degenerate
ones (floor exactly active, ties, duplicated assets, nearly singular Sigma, all-negative or
all-zero mu, one unmasked asset), runs forward + backward of a realized-Sharpe loss as the
training loop does (float32 in, ``check_psd=False``) and records every batch whose gradient
w.r.t. mu or Sigma is not finite.

Usage: ``python -m pyworker.portfolio.grad_hunt [--batches 300] [--seed 0] [--out DIR]``;
prints counts per kind (and of inexact rows, whose weights are constant: zero gradient) and
writes the inputs of each failure to ``DIR/<kind>_<seed>.pt``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from .constants import DEFAULT_VOL_FLOOR_DAILY
from .fast import solve_fast

HUNT_KINDS: tuple[str, ...] = ("head", "head5d", "floor_active", "relaxed_active", "ties", "duplicate",
                               "singular", "negative", "zero_mu", "one_asset", "sparse_mask", "low_vol_winner",
                               "tiny_floor")


def _head_sigma(g: torch.Generator, b: int, n: int, k: int, idio_min: float, idio_scale: float = 0.5) -> torch.Tensor:
    """Sigma = 1e-4 (B F B' + diag(D)) as the covariance head builds it (B, n, n), float64."""
    load = torch.randn(b, n, k, generator=g, dtype=torch.float64) * (0.5 / k) ** 0.5
    chol = torch.tril(torch.randn(b, k, k, generator=g, dtype=torch.float64) * 0.3)
    chol.diagonal(dim1=-2, dim2=-1).copy_(torch.rand(b, k, generator=g, dtype=torch.float64) + 0.3)
    lg = load @ chol
    idio = idio_scale * torch.rand(b, n, generator=g, dtype=torch.float64) ** 3 + idio_min
    return 1e-4 * (lg @ lg.transpose(1, 2) + torch.diag_embed(idio))


def _mask(g: torch.Generator, b: int, n: int, p_missing: float) -> torch.Tensor:
    m = torch.rand(b, n, generator=g) >= p_missing
    m[torch.arange(b), torch.randint(n, (b,), generator=g)] = True  # at least one factor
    return m


def hunt_batch(kind: str, seed: int, v: float = DEFAULT_VOL_FLOOR_DAILY
               ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One seeded training-like batch (mu (B, N), sigma (B, N, N), mask (B, N)), float32."""
    g = torch.Generator().manual_seed(seed)
    b = int(torch.randint(4, 33, (1,), generator=g))
    n = int(torch.randint(8, 101, (1,), generator=g))
    k = int(torch.randint(1, 9, (1,), generator=g))
    sig = _head_sigma(g, b, n, k, 1e-4)
    mu = torch.randn(b, n, generator=g, dtype=torch.float64) * 1e-3
    mask = _mask(g, b, n, float(torch.rand(1, generator=g)) * 0.4)
    if kind == "head5d":
        mu = mu * 5.0 + 2e-3
    elif kind in ("floor_active", "relaxed_active"):
        # Rescale Sigma so the tangency portfolio's vol is exactly the (relaxed) floor: the
        # A / B boundary (tangency weights do not change when Sigma is scaled).
        mu = mu.abs() + 1e-4
        w = solve_fast(mu, sig, 1e-8, mask).weights.detach()
        vol = torch.einsum("bi,bij,bj->b", w, sig, w).sqrt()
        target = v * (0.95 if kind == "relaxed_active" else 1.0)
        sig = sig * (target / vol)[:, None, None] ** 2
        if kind == "relaxed_active":  # every asset below the floor: only the relaxed floor is reachable
            d = sig.diagonal(dim1=-2, dim2=-1).amax(-1)
            sig = sig * torch.clamp(v * v * 0.99 / d, max=1.0)[:, None, None]
    elif kind == "ties":
        mu = torch.round(mu * 2e3) / 2e3  # many exactly equal entries
        mu[:, : n // 2] = mu[:, :1]
    elif kind == "duplicate":
        j = int(torch.randint(n - 1, (1,), generator=g))
        sig[:, j + 1, :] = sig[:, j, :]
        sig[:, :, j + 1] = sig[:, :, j]
        mu[:, j + 1] = mu[:, j]
    elif kind == "singular":
        sig = _head_sigma(g, b, n, k, 1e-8, idio_scale=0.0)  # rank k + 1e-12 absolute: nearly singular
    elif kind == "negative":
        mu = -mu.abs() - 1e-5
    elif kind == "zero_mu":
        mu = torch.zeros_like(mu)
        mu[1::2] = 1e-3  # half the rows all equal and positive
    elif kind == "one_asset":
        mask = torch.zeros_like(mask)
        mask[torch.arange(b), torch.randint(n, (b,), generator=g)] = True
        mask[::2] = _mask(g, (b + 1) // 2, n, 0.9)
    elif kind == "sparse_mask":
        mask = _mask(g, b, n, 0.9)
    elif kind == "low_vol_winner":
        jmin = sig.diagonal(dim1=-2, dim2=-1).argmin(-1)
        mu = -mu.abs()
        mu[torch.arange(b), jmin] = 2e-3
    elif kind == "tiny_floor":
        sig = sig * 0.2
    # The model's masking: masked mu 0, masked rows / columns 0 except the diagonal.
    pair = mask[:, :, None] & mask[:, None, :]
    sig = torch.where(pair | torch.eye(n, dtype=torch.bool), sig, 0.0)
    mu = torch.where(mask, mu, 0.0)
    return mu.float(), sig.float(), mask


def gradients(mu: torch.Tensor, sigma: torch.Tensor, mask: torch.Tensor, v: float = DEFAULT_VOL_FLOOR_DAILY,
              seed: int = 0) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, list[str], torch.Tensor]:
    """Weights and d(loss)/d(mu, sigma) of a realized-Sharpe loss (as training), statuses, exact."""
    m = mu.clone().requires_grad_(True)
    s = sigma.clone().requires_grad_(True)
    res = solve_fast(m, s, vol_floor=v, mask=mask, check_psd=False)
    g = torch.Generator().manual_seed(seed)
    mu_act = torch.randn(mu.shape, generator=g) * 1e-2
    w = res.weights * mask
    loss = -((w * mu_act).sum(-1) / torch.sqrt(torch.einsum("bi,bij,bj->b", w, sigma, w).clamp(min=0) + 1e-10)).mean()
    loss.backward()
    gm = torch.zeros_like(mu) if m.grad is None else m.grad  # None: no row depends on it (all D)
    gs = torch.zeros_like(sigma) if s.grad is None else s.grad
    return res.weights.detach(), gm, gs, res.status, res.exact


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batches", type=int, default=300, help="batches per kind")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kinds", nargs="+", default=list(HUNT_KINDS))
    ap.add_argument("--out", type=Path, default=None, help="save failing inputs here")
    args = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    for kind in args.kinds:
        bad_batches, bad_rows, rows, errors, inexact = 0, 0, 0, 0, 0
        for i in range(args.batches):
            seed = args.seed + i
            mu, sig, mask = hunt_batch(kind, seed)
            try:
                w, gm, gs, status, exact = gradients(mu, sig, mask, seed=seed)
            except Exception as exc:  # noqa: BLE001 - a hunt records every failure
                errors += 1
                print(f"{kind} seed {seed}: {type(exc).__name__}: {exc}")
                continue
            rows += mu.shape[0]
            inexact += int((~exact).sum())
            fin = torch.isfinite(gm).all(-1) & torch.isfinite(gs).flatten(1).all(-1) & torch.isfinite(w).all(-1)
            if not bool(fin.all()):
                bad_batches += 1
                bad = torch.nonzero(~fin)[:, 0].tolist()
                bad_rows += len(bad)
                print(f"{kind} seed {seed}: rows {bad} statuses {[status[r] for r in bad]}")
                if args.out is not None:
                    args.out.mkdir(parents=True, exist_ok=True)
                    torch.save({"mu": mu[bad], "sigma": sig[bad], "mask": mask[bad], "kind": kind, "seed": seed},
                               args.out / f"{kind}_{seed}.pt")
        print(f"{kind:16s} batches {args.batches} rows {rows} non-finite batches {bad_batches} rows {bad_rows} "
              f"errors {errors}, inexact (zero-gradient) rows {inexact}  ({time.perf_counter() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
