"""Core methods: health, ping, echo, debug.sleep, debug.crash, cancel, shutdown."""

from __future__ import annotations

import os
import platform
import threading
from importlib import metadata
from typing import Any

import numpy as np

from pyworker.server.errors import WorkerError
from pyworker.server.handlers.registry import HANDLERS, handler


def _version(pkg: str) -> str | None:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


_DEVICE: dict[str, Any] | None = None
_DEVICE_LOCK = threading.Lock()


def device_info() -> dict[str, Any]:
    global _DEVICE
    with _DEVICE_LOCK:
        if _DEVICE is None:
            _DEVICE = _probe_device()
    return _DEVICE


def _probe_device() -> dict[str, Any]:
    try:
        import torch
    except ImportError:
        return {"device": "cpu", "cuda": False, "bf16": False, "gpuName": None}
    cuda = bool(torch.cuda.is_available())
    return {
        "device": "cuda" if cuda else "cpu",
        "cuda": cuda,
        "bf16": bool(cuda and torch.cuda.is_bf16_supported()),
        "gpuName": torch.cuda.get_device_name(0) if cuda else None,
    }


@handler("health", inline=True)
def health(_params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    from pyworker.server.contract import load_contract

    return {
        "protocol": load_contract().version,
        "pid": os.getpid(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": _version("torch"),
        "xlstm": _version("xlstm"),
        "cvxpy": _version("cvxpy"),
        **device_info(),
        "uptimeS": ctx.state.uptime(),
        "jobsRunning": len(ctx.state.jobs),  # pool jobs only: inline calls (this one) are not registered
        "shm": ctx.state.segments.directory if ctx.state.segments else None,
        "methods": sorted(HANDLERS),
    }


@handler("ping", inline=True)
def ping(_params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    return {"uptimeS": ctx.state.uptime()}


def _echo(params: dict[str, Any]) -> dict[str, Any]:
    x = params["x"]
    s = float(np.sum(x, dtype=np.float64)) if params.get("checksum") else None
    return {"x": x, "sum": s}


@handler("echo", inline=True)
def echo(params: dict[str, Any], _ctx: Any) -> dict[str, Any]:
    return _echo(params)


@handler("echo.finite", inline=True)
def echo_finite(params: dict[str, Any], _ctx: Any) -> dict[str, Any]:
    return _echo({**params, "checksum": True})


@handler("debug.sleep")
def sleep(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    steps = int(params["steps"])
    dt = float(params["seconds"]) / steps
    for i in range(steps):
        if ctx.cancelled.wait(dt):
            raise WorkerError("CANCELLED", f"job {ctx.id} was cancelled at step {i}/{steps}")
        ctx.progress(step=i + 1, steps=steps)
    return {"completedSteps": steps}


@handler("debug.crash", inline=True)
def crash(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    if not ctx.state.allow_debug:
        raise WorkerError("INVALID_PARAMS", "debug.crash is disabled (start the worker with --allow-debug)")
    os._exit(int(params["exitCode"]))


@handler("cancel", inline=True)
def cancel(params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    with ctx.state.lock:
        ev = ctx.state.jobs.get(params["id"])
    if ev is None:
        return {"cancelled": False}
    ev.set()
    return {"cancelled": True}


@handler("shutdown", inline=True)
def shutdown(_params: dict[str, Any], ctx: Any) -> dict[str, Any]:
    ctx.state.stopping.set()
    with ctx.state.lock:
        for ev in ctx.state.jobs.values():
            ev.set()
    return {"stopping": True}
