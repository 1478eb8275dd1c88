"""Benchmark of the portfolio layer (DESIGN 6): fast batched solver vs cvxpylayers, forward +
backward on a (B, N) batch, measured in the same run; plus single-problem reference solve time.

Usage: ``python bench/py/bench_portfolio.py [--quick] [--batch 128] [--n 100] [--threads 1]
[--compare-rev REV]``. Prints a table and writes bench/results/portfolio.json (rows {name,
metric, value, unit, baseline?, ratio?, note?}). ``--quick`` uses B = 16, N = 30 (finishes in
well under a minute). ``--compare-rev`` also times ``solve_fast`` as it was at git revision REV
(imported from ``git archive``), in the same run: the before/after rows.

``--device cuda`` times only the fast solver, forward + backward, on the GPU (synchronized, CUDA
events) and on the CPU in the same run, for ``--batch`` x ``--n`` and a few larger batches;
it needs torch and numpy only (no cvxpy), so it runs on a lent GPU machine; writes
bench/results/portfolio_cuda.json.

``--windows`` instead times the walk-forward benchmark batches, "optimize_windows B=52, T=250,
N=100" per method, against the portfolio package as it was at ``--baseline-rev`` (extracted with
``git archive`` and imported under another name), both in the same run; writes
bench/results/portfolio_windows*.json. ``--mask-frac 0.15`` masks
a share of the factors per window (NaN, mask False), as the walk-forward does for ineligible ones.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pyworker.portfolio.fast import solve_fast  # noqa: E402  (torch only; cvxpy loads lazily)
from pyworker.portfolio.fast_cov import FactorCov  # noqa: E402
from pyworker.portfolio.synthetic import random_batch_factor  # noqa: E402


def _fwd_bwd(which: str, mu: np.ndarray, G: np.ndarray, probe: np.ndarray,
             decisions: list[Any] | None = None, fast: Any = solve_fast
             ) -> tuple[float, np.ndarray, list[str], np.ndarray, np.ndarray]:
    from pyworker.portfolio import solve_cvxpylayers

    m = torch.tensor(mu, requires_grad=True)
    g = torch.tensor(G, requires_grad=True)
    t0 = time.perf_counter()
    if which == "fast":
        res = fast(m, g @ g.transpose(1, 2))
        w, status = res.weights, res.status
    else:
        w, status = solve_cvxpylayers(m, g, decisions=decisions)
    (w * torch.tensor(probe)).sum().backward()
    dt = time.perf_counter() - t0
    assert m.grad is not None and g.grad is not None
    return dt, w.detach().numpy(), status, m.grad.numpy(), g.grad.numpy()


def _fwd_bwd_factor(mu: np.ndarray, Gk: np.ndarray, Dk: np.ndarray, probe: np.ndarray
                    ) -> tuple[float, np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]:
    """solve_fast on FactorCov(G, D), forward + backward: (seconds, w, status, dmu, dG, dD)."""
    m = torch.tensor(mu, requires_grad=True)
    g = torch.tensor(Gk, requires_grad=True)
    d = torch.tensor(Dk, requires_grad=True)
    t0 = time.perf_counter()
    res = solve_fast(m, FactorCov(g, d))
    (res.weights * torch.tensor(probe)).sum().backward()
    dt = time.perf_counter() - t0
    assert m.grad is not None and g.grad is not None and d.grad is not None
    return dt, res.weights.detach().numpy(), res.status, m.grad.numpy(), g.grad.numpy(), d.grad.numpy()


def _accuracy(w: np.ndarray, st: list[str], grads: list[tuple[np.ndarray, np.ndarray]], w_ref: np.ndarray,
              st_ref: list[str], grads_ref: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, Any]:
    """Max |dw|, same-status count and per-row relative gradient errors; each gradient block is
    scaled by its input's largest magnitude per row (so the blocks are comparable)."""
    B = w.shape[0]

    def stack(gs: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        return np.concatenate([g.reshape(B, -1) * np.abs(x).reshape(B, -1).max(1, keepdims=True) for g, x in gs], 1)

    fs, cs = stack(grads), stack(grads_ref)
    g_rows = np.linalg.norm(fs - cs, axis=1) / np.linalg.norm(cs, axis=1)
    return {"w_err": float(np.abs(w - w_ref).max()), "same": sum(a == b for a, b in zip(st, st_ref, strict=True)),
            "g_rows": g_rows}


def _accuracy_rows(name: str, acc: dict[str, Any], status: list[str]) -> list[dict[str, Any]]:
    g_rows = acc["g_rows"]
    worst = int(np.argmax(g_rows))
    B = len(status)
    return [
        {"name": name, "metric": "max_weight_diff", "value": acc["w_err"], "unit": "abs"},
        {"name": name, "metric": "max_grad_rel_err", "value": float(np.max(g_rows)), "unit": "rel",
         "note": f"worst row {worst} ({status[worst]}); median {float(np.median(g_rows)):.2g}"},
        {"name": name, "metric": "rows_grad_within_1e-3", "value": float(np.mean(g_rows <= 1e-3)), "unit": "fraction"},
        {"name": name, "metric": "same_status", "value": acc["same"] / B, "unit": "fraction",
         "note": json.dumps({s: status.count(s) for s in sorted(set(status))})},
    ]



def _referee_rows(mu: np.ndarray, Gk: np.ndarray, Dk: np.ndarray, probe: np.ndarray, refs: list[Any],
                  w_fast: np.ndarray, w_cvx: np.ndarray, g_rows: np.ndarray, gm_fast: np.ndarray,
                  gG_fast: np.ndarray, gm_cvx: np.ndarray, gG_cvx: np.ndarray) -> list[dict[str, Any]]:
    """Who is right where the two disagree: weights against the reference solver (cvxpy, tight
    tolerances), and, on the row with the largest gradient disagreement, both gradients against
    a central finite difference of the fast solver's weights along a random (mu, G) direction."""
    w_ref = np.stack([r.weights for r in refs])
    b = int(np.argmax(g_rows))
    rng = np.random.default_rng(11)
    dm = rng.normal(size=mu[b].shape) * np.abs(mu[b]).max()
    dG = rng.normal(size=Gk[b].shape) * np.abs(Gk[b]).max()

    def value(t: float) -> float:
        r = solve_fast(torch.tensor(mu[b:b + 1] + t * dm), FactorCov(torch.tensor(Gk[b:b + 1] + t * dG), torch.tensor(Dk[b:b + 1])))
        return float((r.weights.numpy()[0] * probe[b]).sum())

    eps = 1e-5
    fd = (value(eps) - value(-eps)) / (2 * eps)
    d_fast = float((gm_fast[b] * dm).sum() + (gG_fast[b] * dG).sum())
    d_cvx = float((gm_cvx[b] * dm).sum() + (gG_cvx[b] * dG).sum())
    note = f"row {b}; finite difference {fd:.6g}, fast {d_fast:.6g}, cvxpylayers {d_cvx:.6g}"
    return [
        {"name": "fast_factor_vs_reference", "metric": "max_weight_diff", "value": float(np.abs(w_fast - w_ref).max()),
         "unit": "abs", "note": "reference = cvxpy solve per problem (tight tolerances)"},
        {"name": "cvxpylayers_factor_vs_reference", "metric": "max_weight_diff", "value": float(np.abs(w_cvx - w_ref).max()),
         "unit": "abs"},
        {"name": "fast_factor_worst_grad_row_vs_finite_diff", "metric": "rel_err", "value": abs(d_fast - fd) / abs(fd),
         "unit": "rel", "note": note},
        {"name": "cvxpylayers_worst_grad_row_vs_finite_diff", "metric": "rel_err", "value": abs(d_cvx - fd) / abs(fd),
         "unit": "rel", "note": note},
    ]


# The portfolio package before the batched benchmark paths (LW per window in sklearn, cvxpy per
# failed row, no-floor rows through Sigma / 1e-16): the baseline of the --windows rows.
BASELINE_REV = "3cc5e2c38bd0927c975c90a2b56275bc84ead5e9"
REAL = ROOT.parent / "shared" / "data" / "real" / "intl100_size_bm_daily.csv"
NO_FLOOR = 1e-8  # daily floor that sdk/backtest/benchmarks sends for "no floor"
WINDOW_CASES: tuple[tuple[str, str, float, str], ...] = (
    ("min_variance", "min_variance", NO_FLOOR, "sample"),
    ("min_variance LW", "min_variance", NO_FLOOR, "ledoit_wolf"),
    ("risk_parity", "risk_parity", NO_FLOOR, "sample"),
    ("mean_variance 10% floor", "mean_variance", 0.10 / np.sqrt(252), "sample"),
    ("mean_variance no floor", "mean_variance", NO_FLOOR, "sample"),
)


def _baseline_package(rev: str, where: Path) -> ModuleType:
    """Import pyworker/portfolio at git revision ``rev`` as the package ``baseline_portfolio``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "pyworker/portfolio"],
                             check=True, capture_output=True).stdout
    (where / "a.tar").write_bytes(archive)
    with tarfile.open(where / "a.tar") as tar:
        tar.extractall(where, filter="data")
    pkg = where / "pyworker" / "portfolio"
    spec = importlib.util.spec_from_file_location("baseline_portfolio", pkg / "__init__.py",
                                                  submodule_search_locations=[str(pkg)])
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["baseline_portfolio"] = mod
    spec.loader.exec_module(mod)
    return mod


def _walkforward_windows(year: int, mask_frac: float = 0.0) -> tuple[np.ndarray, np.ndarray, str]:
    """52 weekly 250-day windows of test year ``year`` back from the end (real data if present);
    ``mask_frac`` of the factors per window (seeded) made ineligible: NaN and masked out."""
    if REAL.exists():
        import pandas as pd

        a = pd.read_csv(REAL, index_col=0).to_numpy()
        src = REAL.name
    else:
        rng = np.random.default_rng(year)
        a = rng.normal(3e-4, 0.008, size=(1800, 100)) + rng.normal(0, 0.007, size=(1800, 1)) * rng.uniform(0.5, 1.5, 100)
        src = "synthetic (real data absent)"
    end = a.shape[0] - 260 * year
    wins = np.stack([a[end + 5 * i - 249:end + 5 * i + 1] for i in range(52)])
    if mask_frac > 0:
        drop = np.random.default_rng(100 + year).uniform(size=(52, wins.shape[2])) < mask_frac
        wins = np.where(drop[:, None, :], np.nan, wins)
        src += f", {mask_frac:.0%} of factors masked"
    mask = np.isfinite(wins).mean(1) >= 0.9
    with warnings.catch_warnings():  # masked columns may be all NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        col_mean = np.nanmean(np.where(mask[:, None, :], wins, np.nan), axis=1)
    wins = np.where(np.isnan(wins) & mask[:, None, :], col_mean[:, None, :], wins)  # as trailingWindows
    return wins, mask, f"{src}, test year -{year}"


def _timed(mod: Any, case: tuple[str, str, float, str], wins: np.ndarray, mask: np.ndarray) -> tuple[float, dict[str, Any]]:
    _, method, v, est = case
    t0 = time.perf_counter()
    out = mod.optimize_windows(method, wins, v, mask, est)
    return time.perf_counter() - t0, out


def windows_bench(args: argparse.Namespace) -> None:
    from pyworker import portfolio

    torch.set_num_threads(args.threads)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = _baseline_package(args.baseline_rev, Path(tmp))
        for year in args.years:
            wins, mask, src = _walkforward_windows(year, args.mask_frac)
            for case in WINDOW_CASES:
                t_new, new = min((_timed(portfolio, case, wins, mask) for _ in range(args.repeats)), key=lambda r: r[0])
                t_old, old = _timed(base, case, wins, mask)
                same = sum(a == b for a, b in zip(new["status"], old["status"], strict=True))
                diff = float(np.abs(new["weights"] - old["weights"]).max())
                statuses = {s: new["status"].count(s) for s in sorted(set(new["status"]))}
                old_st = {s: old["status"].count(s) for s in sorted(set(old["status"]))}
                rows.append({"name": f"optimize_windows B=52, T=250, N=100: {case[0]}", "metric": "time",
                             "value": t_new, "unit": "s", "baseline": t_old, "ratio": t_old / t_new,
                             "note": f"{src}; {args.threads} thread(s); same status {same}/52, max |dw| {diff:.1e}; "
                                     f"now {statuses}, before {old_st}"})
                r = rows[-1]
                print(f"{case[0]:24s} year -{year}  before {t_old:7.2f} s  after {t_new:6.2f} s  "
                      f"x{r['ratio']:6.1f}  {r['note']}", flush=True)
    total_old = sum(r["baseline"] for r in rows)
    total_new = sum(r["value"] for r in rows)
    rows.append({"name": "optimize_windows B=52, T=250, N=100: all methods", "metric": "time", "value": total_new,
                 "unit": "s", "baseline": total_old, "ratio": total_old / total_new,
                 "note": f"years {args.years}; mask_frac {args.mask_frac}; {args.threads} thread(s); "
                         f"load average {os.getloadavg()[0]:.1f}"})
    print(f"total: before {total_old:.1f} s, after {total_new:.1f} s, x{total_old / total_new:.1f}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    name = "portfolio_windows" + (f"_mask{args.mask_frac:g}" if args.mask_frac > 0 else "") + f"_t{args.threads}"
    (out / f"{name}.json").write_text(json.dumps(rows, indent=2))


def _cuda_time(mu: torch.Tensor, sigma: torch.Tensor | tuple[torch.Tensor, torch.Tensor], probe: torch.Tensor,
               repeats: int) -> tuple[float, list[str]]:
    """Median seconds of solve_fast forward + backward on mu's device (synchronized); ``sigma``
    dense or a (G, D) pair for the factor form."""
    times, status = [], []
    for _ in range(repeats):
        m = mu.clone().requires_grad_(True)
        if isinstance(sigma, tuple):
            s: torch.Tensor | FactorCov = FactorCov(*(t.clone().requires_grad_(True) for t in sigma))
        else:
            s = sigma.clone().requires_grad_(True)
        if m.is_cuda:
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        res = solve_fast(m, s)
        (res.weights * probe).sum().backward()
        if m.is_cuda:
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
        status = res.status
    return float(np.median(times)), status


def cuda_bench(args: argparse.Namespace) -> None:
    """Fast solver on the GPU vs the CPU, same run (no cvxpy needed), dense Sigma and the
    factor form (K = ``--k``) of the same problems."""
    if not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA device")
    torch.set_num_threads(args.threads)
    rows: list[dict[str, Any]] = []
    for B in sorted({args.batch, 512, 2048}):
        mu_np, G_np, D_np = random_batch_factor(np.random.default_rng(0), B, args.n, k=args.k)
        sigma_np = G_np @ G_np.transpose(0, 2, 1) + D_np[:, :, None] * np.eye(args.n)
        probe_np = np.random.default_rng(1).normal(size=mu_np.shape)
        for form in ("dense", "factor"):
            res: dict[str, tuple[float, list[str]]] = {}
            for dev in ("cuda", "cpu"):
                if dev == "cpu" and B > args.batch:
                    continue  # the CPU only at the base size (minutes otherwise)
                mu, probe = (torch.tensor(a, device=dev) for a in (mu_np, probe_np))
                sig: torch.Tensor | tuple[torch.Tensor, torch.Tensor] = (
                    torch.tensor(sigma_np, device=dev) if form == "dense"
                    else (torch.tensor(G_np, device=dev), torch.tensor(D_np, device=dev)))
                _cuda_time(mu, sig, probe, 1)  # warm-up (CUDA context, kernels, allocator)
                res[dev] = _cuda_time(mu, sig, probe, args.repeats + 1)
            t_gpu, st_gpu = res["cuda"]
            tag = "fast" if form == "dense" else f"fast_factor_k{args.k}"
            note = f"{torch.cuda.get_device_name()}; median of {args.repeats + 1}; statuses " + json.dumps(
                {s: st_gpu.count(s) for s in sorted(set(st_gpu))})
            rows.append({"name": f"{tag}_fwd_bwd_cuda B={B}, N={args.n}", "metric": "time", "value": t_gpu,
                         "unit": "s", "note": note})
            if "cpu" in res:
                t_cpu, st_cpu = res["cpu"]
                rows.append({"name": f"{tag}_fwd_bwd_cpu B={B}, N={args.n}", "metric": "time", "value": t_cpu,
                             "unit": "s", "baseline": t_cpu, "ratio": t_cpu / t_gpu,
                             "note": f"{args.threads} thread(s); same status on GPU {st_cpu == st_gpu}"})
            for r in rows[-2:] if "cpu" in res else rows[-1:]:
                print(f"{r['name']:40s} {r['value']:9.4f} s  {r.get('note', '')}", flush=True)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "portfolio_cuda.json").write_text(json.dumps(rows, indent=2))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--k", type=int, default=20, help="latent factors of the covariance (the model's K)")
    ap.add_argument("--windows", action="store_true", help="optimize_windows rows vs --baseline-rev")
    ap.add_argument("--baseline-rev", default=BASELINE_REV)
    ap.add_argument("--years", type=int, nargs="+", default=[1, 3, 5], help="test years back from the end")
    ap.add_argument("--repeats", type=int, default=2, help="timed runs of the new path (min kept)")
    ap.add_argument("--mask-frac", type=float, default=0.0, help="share of factors masked per window")
    ap.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="cuda: GPU timings of the fast solver")
    ap.add_argument("--compare-rev", default=None, help="also time solve_fast at this git revision, same run")
    args = ap.parse_args()
    if args.windows:
        windows_bench(args)
        return
    if args.device == "cuda":
        cuda_bench(args)
        return
    from pyworker.portfolio import solve_reference
    B, n = (16, 30) if args.quick else (args.batch, args.n)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    # The model's covariance form (K = 20 latent factors, DESIGN 5) and the same Sigma dense.
    mu, Gk, Dk = random_batch_factor(rng, B, n, k=args.k)
    sigma = Gk @ Gk.transpose(0, 2, 1) + Dk[:, :, None] * np.eye(n)
    sigma = 0.5 * (sigma + sigma.transpose(0, 2, 1))
    G = np.linalg.cholesky(sigma)
    Gm = np.concatenate([Gk, Dk[:, :, None] ** 0.5 * np.eye(n)], 2)  # (B, n, k + n): Sigma = Gm Gm'
    probe = rng.normal(size=mu.shape)
    _fwd_bwd("fast", mu[:2], G[:2], probe[:2])  # warm-up
    _fwd_bwd_factor(mu[:2], Gk[:2], Dk[:2], probe[:2])
    # Both sides are timed as the best of several runs after a warm-up (cvxpylayers: 4 runs,
    # the first of which builds the layers; the fast solver: 3 runs after a small warm-up).
    old_fast = None
    if args.compare_rev:
        tmp = tempfile.TemporaryDirectory()
        old_fast = _baseline_package(args.compare_rev, Path(tmp.name)).solve_fast
        _fwd_bwd("fast", mu[:2], G[:2], probe[:2], fast=old_fast)
    t_old = np.inf
    runs, runs_f = [], []
    for _ in range(3):  # old and new alternate, so load changes hit both
        runs.append(_fwd_bwd("fast", mu, G, probe))
        runs_f.append(_fwd_bwd_factor(mu, Gk, Dk, probe))
        if old_fast is not None:
            t_old = min(t_old, _fwd_bwd("fast", mu, G, probe, fast=old_fast)[0])
    t_fast, wf, sf, gmf, ggf = min(runs, key=lambda r: r[0])
    t_fac, wff, sff, gmff, gGff, gDff = min(runs_f, key=lambda r: r[0])
    # The cvxpylayers path = reference case decision per problem + the batched layers; timed apart.
    t0 = time.perf_counter()
    refs = [solve_reference(mu[b], G[b] @ G[b].T) for b in range(B)]
    t_ref_all = time.perf_counter() - t0
    # Layer calls: warmed up (layers built, first solve done) and the best of 3, like the fast side.
    t_layer, wc, sc, gmc, ggc = min((_fwd_bwd("cvx", mu, G, probe, refs) for _ in range(4)), key=lambda r: r[0])
    t_layer_m, wcm, scm, gmcm, ggcm = min((_fwd_bwd("cvx", mu, Gm, probe, refs) for _ in range(4)),
                                          key=lambda r: r[0])
    t_cvx = t_ref_all + t_layer
    t_best_layer = min(t_layer, t_layer_m)
    acc = _accuracy(wf, sf, [(gmf, mu), (ggf, G)], wc, sc, [(gmc, mu), (ggc, G)])
    # cvxpylayers' gradient in the model form: d/dGk = the first k columns, d/dD_i = d/dGm[i, k+i] / (2 sqrt D_i).
    gD_cvx = np.einsum("bii->bi", ggcm[:, :, args.k:]) / (2.0 * Dk**0.5)
    acc_f = _accuracy(wff, sff, [(gmff, mu), (gGff, Gk), (gDff, Dk)], wcm, scm,
                      [(gmcm, mu), (ggcm[:, :, :args.k], Gk), (gD_cvx, Dk)])
    ref_times = []
    for b in range(min(B, 5)):
        t0 = time.perf_counter()
        solve_reference(mu[b], sigma[b])
        ref_times.append(time.perf_counter() - t0)
    shape = f"B={B}, N={n}, {args.threads} torch thread(s), 2-core CPU dev box, load {os.getloadavg()[0]:.1f}"
    rows = [
        {"name": "fast_fwd_bwd", "metric": "time", "value": t_fast, "unit": "s", "note": f"dense Sigma; {shape}"},
        {"name": "fast_factor_fwd_bwd", "metric": "time", "value": t_fac, "unit": "s",
         "note": f"FactorCov(G, D), K={args.k} (the model's covariance form), same problems"},
        {"name": "cvxpylayers_fwd_bwd", "metric": "time", "value": t_cvx, "unit": "s",
         "note": f"reference case decision {t_ref_all:.2f} s + layers {t_layer:.2f} s"},
        {"name": "cvxpylayers_layer_only", "metric": "time", "value": t_layer, "unit": "s",
         "note": "batched CvxpyLayer forward + backward, cases given, Sigma as its Cholesky factor (N x N)"},
        {"name": "cvxpylayers_layer_only_factor", "metric": "time", "value": t_layer_m, "unit": "s",
         "note": "the same, Sigma as the model's factor [G, diag(sqrt D)] (N x (K + N))"},
        {"name": "fast_vs_cvxpylayers", "metric": "speedup", "value": t_cvx / t_fast, "unit": "x",
         "baseline": t_cvx, "ratio": t_cvx / t_fast},
        {"name": "fast_vs_cvxpylayers_layer_only", "metric": "speedup", "value": t_layer / t_fast,
         "unit": "x", "baseline": t_layer, "ratio": t_layer / t_fast, "note": "dense fast vs Cholesky-form layer"},
        {"name": "fast_factor_vs_cvxpylayers_layer_only", "metric": "speedup", "value": t_best_layer / t_fac,
         "unit": "x", "baseline": t_best_layer, "ratio": t_best_layer / t_fac,
         "note": "factor-form fast vs the faster of the two layer forms"},
        *_accuracy_rows("fast_vs_cvxpylayers", acc, sf),
        *_accuracy_rows("fast_factor_vs_cvxpylayers_factor", acc_f, sff),
        *_referee_rows(mu, Gk, Dk, probe, refs, wff, wcm, acc_f["g_rows"], gmff, gGff, gmcm, ggcm[:, :, :args.k]),
        {"name": "reference_single_problem", "metric": "median_time", "value": float(np.median(ref_times)),
         "unit": "s", "note": f"N={n}; max {max(ref_times):.2f} s; statuses {[r.status for r in refs[:5]]}"},
    ]
    if old_fast is not None:
        rows.insert(1, {"name": "fast_fwd_bwd_before", "metric": "time", "value": t_old, "unit": "s",
                        "note": f"solve_fast at {args.compare_rev[:10]}, same run"})
        rows.insert(2, {"name": "fast_vs_before", "metric": "speedup", "value": t_old / t_fast, "unit": "x",
                        "baseline": t_old, "ratio": t_old / t_fast})
        rows.append({"name": "cvxpylayers_layer_only_vs_before", "metric": "speedup", "value": t_layer / t_old,
                     "unit": "x"})
    print(f"{'name':34s} {'metric':18s} {'value':>12s} unit  note")
    for r in rows:
        print(f"{r['name']:34s} {r['metric']:18s} {r['value']:12.4g} {r['unit']:5s} {r.get('note', '')}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "portfolio.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
