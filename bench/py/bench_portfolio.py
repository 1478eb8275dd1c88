"""Benchmark of the portfolio layer (DESIGN 6): fast batched solver vs cvxpylayers, forward +
backward on a (B, N) batch, measured in the same run; plus single-problem reference solve time.

Usage: ``python bench/py/bench_portfolio.py [--quick] [--batch 128] [--n 100] [--threads 1]``.
Prints a table and writes bench/results/portfolio.json (rows {name, metric, value, unit,
baseline?, ratio?, note?}). ``--quick`` uses B = 16, N = 30 (finishes in well under a minute).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pyworker.portfolio import PortfolioResult, solve_cvxpylayers, solve_fast, solve_reference  # noqa: E402
from pyworker.portfolio.synthetic import random_batch  # noqa: E402


def _fwd_bwd(which: str, mu: np.ndarray, G: np.ndarray, probe: np.ndarray,
             decisions: list[PortfolioResult] | None = None) -> tuple[float, np.ndarray, list[str], np.ndarray, np.ndarray]:
    m = torch.tensor(mu, requires_grad=True)
    g = torch.tensor(G, requires_grad=True)
    t0 = time.perf_counter()
    if which == "fast":
        res = solve_fast(m, g @ g.transpose(1, 2))
        w, status = res.weights, res.status
    else:
        w, status = solve_cvxpylayers(m, g, decisions=decisions)
    (w * torch.tensor(probe)).sum().backward()
    dt = time.perf_counter() - t0
    assert m.grad is not None and g.grad is not None
    return dt, w.detach().numpy(), status, m.grad.numpy(), g.grad.numpy()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    B, n = (16, 30) if args.quick else (args.batch, args.n)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    mu, sigma = random_batch(rng, B, n)
    G = np.linalg.cholesky(sigma)
    probe = rng.normal(size=mu.shape)
    _fwd_bwd("fast", mu[:2], G[:2], probe[:2])  # warm-up
    t_fast, wf, sf, gmf, ggf = min((_fwd_bwd("fast", mu, G, probe) for _ in range(3)), key=lambda r: r[0])
    # The cvxpylayers path = reference case decision per problem + the batched layers; timed apart.
    t0 = time.perf_counter()
    refs = [solve_reference(mu[b], G[b] @ G[b].T) for b in range(B)]
    t_ref_all = time.perf_counter() - t0
    t_layer, wc, sc, gmc, ggc = _fwd_bwd("cvx", mu, G, probe, refs)
    t_cvx = t_ref_all + t_layer
    w_err = float(np.abs(wf - wc).max())
    same_status = sum(a == b for a, b in zip(sf, sc, strict=True))
    fs = np.concatenate([gmf * np.abs(mu).max(-1, keepdims=True), ggf.reshape(B, -1) * np.abs(G).max((1, 2))[:, None]], 1)
    cs = np.concatenate([gmc * np.abs(mu).max(-1, keepdims=True), ggc.reshape(B, -1) * np.abs(G).max((1, 2))[:, None]], 1)
    g_rows = np.linalg.norm(fs - cs, axis=1) / np.linalg.norm(cs, axis=1)
    g_err = float(np.max(g_rows))
    worst = int(np.argmax(g_rows))
    ref_times = []
    for b in range(min(B, 5)):
        t0 = time.perf_counter()
        solve_reference(mu[b], sigma[b])
        ref_times.append(time.perf_counter() - t0)
    statuses = {s: sf.count(s) for s in sorted(set(sf))}
    shape = f"B={B}, N={n}, {args.threads} torch thread(s), 2-core CPU dev box"
    rows = [
        {"name": "fast_fwd_bwd", "metric": "time", "value": t_fast, "unit": "s", "note": shape},
        {"name": "cvxpylayers_fwd_bwd", "metric": "time", "value": t_cvx, "unit": "s",
         "note": f"reference case decision {t_ref_all:.2f} s + layers {t_layer:.2f} s"},
        {"name": "cvxpylayers_layer_only", "metric": "time", "value": t_layer, "unit": "s",
         "note": "batched CvxpyLayer forward + backward, cases given"},
        {"name": "fast_vs_cvxpylayers", "metric": "speedup", "value": t_cvx / t_fast, "unit": "x",
         "baseline": t_cvx, "ratio": t_cvx / t_fast},
        {"name": "fast_vs_cvxpylayers_layer_only", "metric": "speedup", "value": t_layer / t_fast,
         "unit": "x", "baseline": t_layer, "ratio": t_layer / t_fast},
        {"name": "fast_vs_cvxpylayers", "metric": "max_weight_diff", "value": w_err, "unit": "abs"},
        {"name": "fast_vs_cvxpylayers", "metric": "max_grad_rel_err", "value": g_err, "unit": "rel",
         "note": f"worst row {worst} ({sf[worst]}); median {float(np.median(g_rows)):.2g}"},
        {"name": "fast_vs_cvxpylayers", "metric": "rows_grad_within_1e-3", "value": float(np.mean(g_rows <= 1e-3)),
         "unit": "fraction"},
        {"name": "fast_vs_cvxpylayers", "metric": "same_status", "value": same_status / B, "unit": "fraction",
         "note": json.dumps(statuses)},
        {"name": "reference_single_problem", "metric": "median_time", "value": float(np.median(ref_times)),
         "unit": "s", "note": f"N={n}; max {max(ref_times):.2f} s; statuses {[r.status for r in refs[:5]]}"},
    ]
    print(f"{'name':34s} {'metric':18s} {'value':>12s} unit  note")
    for r in rows:
        print(f"{r['name']:34s} {r['metric']:18s} {r['value']:12.4g} {r['unit']:5s} {r.get('note', '')}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "portfolio.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
