"""``train`` command: train one model or an ensemble from an .npz dataset (docs/training_guide.md).

    python -m pyworker train --dataset data.npz --model-config configs/model/tiny.yaml \\
        --train-config configs/train/quick.yaml --out runs/x [--resume] [--seeds 0,1,2,3,4] \\
        [--split single|walkforward:2023|dates:A,B] [--synthetic T,N,SEED]

``--synthetic`` generates :func:`pyworker.data.make_synthetic_dataset` instead of reading
``--dataset`` (and writes it to ``OUT/dataset.npz``). Progress goes to stderr as JSON lines;
the final summary is printed to stdout as JSON. Exit codes: 0 done, 1 bad input, 130 cancelled.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from pathlib import Path
from typing import Any

from pyworker.data import Dataset, DatasetError, make_synthetic_dataset, parse_split
from pyworker.model import ModelConfigError, load_config

from .config import load_train_config
from .ensemble import train_ensemble
from .errors import TrainConfigError, TrainError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pyworker train", description="Train the forecaster (PRD 5).")
    p.add_argument("--dataset", help=".npz with features, returns, mask, dates, factors [, day_status]")
    p.add_argument("--synthetic", help="T,N,SEED: use a generated synthetic dataset instead of --dataset")
    p.add_argument("--model-config", required=True)
    p.add_argument("--train-config", required=True)
    p.add_argument("--out", required=True, help="run directory")
    p.add_argument("--resume", action="store_true", help="continue from OUT/seed_*/checkpoints/last.pt")
    p.add_argument("--seeds", default="0", help="comma-separated member seeds (DESIGN 7: 0,1,2,3,4)")
    p.add_argument("--split", default="single", help="single | walkforward:YEAR | dates:TRAIN_END,VAL_END")
    p.add_argument("--quiet", action="store_true", help="no per-epoch progress on stderr")
    return p


def _clean(v: Any) -> Any:
    return None if isinstance(v, float) and not math.isfinite(v) else v


def main(argv: list[str]) -> int:
    """Entry point; ``argv`` excludes the program name (and may start with 'train')."""
    args = _parser().parse_args(argv[1:] if argv[:1] == ["train"] else argv)
    out = Path(args.out)
    try:
        if args.synthetic:
            T, N, seed = (int(v) for v in args.synthetic.split(","))
            ds, info = make_synthetic_dataset(T=T, N=N, seed=seed)
            ds.to_npz(out / "dataset.npz")
            print(json.dumps({"synthetic": {"T": T, "N": N, "seed": seed, "theoretical_ic": info.theoretical_ic}}),
                  file=sys.stderr)
        elif args.dataset:
            ds = Dataset.from_npz(args.dataset)
        else:
            raise DatasetError("BAD_FILE", "give --dataset PATH.npz or --synthetic T,N,SEED")
        model_cfg = load_config(args.model_config, n_factors=ds.n_factors)
        train_cfg = load_train_config(args.train_config)
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
        split = parse_split(args.split, ds, model_cfg.lookback, train_cfg.horizon, train_cfg.min_factors)
    except (DatasetError, ModelConfigError, TrainConfigError, ValueError) as exc:
        print(f"pyworker train: {exc}", file=sys.stderr)
        return 1
    cancelled: list[bool] = []
    previous = signal.signal(signal.SIGINT, lambda *_: cancelled.append(True))

    def progress(d: dict[str, Any]) -> None:
        if not args.quiet:
            keys = ("member", "seed", "epoch", "epochs", "loss", "val_sharpe", "val_ic", "lr", "samples_per_s", "eta_s")
            print(json.dumps({k: _clean(d.get(k)) for k in keys}), file=sys.stderr, flush=True)

    try:
        res = train_ensemble(ds, split, model_cfg, train_cfg, seeds, out, resume=args.resume,
                             on_progress=progress, should_stop=lambda: bool(cancelled))
    except (TrainError, DatasetError) as exc:
        print(f"pyworker train: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
    summary = {"status": res.status, "members": [str(p) for p in res.members],
               "metrics": [{k: _clean(v) for k, v in m.items()} for m in res.metrics],
               "ensemble_val_sharpe": _clean(res.ensemble_val_sharpe), "ensemble_val_ic": _clean(res.ensemble_val_ic),
               "split": split.summary()}
    print(json.dumps(summary, indent=2))
    return 130 if res.status == "cancelled" else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
