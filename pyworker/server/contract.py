"""The contract as the worker sees it: the committed JSON Schema generated from bridge/contract (zod).

Every incoming header is validated here before any handler runs: envelope, method name, params
(JSON Schema compiled to Python by fastjsonschema: ~7 us per message against ~250 us for the
interpreting jsonschema validator), tensor descriptors (dtype, rank), and finiteness where the
contract marks a tensor ``finite``. The generated schema only uses keywords that draft-07 and
2020-12 read the same way (type, properties, required, additionalProperties, enum, const, bounds,
lengths, items, pattern, propertyNames, anyOf); the ``$schema`` tag is dropped before compiling.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastjsonschema
import numpy as np

from pyworker.server.errors import WorkerError

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "bridge" / "schema" / "contract.schema.json"
TENSOR_KEY = "x-tensor"


Validator = Callable[[Any], Any]


def _compile(schema: dict[str, Any]) -> Validator:
    body = {k: v for k, v in schema.items() if k != "$schema"}
    return fastjsonschema.compile(body)  # type: ignore[no-any-return]


def _first_error(validate: Validator, value: Any) -> tuple[list[Any], str] | None:
    try:
        validate(value)
    except fastjsonschema.JsonSchemaValueException as e:
        path = [p for p in (e.path or [])[1:]]  # drop the leading "data"
        return path, e.message.removeprefix(e.name).strip() or e.message
    return None


@dataclass(frozen=True)
class MethodSpec:
    name: str
    idempotent: bool
    long: bool
    params_schema: dict[str, Any]
    validator: Validator


@dataclass(frozen=True)
class Contract:
    version: int
    max_message_bytes: int
    error_codes: tuple[str, ...]
    dtypes: tuple[str, ...]
    methods: dict[str, MethodSpec]
    request_validator: Validator

    def validate_request(self, header: dict[str, Any]) -> MethodSpec:
        """Checks the envelope and params (descriptors, not data) of a request header."""
        if header.get("v") != self.version:
            raise WorkerError(
                "UNSUPPORTED_VERSION", f"protocol v={header.get('v')!r}, this worker speaks v={self.version}"
            )
        err = _first_error(self.request_validator, header)
        if err is not None:
            raise WorkerError("BAD_MESSAGE", f"malformed header: {_where(err[0])}{err[1]}")
        method = header["method"]
        spec = self.methods.get(method)
        if spec is None:
            raise WorkerError("UNKNOWN_METHOD", f"unknown method {method!r}", {"method": method})
        perr = _first_error(spec.validator, header["params"])
        if perr is not None:
            path, msg = perr
            code = "BAD_TENSOR" if _in_tensor(spec.params_schema, path) else "INVALID_PARAMS"
            raise WorkerError(code, f"{method}: {_where(path)}{msg}", {"path": path})
        return spec

    def check_finite(self, spec: MethodSpec, params: dict[str, Any]) -> None:
        """Raises NON_FINITE when a tensor marked ``finite`` holds NaN or inf."""
        _walk_finite(spec.params_schema, params, "params", spec.name)


def _where(path: list[Any]) -> str:
    text = ".".join(str(p) for p in path)
    return f"at '{text}': " if text else ""


def _sub(schema: dict[str, Any], key: str | int) -> dict[str, Any] | None:
    if isinstance(key, str):
        props = schema.get("properties", {})
        if key in props:
            return props[key]
        extra = schema.get("additionalProperties")
        return extra if isinstance(extra, dict) else None
    items = schema.get("items")
    return items if isinstance(items, dict) else None


def _in_tensor(schema: dict[str, Any], path: list[Any]) -> bool:
    node: dict[str, Any] | None = schema
    for key in path:
        if node is None or TENSOR_KEY in node:
            break
        node = _sub(node, key)
    return node is not None and TENSOR_KEY in node


def _walk_finite(schema: dict[str, Any] | None, value: Any, path: str, method: str) -> None:
    if schema is None:
        return
    spec = schema.get(TENSOR_KEY)
    if spec is not None:
        if spec.get("finite") and isinstance(value, np.ndarray) and value.dtype.kind == "f":
            bad = ~np.isfinite(value)
            if bad.any():
                first = [int(i) for i in np.argwhere(bad)[0]]
                raise WorkerError(
                    "NON_FINITE",
                    f"{method}: {path} has {int(bad.sum())} NaN/inf values (first at index {first})",
                    {"path": path, "count": int(bad.sum()), "first": first},
                )
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _walk_finite(_sub(schema, k), v, f"{path}.{k}", method)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _walk_finite(_sub(schema, i), v, f"{path}[{i}]", method)


@lru_cache(maxsize=4)
def load_contract(path: str | None = None) -> Contract:
    doc = json.loads(Path(path or SCHEMA_PATH).read_text())
    methods = {
        name: MethodSpec(
            name=name,
            idempotent=bool(m["idempotent"]),
            long=bool(m["long"]),
            params_schema=m["params"],
            validator=_compile(m["params"]),
        )
        for name, m in doc["methods"].items()
    }
    return Contract(
        version=int(doc["protocolVersion"]),
        max_message_bytes=int(doc["maxMessageBytes"]),
        error_codes=tuple(doc["errorCodes"]),
        dtypes=tuple(doc["dtypes"]),
        methods=methods,
        request_validator=_compile(doc["request"]),
    )
