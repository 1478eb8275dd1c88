"""Run an ablation config: every variant x seed trained alike, then the delta table with CIs.

Writes ``<out_dir>/<name>/<variant>/seed_<s>/`` (training runs; ``lightgbm.txt`` for the GBM
variant), ``ablation.json`` (all numbers, configs, data hashes, seconds per variant) and
``ablation.md`` (the table). Network variants go to :func:`run_params`, the ``lightgbm`` runner
(Plan B, PRD 14.1) to :func:`pyworker.tune.gbm.run_gbm`; both score the same validation days.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from pyworker.atomic import atomic_write_bytes
from pyworker.data import Dataset
from pyworker.model import load_config
from pyworker.train import load_train_config

from .ablation import VARIANTS, ablated_dataset, kept_width, variant_model, variant_params
from .bootstrap import sharpe_delta_ci
from .config import AblationConfig
from .data import load_dataset
from .gbm import run_gbm
from .objective import run_params


def run_ablation(cfg: AblationConfig, dataset: Dataset | None = None,
                 log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Train all variants (default first) and return the summary written to ablation.json."""
    ds = dataset if dataset is not None else load_dataset(cfg.data)
    base_model = load_config(cfg.model_config).with_factors(ds.n_factors)
    base_train = load_train_config(cfg.train_config, epochs=cfg.epochs)
    fixed = {s.name: s.value for s in cfg.fixed}
    out = Path(cfg.out_dir) / cfg.name
    names = ["default", *[v for v in cfg.variants if v != "default"]]
    rows: list[dict[str, Any]] = []
    rets: dict[str, np.ndarray] = {}
    for name in names:
        v = VARIANTS[name]
        t0 = time.perf_counter()
        params = {**fixed, **variant_params(v, base_model)}
        if v.runner == "lightgbm":
            m = run_gbm(ablated_dataset(ds, v), cfg.data.split, base_model, base_train, params, cfg.seeds, out / name,
                        cfg.gbm)
        else:
            m = run_params(ablated_dataset(ds, v), cfg.data.split, variant_model(v, base_model), base_train, params,
                           cfg.seeds, out / name)
        rets[name] = np.stack(m.seed_returns)  # (S, D)
        rows.append({"variant": name, "description": v.description, "val_sharpe": m.val_sharpe,
                     "per_seed": m.per_seed, "input_width": kept_width(ds.n_factors, v), "params": params,
                     "data_hash": m.data_hash, "split": m.split, "model_config": m.model_config, "train_config": m.train_config,
                     "duration_s": time.perf_counter() - t0})
        log(f"{name}: val Sharpe {m.val_sharpe:.3f} ({time.perf_counter() - t0:.1f}s)")
    b = cfg.bootstrap
    for row in rows:
        ci = sharpe_delta_ci(rets[row["variant"]], rets["default"], b.seed, b.n_boot, b.block, b.level)
        row.update(delta=ci.delta, ci_low=ci.low, ci_high=ci.high)
    summary = {"name": cfg.name, "config": cfg.to_dict(), "seeds": list(cfg.seeds), "bootstrap": asdict(b),
               "rows": rows}
    out.mkdir(parents=True, exist_ok=True)
    blob = json.dumps(summary, indent=2, default=str).encode()
    atomic_write_bytes(out / "ablation.json", lambda fh: fh.write(blob))
    table = format_table(rows, b.level).encode()
    atomic_write_bytes(out / "ablation.md", lambda fh: fh.write(table))
    return summary


def format_table(rows: list[dict[str, Any]], level: float) -> str:
    """Markdown table: variant, input width, validation Sharpe, delta vs default and its CI."""
    pct = round(level * 100)
    lines = [f"| variant | input width | val Sharpe | delta vs default | {pct}% CI |", "|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['variant']} | {r['input_width']} | {r['val_sharpe']:.3f} | {r['delta']:+.3f} | "
                     f"[{r['ci_low']:+.3f}, {r['ci_high']:+.3f}] |")
    return "\n".join(lines) + "\n"
