"""Wire codec (DESIGN 3): frame 0 = msgpack header, each tensor = descriptor {dtype, shape, frame}
in the header plus its raw little-endian bytes in its own frame. The only module that imports msgpack.

Decoding is zero-copy (``np.frombuffer`` over the received frame); encoding hands numpy buffers to
ZeroMQ without copying (``memoryview`` of a C-contiguous array). A local client may instead place a
tensor in shared memory, ``{dtype, shape, shm: {seg, offset}}`` (``pyworker.server.shm``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgpack
import numpy as np

from pyworker.server.errors import WorkerError
from pyworker.server.shm import Leases, ReplyRegion, Segments

if sys.byteorder != "little":  # pragma: no cover - every supported platform is little-endian
    raise RuntimeError("the bridge's wire format is little-endian; this platform is not")

DTYPES: dict[str, np.dtype[Any]] = {
    "float32": np.dtype("<f4"),
    "float64": np.dtype("<f8"),
    "int32": np.dtype("<i4"),
    "int64": np.dtype("<i8"),
    "uint8": np.dtype("u1"),
    "bool": np.dtype("?"),
}
_NAMES = {v: k for k, v in DTYPES.items()}
_DESC_KEYS = frozenset(("dtype", "shape", "frame"))
_SHM_KEYS = frozenset(("dtype", "shape", "shm"))

Buffer = bytes | memoryview


@dataclass
class ShmSource:
    """Where a request's shared-memory tensors come from, and the leases they take."""

    segments: Segments
    leases: Leases


def is_desc(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    keys = obj.keys()
    return (keys == _DESC_KEYS and isinstance(obj.get("frame"), int)) or (keys == _SHM_KEYS and isinstance(obj.get("shm"), dict))


def unpack_header(frame: Buffer) -> dict[str, Any]:
    try:
        header = msgpack.unpackb(frame, raw=False, strict_map_key=True)
    except Exception as exc:  # msgpack raises several unrelated types for garbage
        raise WorkerError("BAD_MESSAGE", f"header frame is not valid msgpack ({type(exc).__name__})") from None
    if not isinstance(header, dict):
        raise WorkerError("BAD_MESSAGE", f"header must be a map, got {type(header).__name__}")
    return header


def _tensor_from(desc: dict[str, Any], frames: Sequence[Buffer], path: str, shm: ShmSource | None) -> np.ndarray:
    dtype = DTYPES.get(desc["dtype"]) if isinstance(desc["dtype"], str) else None
    if dtype is None:
        raise WorkerError("BAD_TENSOR", f"{path}: unknown dtype {desc['dtype']!r}", {"path": path})
    shape = desc["shape"]
    if not isinstance(shape, list) or not all(isinstance(s, int) and s >= 0 for s in shape):
        raise WorkerError("BAD_TENSOR", f"{path}: shape must be a list of non-negative ints", {"path": path})
    if "shm" in desc:
        loc = desc["shm"]
        if shm is None:
            raise WorkerError("BAD_TENSOR", f"{path}: shared-memory tensor, but this transport has no segments", {"path": path})
        if loc.keys() != {"seg", "offset"}:
            raise WorkerError("BAD_TENSOR", f"{path}: shm must be {{seg, offset}}", {"path": path})
        return shm.segments.array(loc["seg"], loc["offset"], dtype, shape, path, shm.leases)
    idx = desc["frame"]
    if not 1 <= idx < len(frames):
        raise WorkerError("BAD_TENSOR", f"{path}: frame {idx} missing (message has {len(frames)} frames)", {"path": path})
    buf = frames[idx]
    want = math.prod(shape) * dtype.itemsize
    got = len(buf) if isinstance(buf, bytes) else buf.nbytes
    if got != want:
        raise WorkerError(
            "BAD_TENSOR",
            f"{path}: {desc['dtype']}{shape} needs {want} bytes, frame {idx} has {got}",
            {"path": path, "expected": want, "got": got},
        )
    return np.frombuffer(buf, dtype=dtype).reshape(shape)


def decode_tensors(obj: Any, frames: Sequence[Buffer], path: str = "params", shm: ShmSource | None = None) -> Any:
    """Replaces every tensor descriptor in ``obj`` by a read-only numpy view of its frame or segment."""
    if is_desc(obj):
        return _tensor_from(obj, frames, path, shm)
    if isinstance(obj, dict):
        return {k: decode_tensors(v, frames, f"{path}.{k}", shm) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode_tensors(v, frames, f"{path}[{i}]", shm) for i, v in enumerate(obj)]
    return obj


def shm_bytes(obj: Any) -> int:
    """Bytes of the shared-memory tensors a (validated) header describes: they count toward the cap."""
    if is_desc(obj):
        if "shm" not in obj or not isinstance(obj["shape"], list) or obj["dtype"] not in DTYPES:
            return 0
        return math.prod(s if isinstance(s, int) else 0 for s in obj["shape"]) * DTYPES[obj["dtype"]].itemsize
    if isinstance(obj, dict):
        return sum(shm_bytes(v) for v in obj.values())
    if isinstance(obj, list):
        return sum(shm_bytes(v) for v in obj)
    return 0


def _plain(obj: Any, out: list[Buffer], region: ReplyRegion | None = None) -> Any:
    """Converts numpy/torch values to msgpack-able ones, moving arrays into frames (or ``region``)."""
    if isinstance(obj, np.ndarray):
        arr = np.ascontiguousarray(obj)
        if arr.dtype not in _NAMES:
            raise WorkerError("INTERNAL", f"cannot send dtype {arr.dtype}")
        at = region.place(arr) if region is not None else None
        if at is not None:
            return {"dtype": _NAMES[arr.dtype], "shape": list(arr.shape), "shm": {"seg": region.seg, "offset": at}}  # type: ignore[union-attr]
        out.append(memoryview(arr.data).cast("B") if arr.size else b"")
        return {"dtype": _NAMES[arr.dtype], "shape": list(arr.shape), "frame": len(out)}
    if hasattr(obj, "detach") and hasattr(obj, "numpy"):  # torch.Tensor without importing torch
        return _plain(obj.detach().cpu().numpy(), out, region)
    if isinstance(obj, dict):
        return {str(k): _plain(v, out, region) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v, out, region) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def encode(header: dict[str, Any], body_key: str | None = None) -> list[Buffer]:
    """Packs a header; the value under ``body_key`` may hold arrays that become frames."""
    frames: list[Buffer] = []
    if body_key is not None:
        header = {**header, body_key: _plain(header[body_key], frames)}
    return [msgpack.packb(header, use_bin_type=True), *frames]


def plain_result(result: dict[str, Any], region: ReplyRegion | None) -> tuple[Any, list[Buffer]]:
    """A reply body with its arrays moved into frames or the client's reply region."""
    frames: list[Buffer] = []
    return _plain(result, frames, region), frames


def _pack_final(header: dict[str, Any], frames: list[Buffer], pinned: bool) -> list[Buffer]:
    """A call's last message; ``shmPinned`` when the handler kept request arrays in shared memory."""
    if pinned:
        header["shmPinned"] = True
    return [msgpack.packb(header, use_bin_type=True), *frames]


def pack_reply(req_id: str, body: Any, frames: list[Buffer], version: int, pinned: bool = False) -> list[Buffer]:
    return _pack_final({"v": version, "id": req_id, "ok": True, "result": body}, frames, pinned)


def encode_error(req_id: str, err: WorkerError, version: int, pinned: bool = False) -> list[Buffer]:
    body = {"code": err.code, "message": err.message, "details": _plain(err.details, [])}
    return _pack_final({"v": version, "id": req_id, "ok": False, "error": body}, [], pinned)


def encode_progress(req_id: str, data: dict[str, Any], version: int) -> list[Buffer]:
    return encode({"v": version, "id": req_id, "event": "progress", "data": _plain(data, [])})
