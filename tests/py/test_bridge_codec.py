"""Codec: zero-copy decode, round trip through encode, typed errors for bad descriptors."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

from pyworker.server import codec
from pyworker.server.errors import WorkerError


def test_round_trip_all_dtypes() -> None:
    arrays = {
        "f32": np.arange(6, dtype=np.float32).reshape(2, 3),
        "f64": np.array([np.pi, -0.0, np.nan]),
        "i32": np.array([-(2**31), 2**31 - 1], dtype=np.int32),
        "i64": np.array([-(2**63)], dtype=np.int64),
        "u8": np.array([0, 255], dtype=np.uint8),
        "b": np.array([True, False]),
        "empty": np.zeros((0, 3), dtype=np.float32),
    }
    frames = codec.encode({"v": 1, "id": "x", "result": {**arrays, "n": np.int64(3), "nested": [arrays["f32"]]}}, "result")
    header = codec.unpack_header(frames[0])
    back = codec.decode_tensors(header["result"], [bytes(f) for f in frames])
    for k, a in arrays.items():
        np.testing.assert_array_equal(back[k], a)
        assert back[k].dtype == a.dtype
    assert back["n"] == 3 and isinstance(back["n"], int)
    np.testing.assert_array_equal(back["nested"][0], arrays["f32"])


def test_decode_is_zero_copy() -> None:
    buf = bytearray(np.arange(4, dtype=np.float64).tobytes())
    arr = codec.decode_tensors({"dtype": "float64", "shape": [4], "frame": 1}, [b"", memoryview(buf)])
    buf[0:8] = np.float64(42).tobytes()
    assert arr[0] == 42.0


def test_encode_non_contiguous_array() -> None:
    a = np.arange(12, dtype=np.float32).reshape(3, 4)[:, ::2]
    frames = codec.encode({"result": {"a": a}}, "result")
    back = codec.decode_tensors(codec.unpack_header(frames[0])["result"], [bytes(f) for f in frames])
    np.testing.assert_array_equal(back["a"], a)


@pytest.mark.parametrize(
    ("desc", "frames", "match"),
    [
        ({"dtype": "float32", "shape": [3], "frame": 1}, [b"", b"\0" * 8], "needs 12 bytes"),
        ({"dtype": "complex64", "shape": [1], "frame": 1}, [b"", b"\0" * 8], "unknown dtype"),
        ({"dtype": "float32", "shape": [1], "frame": 5}, [b"", b"\0" * 4], "frame 5 missing"),
        ({"dtype": "float32", "shape": [-1], "frame": 1}, [b"", b""], "non-negative"),
    ],
)
def test_bad_descriptors(desc: dict, frames: list[bytes], match: str) -> None:
    with pytest.raises(WorkerError, match=match) as exc:
        codec.decode_tensors(desc, frames)
    assert exc.value.code == "BAD_TENSOR"


def test_garbage_header() -> None:
    with pytest.raises(WorkerError) as exc:
        codec.unpack_header(b"\xc1\xff")
    assert exc.value.code == "BAD_MESSAGE"
    with pytest.raises(WorkerError):
        codec.unpack_header(msgpack.packb([1, 2]))
