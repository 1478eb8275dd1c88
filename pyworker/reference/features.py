"""Numpy/pandas reference of the TypeScript data features (sdk/data winsorize + sdk/features engine).

Used only to cross-check the TypeScript implementation (two implementations must agree to 1e-9) and as the
benchmark baseline. Written independently in vectorized numpy/pandas: sliding windows + np.sort + numpy's linear
quantile rule, pandas rolling mean/std, scipy rankdata, np.corrcoef. Same definitions as docs/data.md.

CLI: python -m pyworker.reference.features --in DIR --out DIR
  DIR/meta.json: {"T", "N", "cleaning": {...}, "features": {...}}
  DIR/returns.f64: raw returns, T x N float64 little-endian, NaN = missing
  DIR/market.f64: 5 x T float64 (market_return, vix, rf, yield_10y, yield_2y)
Writes OUT/winsorized.f64 (T x N), OUT/features.f64 (T x 7N+6) and OUT/timing.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy.stats import rankdata

CHUNK = 512


def _padded_windows(x: np.ndarray, w: int) -> np.ndarray:
    """(T, C) -> (T, C, w) trailing windows ending at each t; rows before the start are NaN."""
    pad = np.full((w - 1, x.shape[1]), np.nan)
    return sliding_window_view(np.vstack([pad, x]), w, axis=0)


def _quantile_sorted(s: np.ndarray, n: np.ndarray, q: float) -> np.ndarray:
    """numpy 'linear' quantile of each row of s (sorted, NaN last) with n valid values per row."""
    pos = q * (np.maximum(n, 1) - 1)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
    a = np.take_along_axis(s, lo[..., None], axis=-1)[..., 0]
    b = np.take_along_axis(s, hi[..., None], axis=-1)[..., 0]
    frac = pos - lo
    diff = b - a
    return np.where(frac >= 0.5, b - diff * (1 - frac), a + diff * frac)


def winsorize(raw: np.ndarray, window: int, lower: float, upper: float, min_obs: int) -> np.ndarray:
    """Causal rolling winsorization with sign preservation (bounds across zero are not applied)."""
    out = raw.copy()
    wins = _padded_windows(raw, window)
    for s in range(0, raw.shape[0], CHUNK):
        block = np.sort(wins[s : s + CHUNK], axis=-1)  # NaN sort last
        n = np.sum(~np.isnan(block), axis=-1)
        lo = _quantile_sorted(block, n, lower)
        hi = _quantile_sorted(block, n, upper)
        x = raw[s : s + CHUNK]
        ok = (n >= min_obs) & ~np.isnan(x)
        up = ok & (x > hi) & (np.sign(hi) == np.sign(x))
        down = ok & ~up & (x < lo) & (np.sign(lo) == np.sign(x))
        out[s : s + CHUNK] = np.where(up, hi, np.where(down, lo, x))
    return out


def _rolling_mean_std(x: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """Trailing nanmean and nanstd (ddof=1, 0 below 2 values) over w rows including t (expanding at the start).

    pandas rolling(min_periods=1) skips NaN, which is the definition used by the TypeScript engine.
    """
    roll = pd.DataFrame(x).rolling(w, min_periods=1)
    mean = roll.mean().to_numpy()
    std = roll.std(ddof=1).to_numpy()
    n = roll.count().to_numpy()
    return mean, np.where(n >= 2, std, 0.0)


def _pct_ranks(r: np.ndarray) -> np.ndarray:
    """Cross-sectional (average) rank per row among observed values, scaled to [0, 1]; 0.5 for a single value."""
    n = np.sum(~np.isnan(r), axis=1, keepdims=True)
    ranks = rankdata(np.where(np.isnan(r), np.inf, r), method="average", axis=1)
    pct = np.where(n > 1, (ranks - 1) / np.maximum(n - 1, 1), 0.5)
    return np.where(np.isnan(r), np.nan, pct)


def _avg_corr(r: np.ndarray, w: int) -> np.ndarray:
    out = np.zeros(r.shape[0])
    for t in range(r.shape[0]):
        k = min(w, t + 1)
        if k < 3:
            continue
        win = r[t - k + 1 : t + 1]
        full = ~np.isnan(win).any(axis=0)
        sub = win[:, full]
        sub = sub[:, np.std(sub, axis=0, ddof=1) > 0]
        m = sub.shape[1]
        if m < 2:
            continue
        c = np.corrcoef(sub, rowvar=False)
        out[t] = (c.sum() - np.trace(c)) / (m * (m - 1))
    return out


def compute_features(
    raw: np.ndarray, market: np.ndarray, cleaning: dict, opts: dict
) -> tuple[np.ndarray, np.ndarray]:
    """Returns (winsorized T x N, features T x 7N+6), same layout and definitions as sdk/features."""
    eps = opts["eps"]
    r = winsorize(
        raw,
        cleaning["winsorWindow"],
        cleaning["lowerQuantile"],
        cleaning["upperQuantile"],
        cleaning["winsorMinObs"],
    )
    miss = np.isnan(r)
    m20, s20 = _rolling_mean_std(r, opts["shortWindow"])
    m60, s60 = _rolling_mean_std(r, opts["longWindow"])
    rank = _pct_ranks(r)
    z60 = (r - m60) / (s60 + eps)
    per = [r, m20, s20, m60, s60, rank, z60]
    per = [np.where(miss, np.nan, f) for f in per]
    mret, vix, rf, y10, y2 = market
    flag = np.where(np.isnan(vix), np.nan, (vix > opts["vixThreshold"]).astype(float))
    mk = np.column_stack([mret, vix, flag, y10 - y2, rf, _avg_corr(r, opts["corrWindow"])])
    raw_feat = np.hstack(per + [mk])  # (T, 7N+6)
    n_fac = r.shape[1]
    normalized = np.zeros(raw_feat.shape[1], dtype=bool)
    normalized[: 5 * n_fac] = True
    normalized[7 * n_fac + np.array([0, 1, 3, 4, 5])] = True
    mu, sd = _rolling_mean_std(raw_feat[:, normalized], opts["normWindow"])
    out = raw_feat.copy()
    out[:, normalized] = (raw_feat[:, normalized] - mu) / (sd + eps)
    return r, np.where(np.isnan(out), 0.0, out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    inp, out = Path(a.inp), Path(a.out)
    meta = json.loads((inp / "meta.json").read_text())
    T, N = meta["T"], meta["N"]
    raw = np.fromfile(inp / "returns.f64", dtype="<f8").reshape(T, N)
    market = np.fromfile(inp / "market.f64", dtype="<f8").reshape(5, T)
    t0 = time.perf_counter()
    r, feats = compute_features(raw, market, meta["cleaning"], meta["features"])
    elapsed = time.perf_counter() - t0
    out.mkdir(parents=True, exist_ok=True)
    r.astype("<f8").tofile(out / "winsorized.f64")
    feats.astype("<f8").tofile(out / "features.f64")
    (out / "timing.json").write_text(json.dumps({"seconds": elapsed}))


if __name__ == "__main__":
    main()
