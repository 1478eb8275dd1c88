"""The tuning summary as JSON for the SDK's HTML report (``python -m pyworker tune export``).

One object, schema ``t2.tuning/1``: per experiment log, every trial (config summary, params,
seeds, data hash, validation Sharpe, duration, ...) and the Deflated Sharpe Ratio of the best
trial (:func:`pyworker.tune.dsr.deflated_sharpe`, computed here, never in TypeScript); per
ablation (``ablation.json``), each variant's validation Sharpe and its delta vs default with the
bootstrap interval. Non-finite numbers become null (JSON has no NaN). The SDK validates it with
zod (``sdk/report/tuning-data.ts``) and renders it (``sdk/report/tuning-html.ts``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .dsr import deflated_sharpe
from .explog import read_records

SCHEMA = "t2.tuning/1"


def _finite(x: Any) -> Any:
    """Replace NaN / inf (at any depth) by None."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, Mapping):
        return {str(k): _finite(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_finite(v) for v in x]
    return x


def config_summary(record: Mapping[str, Any]) -> str:
    """One line: the resolved model and train knobs a reader compares trials by.

    >>> config_summary({"model_config": {"lookback": 60, "encoder": {"hidden": 512, "num_blocks": 4,
    ...     "slstm_at": [0]}, "covariance_head": {"latent_factors": 20}}, "train_config": {"lr": 1e-4,
    ...     "alpha": 1.0, "beta": 0.5, "gamma": 2.0, "batch_size": 128, "epochs": 50}})
    'lookback 60, hidden 512, 4 blocks (sLSTM at [0]), latent 20; lr 0.0001, alpha 1, beta 0.5, gamma 2, batch 128, 50 epochs'
    """
    m, t = record.get("model_config") or {}, record.get("train_config") or {}
    parts: list[str] = []
    if m:
        enc = m.get("encoder", {})
        parts.append(f"lookback {m.get('lookback')}, hidden {enc.get('hidden')}, {enc.get('num_blocks')} blocks "
                     f"(sLSTM at {list(enc.get('slstm_at', []))}), latent {m.get('covariance_head', {}).get('latent_factors')}")
    if t:
        tp = [f"lr {t.get('lr'):.4g}", *(f"{k} {t.get(k):.4g}" for k in ("alpha", "beta", "gamma")),
              f"batch {t.get('batch_size')}", f"{t.get('epochs')} epochs"]
        if not t.get("portfolio_layer", True):
            tp.append("no layer")
        if t.get("sigma_source", "head") != "head":
            tp.append(f"Sigma {t.get('sigma_source')}")
        parts.append(", ".join(tp))
    return "; ".join(parts) if parts else "(configs not recorded: pruned before scoring)"


def trial_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The report row of one experiment-log record (no daily returns)."""
    metrics = record.get("metrics") or {}
    per_seed = metrics.get("per_seed") or []
    return {"phase": record["phase"], "trial": record["trial"], "state": record["state"],
            "params": dict(record.get("params") or {}), "config": config_summary(record),
            "seeds": list(record.get("seeds") or []), "data_hash": record.get("data_hash"),
            "val_sharpe": metrics.get("val_sharpe"), "per_seed_sharpe": [p.get("val_sharpe") for p in per_seed],
            "best_epochs": [p.get("best_epoch") for p in per_seed], "duration_s": record.get("duration_s"),
            "worker": record.get("worker"), "host": record.get("host"), "code_version": record.get("code_version"),
            "started_at": record.get("started_at")}


def experiments_summary(records: Sequence[Mapping[str, Any]], log: Path) -> dict[str, Any]:
    """Every trial of a log, sorted by (phase, trial), and the DSR of the best COMPLETE trial over all."""
    rows = [trial_row(r) for r in sorted(records, key=lambda r: (str(r["phase"]), int(r["trial"])))]
    studies = sorted({str(r["study"]) for r in records})
    return {"study": ", ".join(studies) or log.stem, "log": str(log), "dir": str(log.with_suffix("")),
            "trials": rows, "deflated": deflated_sharpe(records)}


def ablation_entry(summary: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """The report part of one ``ablation.json``."""
    rows = [{"variant": r["variant"], "description": r.get("description", ""), "input_width": r.get("input_width"),
             "val_sharpe": r["val_sharpe"], "per_seed_sharpe": [p.get("val_sharpe") for p in r.get("per_seed", [])],
             "delta": r["delta"], "ci_low": r["ci_low"], "ci_high": r["ci_high"], "params": r.get("params", {}),
             "data_hash": r.get("data_hash"), "duration_s": r.get("duration_s")} for r in summary["rows"]]
    return {"name": summary["name"], "path": str(path), "dir": str(path.parent), "seeds": list(summary.get("seeds", [])),
            "bootstrap": dict(summary.get("bootstrap", {})), "rows": rows}


def export_summary(logs: Sequence[Path] = (), ablations: Sequence[Path] = (), created_at: str = "") -> dict[str, Any]:
    """The whole ``t2.tuning/1`` object (a missing log is an empty one; a missing ablation.json raises)."""
    exps = [experiments_summary(read_records(p), p) for p in logs]
    abls = [ablation_entry(json.loads(p.read_text(encoding="utf-8")), p) for p in ablations]
    return _finite({"schema": SCHEMA, "created_at": created_at, "experiments": exps, "ablations": abls})
