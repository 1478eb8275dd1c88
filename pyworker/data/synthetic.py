"""A small seeded synthetic dataset with a planted predictable component, for tests and demos.

Generative model (all daily decimal returns; i = factor, t = day)::

    s[t, i] = phi * s[t-1, i] + sqrt(1 - phi^2) * e[t, i]        # planted signal, unit variance
    r[t, i] = kappa * s[t-1, i] + m[t] + v * z[t, i]             # m ~ N(0, mvol^2), z ~ N(0, 1)

The signal s[t] is visible at day t as per-factor feature block 1 (the "20d mean" slot of the
FeatureSet layout). The other blocks are causal functions of the returns, roughly unit scale:
0 raw return, 2 trailing 20-day mean, 3 trailing 20-day vol (centred), 4 trailing 60-day mean,
5 cross-sectional rank (centred), 6 return / trailing 60-day vol. Market columns: m[t] / mvol,
its trailing 20-day mean and vol, and three seeded smooth AR(1) "macro" series.

Best attainable IC. Given everything known at t, E[mu_actual[t, i]] = kappa * c * s[t, i] with
c = mean(phi^0..phi^4). Across factors the common market term cancels, so the population
cross-sectional Pearson IC of that oracle is

    IC* = kappa c / sqrt(kappa^2 V + v^2 / 5),   V = (1/25) sum_{j,k=0..4} phi^|j-k|,

and ``kappa`` is chosen so that IC* = ``signal_ic`` (it must be < c / sqrt(V), 0.885 at
phi = 0.9). With few factors the mean *sample* IC is slightly lower; ``SyntheticInfo.oracle_ic``
measures the oracle on any set of days of the generated data: tests compare against that.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import MARKET_FEATURES, Dataset
from .errors import DatasetError
from .ic import mean_ic
from .windows import HORIZON, sample_availability


@dataclass(frozen=True)
class SyntheticInfo:
    """The truth behind a synthetic dataset."""

    theoretical_ic: float
    """IC* of the oracle predictor (population value, formula in the module docstring)."""
    kappa: float
    """Daily return per unit of signal."""
    phi: float
    """AR(1) persistence of the signal."""
    expected_mu: np.ndarray
    """(T, N) oracle prediction kappa * c * s[t]: the true E[mu_actual | info at t]."""
    signal: np.ndarray
    """(T, N) the planted signal s[t]."""

    def oracle_ic(self, ds: Dataset, days: np.ndarray, lookback: int = 1) -> float:
        """Mean Pearson IC of the oracle over sample days ``days`` with the sample mask of ``lookback``."""
        from .windows import targets_at  # local: keeps this module's import list short

        avail = sample_availability(ds, lookback)
        days = np.asarray(days, dtype=np.int64)
        actual = np.stack([targets_at(ds, int(t)).mu for t in days])  # (S, N)
        return mean_ic(self.expected_mu[days], actual, avail[days])


def _horizon_moments(phi: float, h: int = HORIZON) -> tuple[float, float]:
    c = float(np.mean([phi**k for k in range(h)]))
    v = float(np.mean([[phi ** abs(j - k) for k in range(h)] for j in range(h)]))
    return c, v


def _trailing_mean(x: np.ndarray, window: int) -> np.ndarray:
    """Causal mean over the last ``window`` rows including t (fewer at the start)."""
    c = np.cumsum(np.vstack([np.zeros((1, x.shape[1])), x]), axis=0)  # (T+1, K)
    t = np.arange(1, x.shape[0] + 1)
    lo = np.maximum(t - window, 0)
    return (c[t] - c[lo]) / (t - lo)[:, None]


def kappa_for_ic(signal_ic: float, phi: float, idio_vol: float) -> float:
    """The kappa that makes the population oracle IC equal ``signal_ic``."""
    c, v = _horizon_moments(phi)
    if not 0.0 <= signal_ic < c / np.sqrt(v):
        raise DatasetError("SHAPE", f"signal_ic must be in [0, {c / np.sqrt(v):.3f}) for phi = {phi}, got {signal_ic}")
    return float(signal_ic * idio_vol / np.sqrt(HORIZON * (c * c - signal_ic**2 * v)))


def make_synthetic_dataset(T: int = 800, N: int = 8, seed: int = 0, signal_ic: float = 0.3, phi: float = 0.9,
                           idio_vol: float = 0.01, market_vol: float = 0.01, missing_rate: float = 0.0,
                           start: str = "2018-01-01") -> tuple[Dataset, SyntheticInfo]:
    """Generate (dataset, truth). Fully determined by the arguments; dates are weekdays from ``start``.

    >>> ds, info = make_synthetic_dataset(T=100, N=4, seed=1)
    >>> ds.features.shape, round(info.theoretical_ic, 3)
    ((100, 34), 0.3)
    """
    if T < 10 or N < 1:
        raise DatasetError("SHAPE", f"need T >= 10 and N >= 1, got T = {T}, N = {N}")
    rng = np.random.Generator(np.random.PCG64(seed))
    kappa = kappa_for_ic(signal_ic, phi, idio_vol)
    s = np.empty((T + 1, N))  # row 0 is s[-1]
    s[0] = rng.standard_normal(N)
    shocks = rng.standard_normal((T, N)) * np.sqrt(1.0 - phi * phi)
    for t in range(T):
        s[t + 1] = phi * s[t] + shocks[t]
    m = market_vol * rng.standard_normal(T)  # (T,)
    r = kappa * s[:-1] + m[:, None] + idio_vol * rng.standard_normal((T, N))  # (T, N)
    signal = s[1:]  # (T, N) s[t], known at t
    mask = (rng.random((T, N)) >= missing_rate).astype(np.uint8)
    returns = np.where(mask == 1, r, np.nan)
    sd = np.sqrt(kappa**2 + market_vol**2 + idio_vol**2)
    z = np.where(mask == 1, r, 0.0) / sd  # (T, N) unit-scale returns, 0 where missing
    vol20 = np.sqrt(_trailing_mean(z * z, 20))
    rank = (np.argsort(np.argsort(z, axis=1), axis=1) / max(N - 1, 1) - 0.5) * np.sqrt(12.0)
    blocks = [z, signal, _trailing_mean(z, 20) * np.sqrt(20.0), vol20 - 1.0, _trailing_mean(z, 60) * np.sqrt(60.0),
              rank, z / np.maximum(np.sqrt(_trailing_mean(z * z, 60)), 0.1)]
    per_factor = np.concatenate([b * mask for b in blocks], axis=1)  # (T, 7N), zeros where masked
    mz = (m / market_vol)[:, None]  # (T, 1)
    macro = np.empty((T, MARKET_FEATURES - 3))
    macro[0] = rng.standard_normal(MARKET_FEATURES - 3)
    for t in range(1, T):
        macro[t] = 0.98 * macro[t - 1] + np.sqrt(1 - 0.98**2) * rng.standard_normal(MARKET_FEATURES - 3)
    market = np.concatenate([mz, _trailing_mean(mz, 20) * np.sqrt(20.0), np.sqrt(_trailing_mean(mz * mz, 20)) - 1.0,
                             macro], axis=1)  # (T, 6)
    features = np.concatenate([per_factor, market], axis=1).astype(np.float32)  # (T, 7N+6)
    dates = np.busday_offset(np.datetime64(start, "D"), np.arange(T), roll="forward")
    c, _ = _horizon_moments(phi)
    ds = Dataset.create(features, returns, mask, [str(d) for d in dates], [f"S{i + 1:03d}" for i in range(N)])
    info = SyntheticInfo(theoretical_ic=float(signal_ic), kappa=kappa, phi=phi,
                         expected_mu=kappa * c * signal, signal=signal)
    return ds, info
