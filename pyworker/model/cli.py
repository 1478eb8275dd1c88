"""``python -m pyworker model info --config PATH [--n-factors N] [--json]``: sizes and parameter counts.

The model is instantiated on torch's 'meta' device (no memory, no init cost beyond module
construction), so even the full config reports in a couple of seconds on a CPU.
"""

from __future__ import annotations

import argparse
import json
import sys

import torch

from .config import ModelConfig, load_config
from .errors import ModelError
from .forecaster import ForecastModel
from .params import parameter_breakdown

PRD_TOTAL = 44_000_000  # PRD 4.4: "Total Model Parameters: ~44M"


def model_info(cfg: ModelConfig) -> dict[str, object]:
    """JSON-able summary: resolved config, input width, parameter counts by part."""
    with torch.device("meta"):
        model = ForecastModel(cfg, slstm_backend="vanilla")
    counts = parameter_breakdown(model)
    return {
        "name": cfg.name,
        "n_factors": cfg.n_factors,
        "in_features": cfg.in_features,
        "lookback": cfg.lookback,
        "parameters": counts,
        "prd_total": PRD_TOTAL,
        "config": cfg.to_dict(),
    }


def _table(info: dict[str, object]) -> str:
    counts = info["parameters"]
    assert isinstance(counts, dict)
    lines = [
        f"model {info['name']}: N = {info['n_factors']}, F = 7N+6 = {info['in_features']}, "
        f"lookback = {info['lookback']}",
        f"{'part':<28}{'parameters':>14}",
    ]
    lines += [f"{k:<28}{v:>14,}" for k, v in counts.items()]
    total = counts["total"]
    lines.append(f"{'PRD 4.4 (~44M) ratio':<28}{total / PRD_TOTAL:>14.3f}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyworker model", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    info = sub.add_parser("info", help="print sizes and parameter counts of a model config")
    info.add_argument("--config", required=True, help="configs/model/<name>.yaml")
    info.add_argument("--n-factors", type=int, default=None, help="override N (default: the config's)")
    info.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    try:
        cfg = load_config(args.config, n_factors=args.n_factors)
        summary = model_info(cfg)
    except ModelError as exc:
        print(f"model info: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, indent=2) if args.json else _table(summary))
    return 0
