"""``python -m pyworker profile``: forward/backward time per batch, peak memory, inference latency.

    python -m pyworker profile --config configs/model/full.yaml                   # GPU: batch 128, bf16, compile
    python -m pyworker profile --config configs/model/full.yaml --device cpu --batch 2 --steps 2

Defaults follow the device: on CUDA, bf16 autocast, ``torch.compile`` and the sLSTM CUDA
kernel are on (PRD 5.5); on CPU they are off (CPU bf16 is slower than float32 here) and
the sLSTM runs its vanilla loop. Each can be forced with ``--bf16/--no-bf16``,
``--compile/--no-compile`` and ``--slstm-backend``. Inputs are random; the backward pass uses
a cheap surrogate loss on mu and Sigma, so timings are of the network alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from .config import load_config
from .errors import ModelError
from .profiling import ProfileSettings, profile_model


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pyworker profile", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", required=True, help="configs/model/<name>.yaml")
    p.add_argument("--batch", type=int, default=128, help="training batch size (PRD 5.3: 128)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=None,
                   help="bf16 autocast (default: on for CUDA, off for CPU)")
    p.add_argument("--compile", action=argparse.BooleanOptionalAction, default=None,
                   help="torch.compile the model (default: on for CUDA, off for CPU)")
    p.add_argument("--steps", type=int, default=5, help="timed training steps (after warm-up)")
    p.add_argument("--warmup", type=int, default=None, help="untimed steps first (default 1 CPU, 3 CUDA)")
    p.add_argument("--latency-runs", type=int, default=20, help="single-sample inference runs")
    p.add_argument("--n-factors", type=int, default=None, help="override N (default: the config's)")
    p.add_argument("--lookback", type=int, default=None, help="shorter window for quick CPU checks")
    p.add_argument("--slstm-backend", choices=["auto", "vanilla", "cuda"], default=None)
    p.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--out", type=Path, default=None, help="also write the JSON result here")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        print("profile: --device cuda but torch.cuda.is_available() is False", file=sys.stderr)
        return 2
    on_gpu = device == "cuda"
    settings = ProfileSettings(
        batch=args.batch,
        device=device,
        bf16=on_gpu if args.bf16 is None else args.bf16,
        compile=on_gpu if args.compile is None else args.compile,
        steps=args.steps,
        warmup=(3 if on_gpu else 1) if args.warmup is None else args.warmup,
        latency_runs=args.latency_runs,
        lookback=args.lookback,
        slstm_backend=args.slstm_backend,
        seed=args.seed,
    )
    try:
        cfg = load_config(args.config, n_factors=args.n_factors)
        result = profile_model(cfg, settings)
    except ModelError as exc:
        print(f"profile: {exc}", file=sys.stderr)
        return 2
    payload = result.to_dict()
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=2) if args.json else result.table())
    return 0
