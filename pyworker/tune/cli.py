"""``python -m pyworker tune run|ablate|experiments ...`` (docs/tuning.md).

    tune run --config configs/tune/quick.yaml [--phase P] [--n-trials N] [--worker K] [--storage URL]
    tune ablate --config configs/tune/ablate-quick.yaml
    tune experiments list|show|compare (--log runs/tune/quick.jsonl | --config ...) [--trial N] [--phase P]
    tune export [--log L | --config C]... [--ablation A.json | --ablation-config AC]... [--out F]

Summaries are JSON on stdout, progress on stderr. Exit 0 ok, 1 bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import optuna
import torch

from pyworker.atomic import atomic_write_bytes

from .ablate_run import format_table, run_ablation
from .config import load_ablation_config, load_tune_config
from .dsr import deflated_sharpe
from .errors import TuneError
from .explog import find_record, read_records
from .export import export_summary
from .report import compare_records, format_list, show_record
from .study import run_phase


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pyworker tune")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run or resume one phase of a study (joins it when shared)")
    r.add_argument("--config", required=True)
    r.add_argument("--phase", default=None, help="phase name (default: the first)")
    r.add_argument("--n-trials", type=int, default=None, help="finished trials to reach (default: the phase's)")
    r.add_argument("--worker", type=int, default=0, help="worker index; the sampler seed is seed + worker")
    r.add_argument("--storage", default=None, help="optuna RDB URL (default: the config's, else SQLite)")
    r.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch default)")
    a = sub.add_parser("ablate", help="run an ablation config and print the delta table")
    a.add_argument("--config", required=True)
    a.add_argument("--threads", type=int, default=0)
    e = sub.add_parser("experiments", help="read the experiment log")
    e.add_argument("action", choices=["list", "show", "compare"])
    src = e.add_mutually_exclusive_group(required=True)
    src.add_argument("--log", help="experiment log (.jsonl)")
    src.add_argument("--config", help="tuning config (its log is <out_dir>/<study>.jsonl)")
    e.add_argument("--trial", type=int, nargs="*", default=[], help="trial number(s) for show / compare")
    e.add_argument("--phase", default=None)
    e.add_argument("--returns", action="store_true", help="show: include the daily validation returns")
    x = sub.add_parser("export", help="trials + DSR and ablation tables as one JSON object (t2.tuning/1)")
    x.add_argument("--log", action="append", default=[], help="experiment log (.jsonl); repeatable")
    x.add_argument("--config", action="append", default=[], help="tuning config (its log); repeatable")
    x.add_argument("--ablation", action="append", default=[], help="ablation.json; repeatable")
    x.add_argument("--ablation-config", action="append", default=[], help="ablation config (its ablation.json)")
    x.add_argument("--out", default=None, help="write the JSON here (atomic) instead of stdout")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "threads", 0):
        torch.set_num_threads(args.threads)
    try:
        if args.cmd == "run":
            return _run(args)
        if args.cmd == "export":
            return _export(args)
        if args.cmd == "ablate":
            cfg = load_ablation_config(args.config)
            summary = run_ablation(cfg, log=lambda s: print(s, file=sys.stderr, flush=True))
            print(format_table(summary["rows"], cfg.bootstrap.level))
            return 0
        return _experiments(args)
    except (TuneError, KeyError, ValueError, OSError) as exc:
        print(f"tune: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    cfg = load_tune_config(args.config)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    res = run_phase(cfg, args.phase, args.n_trials, args.worker, args.storage)
    records = read_records(Path(cfg.out_dir) / f"{cfg.study}.jsonl")
    out: dict[str, Any] = {"study": res.study_name, "finished": res.n_finished, "ran_here": res.ran_here,
                           "best_trial": res.best_trial, "best_val_sharpe": res.best_value,
                           "best_params": res.best_params, "deflated": deflated_sharpe(records)}
    print(json.dumps(out, default=str))
    return 0


def _export(args: argparse.Namespace) -> int:
    logs = [Path(p) for p in args.log]
    for c in args.config:
        cfg = load_tune_config(c)
        logs.append(Path(cfg.out_dir) / f"{cfg.study}.jsonl")
    abls = [Path(p) for p in args.ablation]
    for c in args.ablation_config:
        acfg = load_ablation_config(c)
        abls.append(Path(acfg.out_dir) / acfg.name / "ablation.json")
    if not logs and not abls:
        raise ValueError("export needs at least one --log/--config or --ablation/--ablation-config")
    missing = [str(p) for p in [*logs, *abls] if not p.is_file()]
    if missing:
        raise ValueError(f"not found: {', '.join(missing)} (run tune run / tune ablate first)")
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    blob = json.dumps(export_summary(logs, abls, created), indent=1, allow_nan=False) + "\n"
    if args.out:
        atomic_write_bytes(Path(args.out), lambda fh: fh.write(blob.encode()))
    else:
        sys.stdout.write(blob)
    return 0


def _experiments(args: argparse.Namespace) -> int:
    if args.log:
        path = Path(args.log)
    else:
        cfg = load_tune_config(args.config)
        path = Path(cfg.out_dir) / f"{cfg.study}.jsonl"
    records = read_records(path)
    if args.phase:
        records = [r for r in records if r["phase"] == args.phase]
    if args.action == "list":
        print(format_list(records, deflated_sharpe(records)))
    elif args.action == "show":
        if len(args.trial) != 1:
            raise ValueError("show needs exactly one --trial")
        print(json.dumps(show_record(find_record(records, args.trial[0], args.phase), args.returns), indent=2))
    else:
        if len(args.trial) != 2:
            raise ValueError("compare needs two --trial numbers")
        a, b = (find_record(records, t, args.phase) for t in args.trial)
        print(compare_records(a, b))
    return 0
