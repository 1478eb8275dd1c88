"""Shared-memory tensors on the worker side (pyworker/server/shm.py): zero-copy read-only request views,
reply tensors written into the client's region, pinning when a handler keeps request arrays, and a
typed BAD_TENSOR for every unsafe or malformed segment reference."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import msgpack
import numpy as np
import pytest

from pyworker.server import shm as shm_mod
from pyworker.server.contract import load_contract
from pyworker.server.dispatch import Dispatcher
from pyworker.server.errors import WorkerError
from pyworker.server.handlers import HANDLERS
from pyworker.server.handlers.registry import Handler
from pyworker.server.shm import ALIGN, Leases, Segments
from pyworker.server.state import WorkerState

SEG = "t2-4242-0badcafe-1"


def make_segment(directory: Path, data: bytes, name: str = SEG, mode: int = 0o600) -> Path:
    path = directory / name
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
    os.fchmod(fd, mode)  # O_CREAT's mode is masked by the umask
    os.pwrite(fd, data, 0)
    os.close(fd)
    return path


def shm_desc(shape: list[int], offset: int = 0, seg: str = SEG, dtype: str = "float32") -> dict[str, Any]:
    return {"dtype": dtype, "shape": shape, "shm": {"seg": seg, "offset": offset}}


def request(params: dict[str, Any], reply: dict[str, Any] | None = None, method: str = "echo") -> list[bytes]:
    header: dict[str, Any] = {"v": 1, "id": "t-1", "method": method, "params": params}
    if reply is not None:
        header["replyShm"] = reply
    return [msgpack.packb(header)]


def run(d: Dispatcher, frames: list[bytes]) -> tuple[dict[str, Any], list[Any]]:
    out: list[list[Any]] = []
    d.run(d.parse(frames), out.append)
    (reply,) = out
    return msgpack.unpackb(reply[0]), reply


@pytest.fixture
def segdir(tmp_path: Path) -> Path:
    return tmp_path


def dispatcher(directory: Path, **kw: Any) -> Dispatcher:
    return Dispatcher(load_contract(), WorkerState(segments=Segments(str(directory))), **kw)


def test_echo_reads_the_request_and_writes_the_reply_in_shared_memory(segdir: Path) -> None:
    x = np.arange(250 * 706, dtype=np.float32).reshape(1, 250, 706)
    path = make_segment(segdir, x.tobytes())
    reply_at = (x.nbytes + ALIGN - 1) // ALIGN * ALIGN
    d = dispatcher(segdir)
    header, frames = run(d, request({"x": shm_desc([1, 250, 706])}, {"seg": SEG, "offset": reply_at, "size": x.nbytes, "minBytes": 1024}))
    assert header["ok"] is True and "shmPinned" not in header
    desc = header["result"]["x"]
    assert desc == {"dtype": "float32", "shape": [1, 250, 706], "shm": {"seg": SEG, "offset": reply_at}}
    assert len(frames) == 1  # the header only: no tensor frame
    back = np.frombuffer(path.read_bytes()[reply_at : reply_at + x.nbytes], np.float32).reshape(x.shape)
    assert np.array_equal(back, x)


def test_request_arrays_are_read_only_views(segdir: Path) -> None:
    make_segment(segdir, np.ones(32, np.float64).tobytes())
    d = dispatcher(segdir)
    req = d.parse(request({"x": shm_desc([4, 8], dtype="float64")}))
    arr = req.params["x"]
    assert arr.shape == (4, 8) and not arr.flags.writeable and not arr.flags.owndata
    with pytest.raises(ValueError):
        arr[0, 0] = 2.0


def test_small_or_overflowing_reply_tensors_go_as_frames(segdir: Path) -> None:
    x = np.arange(64, dtype=np.float32)
    make_segment(segdir, x.tobytes())
    d = dispatcher(segdir)
    small, frames = run(d, request({"x": shm_desc([64])}, {"seg": SEG, "offset": 256, "size": 4096, "minBytes": 1024}))
    assert small["result"]["x"]["frame"] == 1 and np.array_equal(np.frombuffer(frames[1], np.float32), x)
    tight, frames = run(d, request({"x": shm_desc([64])}, {"seg": SEG, "offset": 256, "size": 100, "minBytes": 0}))
    assert tight["result"]["x"]["frame"] == 1


def test_a_full_file_system_sends_a_frame_instead(segdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.arange(64, dtype=np.float32)
    make_segment(segdir, x.tobytes())
    monkeypatch.setattr(shm_mod, "RESERVE_BYTES", 1 << 62)  # no room left, as far as the check can tell
    d = dispatcher(segdir)
    header, frames = run(d, request({"x": shm_desc([64])}, {"seg": SEG, "offset": 256, "size": 4096, "minBytes": 0}))
    assert header["result"]["x"]["frame"] == 1
    assert np.array_equal(np.frombuffer(frames[1], np.float32), x)


@pytest.mark.filterwarnings("ignore:The given NumPy array is not writable")
def test_a_handler_that_keeps_request_arrays_pins_the_segment(segdir: Path) -> None:
    make_segment(segdir, np.arange(16, dtype=np.float32).tobytes())
    segs = Segments(str(segdir))
    kept: list[Any] = []
    for keep, expect in [(lambda a: None, False), (kept.append, True), (lambda a: kept.append(a[1:3]), True)]:
        kept.clear()
        leases = Leases()
        arr = segs.array(SEG, 0, np.dtype("<f4"), [16], "params.x", leases)
        keep(arr)
        del arr
        assert leases.kept() is expect
    import torch  # a worker requirement: never absent
    leases = Leases()
    t = torch.from_numpy(segs.array(SEG, 0, np.dtype("<f4"), [4, 4], "params.x", leases)[1])
    assert leases.kept() is True
    del t
    assert leases.kept() is False


def test_dataset_put_over_shared_memory_is_pinned_and_stays_intact(segdir: Path) -> None:
    days, factors = 30, 3
    feats = 7 * factors + 6
    rng = np.random.default_rng(0)
    feat = rng.normal(size=(days, feats)).astype(np.float32)
    rets = rng.normal(size=(days, factors)) * 0.01
    blob = feat.tobytes() + b"\0" * (-feat.nbytes % ALIGN)
    rets_at = len(blob)
    path = make_segment(segdir, blob + rets.tobytes())
    d = dispatcher(segdir)
    params = {
        "features": shm_desc([days, feats]),
        "returns": shm_desc([days, factors], offset=rets_at, dtype="float64"),
        "mask": {"dtype": "bool", "shape": [days, factors], "frame": 1},
        "dates": [f"2020-01-{i + 1:02d}" for i in range(days)],
        "factors": ["a", "b", "c"],
        "handle": "ds1",
    }
    frames = [*request(params, method="dataset.put"), np.ones((days, factors), np.uint8).tobytes()]
    header, _ = run(d, frames)
    assert header["ok"] is True, header
    ds = d.state.handles["dataset:ds1"]
    pinned = header.get("shmPinned") is True
    assert pinned == (ds.features.base is not None and not ds.features.flags.owndata)
    if not pinned:  # the segment is the client's again: it may write the next call's tensors there
        path.write_bytes(b"\xff" * path.stat().st_size)
    assert np.array_equal(ds.features, feat) and np.array_equal(ds.returns, rets)


def test_dispatch_reports_a_kept_array_and_forgets_the_segment(segdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_segment(segdir, np.arange(16, dtype=np.float32).tobytes())
    d = dispatcher(segdir)
    kept: list[Any] = []
    keep = [True]

    def keeper(params: dict[str, Any], _ctx: Any) -> dict[str, Any]:
        if keep[0]:
            kept.append(params["x"][2:])
        return {"x": np.zeros(1, np.float32)}

    monkeypatch.setitem(HANDLERS, "echo", Handler("echo", keeper, True))
    header, _ = run(d, request({"x": shm_desc([16])}))
    assert header["shmPinned"] is True and SEG not in d.state.segments._open  # type: ignore[union-attr]
    assert kept[0][0] == 2.0  # still readable: the mapping lives on with the kept view
    keep[0] = False
    header, _ = run(d, request({"x": shm_desc([16])}))
    assert header["ok"] is True and "shmPinned" not in header


def test_too_large_counts_shared_memory_bytes(segdir: Path) -> None:
    make_segment(segdir, b"\0" * 4096)
    d = dispatcher(segdir, max_message_bytes=1000)
    with pytest.raises(WorkerError) as exc:
        d.parse(request({"x": shm_desc([1024])}))
    assert exc.value.code == "TOO_LARGE" and "shared-memory" in exc.value.message


def test_without_segments_a_shared_memory_tensor_is_rejected(segdir: Path) -> None:
    make_segment(segdir, b"\0" * 64)
    d = Dispatcher(load_contract(), WorkerState())
    with pytest.raises(WorkerError) as exc:
        d.parse(request({"x": shm_desc([4])}))
    assert exc.value.code == "BAD_TENSOR" and "params.x" in exc.value.message


def _bad(segdir: Path, params: dict[str, Any]) -> WorkerError:
    d = dispatcher(segdir)
    with pytest.raises(WorkerError) as exc:
        d.parse(request(params))
    assert exc.value.code == "BAD_TENSOR", exc.value.message
    return exc.value


def test_bad_segment_references_are_typed_errors(segdir: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    make_segment(segdir, b"\0" * 256)
    assert "multiple of 64" in _bad(segdir, {"x": shm_desc([4], offset=8)}).message  # schema: multipleOf
    assert "needs 272 bytes" in _bad(segdir, {"x": shm_desc([4], offset=256)}).message
    assert "cannot open" in _bad(segdir, {"x": shm_desc([4], seg="t2-4242-0badcafe-9")}).message
    for name in ["../etc/passwd", "t2-UPPER", "x2-1", "t2-a/b"]:
        _bad(segdir, {"x": shm_desc([4], seg=name)})


def test_unsafe_segment_files_are_refused(segdir: Path) -> None:
    target = make_segment(segdir, b"\0" * 256)
    os.symlink(target, segdir / "t2-4242-0badcafe-2")
    assert "symbolic link" in _bad(segdir, {"x": shm_desc([4], seg="t2-4242-0badcafe-2")}).message
    make_segment(segdir, b"\0" * 256, name="t2-4242-0badcafe-3", mode=0o644)
    assert "mode 644" in _bad(segdir, {"x": shm_desc([4], seg="t2-4242-0badcafe-3")}).message
    os.mkdir(segdir / "t2-4242-0badcafe-4", 0o700)
    err = _bad(segdir, {"x": shm_desc([4], seg="t2-4242-0badcafe-4")})
    assert "regular file" in err.message or "cannot open" in err.message


def test_direct_calls_validate_offsets_too(segdir: Path) -> None:
    make_segment(segdir, b"\0" * 256)
    segs = Segments(str(segdir))
    for offset in [-64, True, 1.5, 8]:
        with pytest.raises(WorkerError) as exc:
            segs.array(SEG, offset, np.dtype("<f4"), [4], "params.x", Leases())
        assert exc.value.code == "BAD_TENSOR"


def test_removed_segments_leave_the_cache_and_the_cache_is_bounded(segdir: Path) -> None:
    segs = Segments(str(segdir), capacity=2)
    names = [f"t2-4242-0badcafe-{i}" for i in range(4)]
    for n in names:
        make_segment(segdir, b"\0" * 64, name=n)
    segs.array(names[0], 0, np.dtype("u1"), [8], "x", Leases())
    os.unlink(segdir / names[0])
    segs.array(names[1], 0, np.dtype("u1"), [8], "x", Leases())
    assert list(segs._open) == [names[1]]  # the unlinked one was dropped on the next open
    segs.array(names[2], 0, np.dtype("u1"), [8], "x", Leases())
    segs.array(names[3], 0, np.dtype("u1"), [8], "x", Leases())
    assert list(segs._open) == names[2:]
    segs.close()
    assert segs._open == {}
