"""One ensemble member on disk: a single safetensors file holding weights, resolved config, meta.

Format ``t2-forecast-member`` v1: tensors from ``state_dict()`` plus, in the safetensors
header, ``config`` (the resolved :class:`ModelConfig` as JSON) and ``meta`` (caller's JSON:
seed, data hash, metrics, ...). No pickle anywhere, so loading runs no code (the same
guarantee as ``torch.load(weights_only=True)``). Writes are atomic: temp file + ``os.replace``.

The sLSTM 'vanilla' and 'cuda' backends keep the recurrent kernel and gate biases in
different internal layouts under the same parameter names (same bias shape, different
order!). We store them in the package's backend-neutral external layout, under
``<cell>.recurrent_kernel_ext`` / ``<cell>.bias_ext``, so a member trained with the CUDA
kernel loads correctly into a CPU model and vice versa.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save as st_save
from xlstm.blocks.slstm.cell import sLSTMCellBase

from pyworker.atomic import atomic_write_bytes

from .config import ModelConfig, config_from_dict
from .encoder import SLSTMBackend
from .errors import CheckpointError, ModelConfigError
from .forecaster import ForecastModel, build_model

FORMAT = "t2-forecast-member"
VERSION = "1"
_KERNEL, _BIAS = "_recurrent_kernel_", "_bias_"


def portable_state_dict(model: ForecastModel) -> dict[str, torch.Tensor]:
    """``state_dict`` with every sLSTM cell's parameters in the backend-neutral layout."""
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    for name, cell in model.named_modules():
        if isinstance(cell, sLSTMCellBase):
            kernel = state.pop(f"{name}.{_KERNEL}")
            bias = state.pop(f"{name}.{_BIAS}")
            state[f"{name}.recurrent_kernel_ext"] = cell._recurrent_kernel_int2ext(kernel).contiguous()
            state[f"{name}.bias_ext"] = cell._bias_int2ext(bias).contiguous()
    return state


def load_portable_state_dict(model: ForecastModel, state: dict[str, torch.Tensor]) -> None:
    """Inverse of :func:`portable_state_dict` into ``model`` (any sLSTM backend); strict."""
    state = dict(state)
    for name, cell in model.named_modules():
        if isinstance(cell, sLSTMCellBase):
            try:
                kernel = state.pop(f"{name}.recurrent_kernel_ext")
                bias = state.pop(f"{name}.bias_ext")
            except KeyError as exc:
                raise CheckpointError(f"checkpoint lacks sLSTM tensor {exc}") from exc
            state[f"{name}.{_KERNEL}"] = cell._recurrent_kernel_ext2int(kernel).contiguous()
            state[f"{name}.{_BIAS}"] = cell._bias_ext2int(bias).contiguous()
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        raise CheckpointError(f"checkpoint does not fit its config: {exc}") from exc


def save_member(path: str | Path, model: ForecastModel, config: ModelConfig | None = None,
                meta: dict[str, Any] | None = None) -> Path:
    """Write ``model`` (+ its resolved config and JSON-able ``meta``) atomically to ``path``."""
    config = config or model.cfg
    if config != model.cfg:
        raise CheckpointError("config differs from the model's own config; save the resolved one")
    header = {
        "format": FORMAT,
        "version": VERSION,
        "config": json.dumps(config.to_dict(), sort_keys=True),
        "meta": json.dumps(meta or {}, sort_keys=True),
    }
    blob = st_save(portable_state_dict(model), metadata=header)
    return atomic_write_bytes(path, lambda fh: fh.write(blob))


def read_member_header(path: str | Path) -> tuple[ModelConfig, dict[str, Any]]:
    """The config and meta of a member file, without building the model."""
    header, _ = _read(path, with_tensors=False)
    return _parse_header(path, header)


def load_member(path: str | Path, device: str | torch.device = "cpu",
                slstm_backend: SLSTMBackend | None = None) -> tuple[ForecastModel, ModelConfig, dict[str, Any]]:
    """Rebuild a member from ``path``: ``(model in eval mode, config, meta)``."""
    header, state = _read(path, with_tensors=True)
    config, meta = _parse_header(path, header)
    model = build_model(config, device=device, slstm_backend=slstm_backend)
    load_portable_state_dict(model, state)
    return model.eval(), config, meta


def _read(path: str | Path, with_tensors: bool) -> tuple[dict[str, str], dict[str, torch.Tensor]]:
    p = Path(path)
    if not p.is_file():
        raise CheckpointError(f"no checkpoint at {p}")
    try:
        with safe_open(str(p), framework="pt", device="cpu") as fh:
            header = fh.metadata() or {}
            tensors = {k: fh.get_tensor(k) for k in fh.keys()} if with_tensors else {}
    except (SafetensorError, OSError, ValueError) as exc:
        raise CheckpointError(f"{p}: not a readable safetensors file: {exc}") from exc
    return header, tensors


def _parse_header(path: str | Path, header: dict[str, str]) -> tuple[ModelConfig, dict[str, Any]]:
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise CheckpointError(f"{path}: not a {FORMAT} v{VERSION} file (header {sorted(header)})")
    try:
        config = config_from_dict(json.loads(header["config"]))
        meta = json.loads(header.get("meta", "{}"))
    except (KeyError, json.JSONDecodeError, ModelConfigError) as exc:
        raise CheckpointError(f"{path}: bad config/meta in header: {exc}") from exc
    return config, meta
