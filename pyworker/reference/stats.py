"""Reference statistical tests on returns, written from the papers with numpy/scipy.

Sharpe ratios here are per period (not annualized). Distributions come from scipy.stats.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def jobson_korkie_memmel(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Jobson & Korkie (1981) z-test with the variance of Memmel (2003), eq. 5; moments with ddof=1."""
    t = len(a)
    cov = np.cov(np.vstack([a, b]), ddof=1)
    sa, sb, sab = np.sqrt(cov[0, 0]), np.sqrt(cov[1, 1]), cov[0, 1]
    ma, mb = a.mean(), b.mean()
    theta = (
        2 * sa**2 * sb**2
        - 2 * sa * sb * sab
        + 0.5 * ma**2 * sb**2
        + 0.5 * mb**2 * sa**2
        - ma * mb / (2 * sa * sb) * (sab**2 + sa**2 * sb**2)
    ) / t
    z = (sb * ma - sa * mb) / np.sqrt(theta)
    return {
        "sharpeA": float(ma / sa),
        "sharpeB": float(mb / sb),
        "difference": float(ma / sa - mb / sb),
        "statistic": float(z),
        "pValue": float(2 * stats.norm.sf(abs(z))),
        "pValueGreater": float(stats.norm.sf(z)),
    }


def parzen(x: np.ndarray) -> np.ndarray:
    a = np.abs(x)
    return np.where(a <= 0.5, 1 - 6 * a**2 + 6 * a**3, np.where(a <= 1, 2 * (1 - a) ** 3, 0.0))


def andrews_parzen_bandwidth(y: np.ndarray) -> float:
    """Andrews (1991) eq. 6.4 with univariate AR(1) models per column, unit weights; Parzen: 2.6614 (a(2) T)^(1/5)."""
    t = y.shape[0]
    num = den = 0.0
    for col in y.T:
        rho = float(col[1:] @ col[:-1] / (col[:-1] @ col[:-1]))
        s2 = float(np.sum((col[1:] - rho * col[:-1]) ** 2) / (t - 1))
        num += 4 * rho**2 * s2**2 / (1 - rho) ** 8
        den += s2**2 / (1 - rho) ** 4
    return 2.6614 * (num / den * t) ** 0.2


def ledoit_wolf_hac(a: np.ndarray, b: np.ndarray, bandwidth: float | None = None) -> dict[str, float]:
    """Ledoit & Wolf (2008) section 3.1: delta method on (mu_a, mu_b, gamma_a, gamma_b), kernel HAC Psi."""
    t = len(a)
    mu = np.array([a.mean(), b.mean()])
    gam = np.array([(a**2).mean(), (b**2).mean()])
    y = np.column_stack([a - mu[0], b - mu[1], a**2 - gam[0], b**2 - gam[1]])  # (T, 4)
    var = gam - mu**2
    grad = np.array([gam[0] / var[0] ** 1.5, -gam[1] / var[1] ** 1.5, -mu[0] / (2 * var[0] ** 1.5), mu[1] / (2 * var[1] ** 1.5)])
    bw = andrews_parzen_bandwidth(y) if bandwidth is None else bandwidth
    psi = y.T @ y / t
    for j in range(1, t):
        w = float(parzen(np.array(j / bw)))
        if w == 0.0:
            break
        gamma_j = y[j:].T @ y[:-j] / t
        psi += w * (gamma_j + gamma_j.T)
    psi *= t / (t - 4)
    se = np.sqrt(grad @ psi @ grad / t)
    sr = mu / np.sqrt(var)
    z = (sr[0] - sr[1]) / se
    return {
        "sharpeA": float(sr[0]),
        "sharpeB": float(sr[1]),
        "difference": float(sr[0] - sr[1]),
        "statistic": float(z),
        "pValue": float(2 * stats.norm.sf(abs(z))),
        "pValueGreater": float(stats.norm.sf(z)),
        "bandwidth": float(bw),
    }


def t_test(x: np.ndarray) -> dict[str, float]:
    res = stats.ttest_1samp(x, 0.0)
    greater = stats.ttest_1samp(x, 0.0, alternative="greater")
    return {
        "mean": float(x.mean()),
        "statistic": float(res.statistic),
        "df": float(len(x) - 1),
        "pValue": float(res.pvalue),
        "pValueGreater": float(greater.pvalue),
    }


def paired_t_test(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    res = stats.ttest_rel(a, b)
    greater = stats.ttest_rel(a, b, alternative="greater")
    return {
        "mean": float((a - b).mean()),
        "statistic": float(res.statistic),
        "df": float(len(a) - 1),
        "pValue": float(res.pvalue),
        "pValueGreater": float(greater.pvalue),
    }


def oos_r2(actual: np.ndarray, forecast: np.ndarray, benchmark: np.ndarray | float) -> float:
    """Campbell & Thompson (2008) eq. 7."""
    return float(1 - np.sum((actual - forecast) ** 2) / np.sum((actual - benchmark) ** 2))


def sharpe_moments(x: np.ndarray) -> dict[str, float]:
    return {
        "sharpe": float(x.mean() / x.std(ddof=1)),
        "n": len(x),
        "skew": float(stats.skew(x)),
        "kurtosis": float(stats.kurtosis(x, fisher=False)),
    }


def psr(m: dict[str, float], benchmark: float = 0.0) -> float:
    """Bailey & Lopez de Prado (2012), eq. 11."""
    sr = m["sharpe"]
    z = (sr - benchmark) * np.sqrt(m["n"] - 1) / np.sqrt(1 - m["skew"] * sr + (m["kurtosis"] - 1) / 4 * sr**2)
    return float(stats.norm.cdf(z))


def expected_max_sharpe(n_trials: int, variance: float) -> float:
    """Bailey & Lopez de Prado (2014), eq. 2 (expected maximum of N unskilled Sharpe ratios)."""
    g = np.euler_gamma
    return float(np.sqrt(variance) * ((1 - g) * stats.norm.ppf(1 - 1 / n_trials) + g * stats.norm.ppf(1 - 1 / (n_trials * np.e))))


def dsr(m: dict[str, float], n_trials: int, variance: float) -> dict[str, float]:
    sr0 = expected_max_sharpe(n_trials, variance)
    return {"dsr": psr(m, sr0), "sr0": sr0}


def mulberry32(seed: int):
    """The TS PRNG (sdk/backtest/stats/prng.ts) in 32-bit unsigned arithmetic, so resamples match."""
    mask = 0xFFFFFFFF
    state = seed & mask

    def imul(x: int, y: int) -> int:
        return (x * y) & mask

    def draw() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & mask
        t = imul(state ^ (state >> 15), 1 | state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & mask) ^ t
        return ((t ^ (t >> 14)) & mask) / 4294967296

    return draw


def ledoit_wolf_bootstrap(a: np.ndarray, b: np.ndarray, seed: int, block: int = 5, n_boot: int = 1000) -> dict[str, float]:
    """Ledoit & Wolf (2008) section 3.2: studentized circular block bootstrap, block-based s(Delta*)."""
    hac = ledoit_wolf_hac(a, b)
    t = len(a)
    n_blocks = t // block
    draw = mulberry32(seed)
    d = abs(hac["statistic"])
    exceed = 0
    for _ in range(n_boot):
        starts = np.array([int(np.floor(draw() * t)) for _ in range(n_blocks)])
        idx = ((starts[:, None] + np.arange(block)[None, :]) % t).ravel()
        x, z = a[idx], b[idx]
        mu = np.array([x.mean(), z.mean()])
        gam = np.array([(x**2).mean(), (z**2).mean()])
        var = gam - mu**2
        y = np.column_stack([x - mu[0], z - mu[1], x**2 - gam[0], z**2 - gam[1]])
        zeta = y.reshape(n_blocks, block, 4).sum(axis=1) / np.sqrt(block)  # (l, 4)
        psi = zeta.T @ zeta / n_blocks
        grad = np.array([gam[0] / var[0] ** 1.5, -gam[1] / var[1] ** 1.5, -mu[0] / (2 * var[0] ** 1.5), mu[1] / (2 * var[1] ** 1.5)])
        se = np.sqrt(grad @ psi @ grad / len(idx))
        diff = mu[0] / np.sqrt(var[0]) - mu[1] / np.sqrt(var[1])
        if abs(diff - hac["difference"]) / se >= d:
            exceed += 1
    return {"difference": hac["difference"], "statistic": hac["statistic"], "pValue": (exceed + 1) / (n_boot + 1)}
