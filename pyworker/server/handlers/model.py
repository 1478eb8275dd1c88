"""dataset.*, model.predict and train.run: the worker side of the dataset/model/training contract.

Datasets live in ``WorkerState.handles`` under ``dataset:<handle>``; loaded ensembles are cached
under ``ensemble:<paths>`` (keyed with file mtimes so a retrained member is reloaded).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from pyworker.server.errors import WorkerError
from pyworker.server.handlers.registry import handler


def _dataset(ctx: Any, handle: str) -> Any:
    with ctx.state.lock:
        ds = ctx.state.handles.get(f"dataset:{handle}")
    if ds is None:
        raise WorkerError("NOT_FOUND", f"no dataset with handle {handle!r} (send it with dataset.put first)", {"handle": handle})
    return ds


def _data_error(exc: Exception) -> WorkerError:
    return WorkerError("INVALID_PARAMS", str(exc), {"reason": getattr(exc, "code", type(exc).__name__)})


@handler("dataset.put")
def dataset_put(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    from pyworker.data import Dataset, DatasetError

    try:
        ds = Dataset.create(
            params["features"],
            params["returns"],
            np.asarray(params["mask"]).astype(np.uint8),
            params["dates"],
            params["factors"],
            params.get("dayStatus"),
        )
    except DatasetError as exc:
        raise _data_error(exc) from None
    h = params.get("handle") or ds.data_hash[:16]
    with ctx.state.lock:
        ctx.state.handles[f"dataset:{h}"] = ds
    return {"handle": h, "days": ds.n_days, "factors": ds.n_factors, "features": ds.n_features, "hash": ds.data_hash}


@handler("dataset.drop", inline=True)
def dataset_drop(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    with ctx.state.lock:
        return {"dropped": ctx.state.handles.pop(f"dataset:{params['handle']}", None) is not None}


@handler("dataset.targets")
def dataset_targets(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    from pyworker.data import DatasetError, targets_at

    ds = _dataset(ctx, params["handle"])
    try:
        tg = targets_at(ds, int(params["t"]))
    except DatasetError as exc:
        raise _data_error(exc) from None
    return {"mu": np.asarray(tg.mu, np.float64), "sigma": np.asarray(tg.sigma, np.float64), "mask": np.asarray(tg.mask, bool)}


def _ensemble(ctx: Any, paths: list[str]) -> Any:
    from pyworker.model import Ensemble

    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        raise WorkerError("NOT_FOUND", f"member checkpoint not found: {missing[0]}", {"path": missing[0]})
    key = "ensemble:" + "|".join(f"{p}@{os.stat(p).st_mtime_ns}" for p in paths)
    with ctx.state.lock:
        ens = ctx.state.handles.get(key)
    if ens is None:
        try:
            ens = Ensemble.load(paths)
        except Exception as exc:  # CheckpointError, corrupted files: name the member
            raise WorkerError("INVALID_PARAMS", f"could not load ensemble members: {exc}") from None
        with ctx.state.lock:
            for k in [k for k in ctx.state.handles if k.startswith("ensemble:")]:
                del ctx.state.handles[k]  # keep one ensemble in memory
            ctx.state.handles[key] = ens
    return ens


@handler("model.predict")
def model_predict(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    import torch

    from pyworker.data import DatasetError
    from pyworker.data.inference import inference_batch

    ens = _ensemble(ctx, list(params["members"]))
    if params.get("handle") is not None:
        if params.get("days") is None:
            raise WorkerError("INVALID_PARAMS", "model.predict with a handle needs days")
        ds = _dataset(ctx, params["handle"])
        try:
            x, mask = inference_batch(ds, np.asarray(params["days"]), ens.config.lookback)
        except DatasetError as exc:
            raise _data_error(exc) from None
    elif params.get("x") is not None and params.get("mask") is not None:
        x = torch.from_numpy(np.array(params["x"], dtype=np.float32))
        mask = torch.from_numpy(np.asarray(params["mask"]).astype(bool))
    else:
        raise WorkerError("INVALID_PARAMS", "model.predict needs either x + mask or handle + days")
    try:
        with torch.no_grad():
            p = ens.predict(x, mask)
    except ValueError as exc:  # ModelInputError and shape errors name the problem
        raise WorkerError("INVALID_PARAMS", str(exc)) from None
    return {
        "mu": p.mu.double(),
        "sigma": p.sigma.double(),
        "muStd": p.mu_std.double(),
        "disagreement": p.disagreement.double(),
        "mask": mask.bool(),
    }


@handler("train.run")
def train_run(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    from pyworker.data import DatasetError, parse_split
    from pyworker.model import ModelConfigError, load_config
    from pyworker.train import TrainConfigError, load_train_config, train_ensemble

    ds = _dataset(ctx, params["handle"])
    try:
        model_cfg = load_config(params["modelConfig"], n_factors=ds.n_factors)
        train_cfg = load_train_config(params["trainConfig"])
        split = parse_split(params["split"], ds, lookback=model_cfg.lookback)
    except (ModelConfigError, TrainConfigError, DatasetError, FileNotFoundError) as exc:
        raise WorkerError("INVALID_PARAMS", str(exc)) from None

    def progress(d: dict[str, Any]) -> None:
        ctx.progress(**{k: v for k, v in d.items() if isinstance(v, int | float | str | bool) or v is None})

    res = train_ensemble(
        ds, split, model_cfg, train_cfg, seeds=list(params["seeds"]), run_dir=params["runDir"],
        resume=bool(params.get("resume", False)), on_progress=progress, should_stop=ctx.cancelled.is_set,
    )
    if res.status == "cancelled":
        raise WorkerError("CANCELLED", f"training cancelled; checkpoints are in {params['runDir']} (resume: true)")
    metrics = [{k: v for k, v in m.items() if isinstance(v, int | float | str | bool) or v is None} for m in res.metrics]
    return {"status": str(res.status), "members": [str(p) for p in res.members], "metrics": metrics}
