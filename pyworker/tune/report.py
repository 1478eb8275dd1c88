"""Plain-text views of the experiment log: the trial list with the DSR, one trial, two trials side by side."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return json.dumps(v) if isinstance(v, list | dict) else str(v)


def format_list(records: Sequence[Mapping[str, Any]], deflated: Mapping[str, Any]) -> str:
    """One line per trial (phase, number, state, val Sharpe, seconds, params), then best + DSR."""
    lines = [f"{'phase':<10} {'trial':>5} {'state':<8} {'val_sharpe':>10} {'secs':>7}  params"]
    for r in sorted(records, key=lambda r: (r["phase"], r["trial"])):
        sharpe = r.get("metrics", {}).get("val_sharpe", float("nan"))
        params = ", ".join(f"{k}={_fmt(v)}" for k, v in sorted(r["params"].items()))
        lines.append(f"{r['phase']:<10} {r['trial']:>5} {r['state']:<8} {sharpe:>10.3f} {r['duration_s']:>7.1f}  "
                     f"{params}")
    d = deflated
    lines.append(f"best: trial {d['best_trial']} ({d['best_phase']}) val Sharpe {d['best_val_sharpe']:.3f} "
                 f"(annualized); DSR {d['dsr']:.3f} over {d['n_trials']} trials "
                 f"(SR0 {d['sr0']:.4f}/day, var of trial Sharpe {d['sharpe_variance']:.3g})")
    return "\n".join(lines)


def show_record(record: Mapping[str, Any], with_returns: bool = False) -> dict[str, Any]:
    """The record as stored, without the (long) daily returns unless asked."""
    return {k: v for k, v in record.items() if with_returns or k != "val_returns"}


def _flat(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flat(v, key + "."))
        else:
            out[key] = v
    return out


def compare_records(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    """Keys whose values differ between two trials (params, configs, metrics, data hash, duration)."""
    keys = ("params", "model_config", "train_config", "data_hash", "seeds", "state", "duration_s")
    fa = _flat({k: a.get(k) for k in keys} | {"val_sharpe": a.get("metrics", {}).get("val_sharpe")})
    fb = _flat({k: b.get(k) for k in keys} | {"val_sharpe": b.get("metrics", {}).get("val_sharpe")})
    head = f"{'key':<40} {'trial ' + str(a['trial']):>20} {'trial ' + str(b['trial']):>20}"
    rows = [f"{k:<40} {_fmt(fa.get(k)):>20} {_fmt(fb.get(k)):>20}" for k in sorted(set(fa) | set(fb))
            if fa.get(k) != fb.get(k)]
    return "\n".join([head, *rows]) if rows else head + "\n(identical)"
