"""Strict conversion of plain dicts (parsed YAML) into frozen config dataclasses and back.

Unknown keys, missing required keys and wrong types raise :class:`ModelConfigError` naming
the key path (``covariance_head.latent_factors``), in the spirit of xlstm's dacite-strict
loading (STYLE.md "Strict configs"). Supports the field types our configs use: bool, int,
float, str, ``Literal[...]``, ``tuple[T, ...]`` and nested dataclasses.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from .errors import ModelConfigError

T = TypeVar("T")


def from_dict(cls: type[T], data: Any, path: str = "") -> T:
    """Build dataclass ``cls`` from ``data``, rejecting unknown keys and wrong types."""
    if not isinstance(data, dict):
        raise ModelConfigError(f"{path or '<root>'}: expected a mapping, got {type(data).__name__}")
    hints = get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    for key in data:
        if key not in fields:
            where = f"{path}.{key}" if path else str(key)
            raise ModelConfigError(f"{where}: unknown key (allowed: {', '.join(sorted(fields))})")
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        where = f"{path}.{name}" if path else name
        if name in data:
            kwargs[name] = _convert(hints[name], data[name], where)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ModelConfigError(f"{where}: required key is missing")
    try:
        return cls(**kwargs)
    except ModelConfigError:
        raise
    except (TypeError, ValueError) as exc:
        raise ModelConfigError(f"{path or '<root>'}: {exc}") from exc


def to_dict(obj: Any) -> Any:
    """Plain, YAML/JSON-ready form of a config dataclass (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_dict(v) for v in obj]
    return obj


def _convert(tp: Any, value: Any, path: str) -> Any:
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value, path)  # type: ignore[arg-type]
    if origin is typing.Literal:
        allowed = get_args(tp)
        if value not in allowed:
            raise ModelConfigError(f"{path}: {value!r} is not one of {list(allowed)}")
        return value
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in get_args(tp):
            try:
                return _convert(option, value, path)
            except ModelConfigError as exc:
                errors.append(str(exc))
        raise ModelConfigError(f"{path}: {value!r} matches no allowed type ({'; '.join(errors)})")
    if origin is tuple:
        args = get_args(tp)
        if not isinstance(value, list | tuple):
            raise ModelConfigError(f"{path}: expected a list, got {type(value).__name__}")
        item_tp = args[0]
        return tuple(_convert(item_tp, v, f"{path}[{i}]") for i, v in enumerate(value))
    if tp is type(None):
        if value is not None:
            raise ModelConfigError(f"{path}: expected null, got {value!r}")
        return None
    if tp is bool:
        if not isinstance(value, bool):
            raise ModelConfigError(f"{path}: expected a boolean, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ModelConfigError(f"{path}: expected an integer, got {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ModelConfigError(f"{path}: expected a number, got {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ModelConfigError(f"{path}: expected a string, got {value!r}")
        return value
    raise ModelConfigError(f"{path}: unsupported config field type {tp!r}")
