"""Seeded random max-Sharpe problems (daily units) aimed at each case of DESIGN 6.

Used by tests and the benchmark; pure: every function takes an explicit numpy Generator.
The ``kind`` only biases the draw toward a case; the solver decides the case itself.
"""

from __future__ import annotations

import numpy as np

from .constants import DEFAULT_VOL_FLOOR_DAILY

KINDS: tuple[str, ...] = ("A", "B", "C", "relaxed", "min_variance", "negative", "mixed")


def _cov_parts(rng: np.random.Generator, vols: np.ndarray, n_factors: int, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """(G (n, n_factors), D (n,)) with Sigma = G G' + diag(D): factor correlation rho, given vols."""
    n = vols.shape[0]
    load = rng.normal(size=(n, n_factors)) * np.sqrt(rho / n_factors)
    corr_diag = (load * load).sum(-1) + (1.0 - rho)
    s = vols / np.sqrt(corr_diag)
    return load * s[:, None], (1.0 - rho) * s * s


def random_problem_factor(rng: np.random.Generator, n: int, kind: str = "mixed",
                          v: float = DEFAULT_VOL_FLOOR_DAILY) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (mu (n,), G (n, nf), D (n,)), Sigma = G G' + diag(D), daily units, biased toward
    ``kind`` (see KINDS)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    rho = float(rng.uniform(0.05, 0.6))
    nf = max(1, min(3, n - 1))
    sharpe = rng.normal(0.05, 0.08, size=n)  # daily Sharpe ratios of single assets
    if kind == "A":
        vols = v * rng.uniform(1.3, 3.0, size=n)
        sharpe = np.abs(sharpe) + 0.01
    elif kind == "B":
        vols = v * rng.uniform(0.5, 1.8, size=n)
        rho = float(rng.uniform(0.0, 0.2))
    elif kind == "C":
        vols = v * rng.uniform(1.05, 2.5, size=n)
        j = int(rng.integers(n))
        vols[j] = v * rng.uniform(0.3, 0.9)
        sharpe = -np.abs(sharpe) * rng.uniform(0.0, 1.0)
        sharpe[j] = abs(sharpe[j]) + 0.2
    elif kind == "relaxed":
        vols = v * rng.uniform(0.5, 0.995, size=n)
        vols[int(rng.integers(n))] = v * rng.uniform(0.96, 0.995)
    elif kind == "min_variance":
        vols = v * rng.uniform(0.3, 0.93, size=n)
    elif kind == "negative":
        vols = v * rng.uniform(0.5, 2.0, size=n)
        sharpe = -np.abs(sharpe) - 0.005
    else:
        vols = v * rng.uniform(0.4, 2.5, size=n)
    G, D = _cov_parts(rng, vols, nf, rho)
    return sharpe * vols, G, D


def random_problem(rng: np.random.Generator, n: int, kind: str = "mixed",
                   v: float = DEFAULT_VOL_FLOOR_DAILY) -> tuple[np.ndarray, np.ndarray]:
    """Return (mu (n,), sigma (n, n)) in daily units biased toward ``kind`` (see KINDS)."""
    mu, G, D = random_problem_factor(rng, n, kind, v)
    sigma = G @ G.T + np.diag(D)
    return mu, 0.5 * (sigma + sigma.T)


def random_batch(rng: np.random.Generator, batch: int, n: int, kinds: tuple[str, ...] = KINDS,
                 v: float = DEFAULT_VOL_FLOOR_DAILY) -> tuple[np.ndarray, np.ndarray]:
    """(B, n) mu and (B, n, n) sigma cycling through ``kinds``."""
    mus, sigmas = zip(*(random_problem(rng, n, kinds[b % len(kinds)], v) for b in range(batch)), strict=True)
    return np.stack(mus), np.stack(sigmas)


def random_batch_factor(rng: np.random.Generator, batch: int, n: int, k: int = 20, kinds: tuple[str, ...] = KINDS,
                        v: float = DEFAULT_VOL_FLOOR_DAILY) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(B, n) mu, (B, n, k) G and (B, n) D of the problems :func:`random_batch` draws with the
    same generator state (Sigma = G G' + diag(D)); G is the problem's factor loadings padded to
    k columns and rotated by a random orthogonal matrix, so it is dense like a model head's."""
    mus, Gs, Ds = [], [], []
    for b in range(batch):
        mu, G, D = random_problem_factor(rng, n, kinds[b % len(kinds)], v)
        mus.append(mu)
        Gs.append(np.concatenate([G, np.zeros((n, k - G.shape[1]))], 1))
        Ds.append(D)
    q = np.linalg.qr(np.random.default_rng(batch).normal(size=(batch, k, k)))[0]
    return np.stack(mus), np.stack(Gs) @ q, np.stack(Ds)
