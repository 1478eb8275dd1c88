"""Benchmark of the forecasting model on this machine; prints a table, writes bench/results/model.json.

    .venv/bin/python bench/py/bench_model.py --quick     # < 90 s on a 2-core CPU
    .venv/bin/python bench/py/bench_model.py             # more steps, larger full-config batch
    .venv/bin/python bench/py/bench_model.py --device cuda   # on a GPU box: batch 128, bf16, compile

Rows: training forward+backward throughput (samples/s) for the tiny and full configs,
single-sample inference latency, and the cost of the vanilla sLSTM loop against an mLSTM
block at lookback 250 (one block each, forward+backward), which is what makes the full
config slow on a CPU. JSON rows: {name, metric, value, unit, baseline?, ratio?, note?}.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pyworker.model import build_model, load_config  # noqa: E402
from pyworker.model.profiling import ProfileSettings, profile_model  # noqa: E402

Row = dict[str, object]


def _model_rows(name: str, s: ProfileSettings, machine: str) -> list[Row]:
    cfg = load_config(ROOT / f"configs/model/{name}.yaml")
    r = profile_model(cfg, s)
    note = (f"{machine}; N={r.n_factors}, T={r.lookback}, batch {r.batch}, sLSTM {r.slstm_backend}, "
            f"bf16={r.bf16}, compile={r.compiled}")
    return [
        {"name": f"{name}.train_fwd_bwd", "metric": "throughput", "value": round(r.samples_per_s, 2),
         "unit": "samples/s", "note": note},
        {"name": f"{name}.train_fwd", "metric": "time per batch", "value": round(r.forward_ms, 1), "unit": "ms",
         "note": note},
        {"name": f"{name}.train_bwd", "metric": "time per batch", "value": round(r.backward_ms, 1), "unit": "ms",
         "note": note},
        {"name": f"{name}.infer_b1", "metric": "latency median", "value": round(r.latency_ms_median, 1),
         "unit": "ms", "baseline": 100.0, "ratio": round(r.latency_ms_median / 100.0, 3),
         "note": f"{machine}; single sample, eval, no grad; baseline = PRD 11.3 budget of 100 ms"},
        {"name": f"{name}.peak_memory", "metric": r.peak_memory_kind, "value": round(r.peak_memory_mib),
         "unit": "MiB", "note": machine},
    ]


def _block_ms(block: torch.nn.Module, x: torch.Tensor, reps: int) -> float:
    times = []
    for i in range(reps + 1):
        t0 = time.perf_counter()
        block(x).sum().backward()
        if i:  # first call is warm-up
            times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def _slstm_rows(quick: bool, machine: str) -> list[Row]:
    """One sLSTM (vanilla loop) vs one mLSTM (parallel) block of the full config at T = 250."""
    cfg = load_config(ROOT / "configs/model/full.yaml")
    model = build_model(cfg, seed=0, slstm_backend="vanilla")
    blocks = model.encoder.stack.blocks
    b = 2
    x = torch.randn(b, cfg.lookback, cfg.encoder.hidden)  # (B, T, H)
    reps = 1 if quick else 3
    s_ms = _block_ms(blocks[0], x, reps)
    m_ms = _block_ms(blocks[2], x, reps)
    note = f"{machine}; hidden 1024, T=250, batch {b}, one block, forward+backward"
    return [
        {"name": "full.slstm_vanilla_block", "metric": "time per batch", "value": round(s_ms, 1), "unit": "ms",
         "baseline": round(m_ms, 1), "ratio": round(s_ms / m_ms, 2),
         "note": note + "; baseline = one mLSTM block"},
        {"name": "full.mlstm_block", "metric": "time per batch", "value": round(m_ms, 1), "unit": "ms", "note": note},
    ]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="fewer steps and smaller batches (< 90 s on 2 cores)")
    p.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    p.add_argument("--threads", type=int, default=1,
                   help="torch CPU threads (1: robust on a shared box, see docs/model.md)")
    p.add_argument("--machine", default=None, help="label stored in each row's note")
    p.add_argument("--out", type=Path, default=ROOT / "bench/results/model.json")
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    gpu = args.device == "cuda"
    if gpu and not torch.cuda.is_available():
        print("bench_model: --device cuda but no GPU is available; skipping", file=sys.stderr)
        return 0
    machine = args.machine or (torch.cuda.get_device_name() if gpu else
                               f"{args.threads}-thread CPU ({platform.processor() or platform.machine()})")
    q = args.quick
    warm = 3 if gpu else 1
    tiny = ProfileSettings(batch=128 if gpu else 32, device=args.device, bf16=gpu, compile=gpu,
                           steps=2 if q else 5, warmup=warm, latency_runs=5 if q else 20,
                           latency_warmup=4 if gpu else 1)
    full = ProfileSettings(batch=128 if gpu else (1 if q else 4), device=args.device, bf16=gpu, compile=gpu,
                           steps=1 if q else 3, warmup=warm, latency_runs=3 if q else 10,
                           latency_warmup=4 if gpu else 1)
    t0 = time.perf_counter()
    rows = _model_rows("tiny", tiny, machine) + _model_rows("full", full, machine)
    if not gpu:
        rows += _slstm_rows(q, machine)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"{'name':<28}{'metric':<34}{'value':>12} {'unit':<10}{'ratio':>8}")
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        print(f"{r['name']!s:<28}{r['metric']!s:<34}{r['value']!s:>12} {r['unit']!s:<10}{ratio:>8}")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
          f"in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
