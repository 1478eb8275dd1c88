"""Shared-memory tensor handoff for a worker on the client's host (DESIGN 3, issue 2).

A local client may put a tensor's bytes in a segment file under ``/dev/shm`` instead of a ZeroMQ
frame: the descriptor is then ``{dtype, shape, shm: {seg, offset}}``. The client also offers a reply
region ``replyShm: {seg, offset, size, minBytes}`` in the request header; reply tensors of at least
``minBytes`` that fit go there (when /dev/shm has the room; otherwise, and for the rest, frames).
ZeroMQ then carries only the header.

Safety rules, each tested:
- a segment is a plain name (``t2-`` + lowercase letters, digits and dashes) resolved in the segment
  directory, opened with ``O_NOFOLLOW``; the file must be a regular file of this user with no group
  or other permission bits;
- every region is checked against the file's size before it is read;
- request tensors are read-only numpy views over the segment's mapping (no copy). A handler may keep
  them (``dataset.put`` does): after the call the worker checks, with a weak reference to each view,
  whether any is still alive, and if so answers ``shmPinned: true``. The client then never writes
  that segment again, and the worker drops it from its cache, so the kept arrays stay valid.
"""

from __future__ import annotations

import errno
import gc
import mmap
import os
import re
import stat
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyworker.server.errors import WorkerError

SHM_DIR = os.environ.get("T2_SHM_DIR", "/dev/shm")
NAME_RE = re.compile(r"t2-[0-9a-z][0-9a-z-]{0,95}\Z")
ALIGN = 64
"""Offsets of tensors in a segment are multiples of this (cache lines; every dtype's alignment)."""
RESERVE_BYTES = 64 * 1024 * 1024
"""Free space a reply leaves in the segment directory (the check runs only when the file grows)."""


def _bad(path: str, message: str, **details: Any) -> WorkerError:
    return WorkerError("BAD_TENSOR", f"{path}: {message}", {"path": path, **details})


def align_up(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


@dataclass
class _Segment:
    fd: int
    mm: mmap.mmap | None = None
    mapped: int = 0


@dataclass
class Leases:
    """Weak references to the request arrays one call decoded from shared memory."""

    segments: set[str] = field(default_factory=set)
    refs: list[weakref.ref[np.ndarray]] = field(default_factory=list)

    def add(self, seg: str, arr: np.ndarray) -> None:
        self.segments.add(seg)
        self.refs.append(weakref.ref(arr))

    def kept(self) -> bool:
        """True when the handler still holds one of the arrays (or a view of one) after the call."""
        if not any(r() is not None for r in self.refs):
            return False
        gc.collect(0)  # a reference cycle left by an exception is not a keep
        return any(r() is not None for r in self.refs)


class Segments:
    """The worker's open segments: name -> descriptor + mapping (LRU, ``capacity`` kept); thread-safe."""

    def __init__(self, directory: str = SHM_DIR, capacity: int = 16) -> None:
        self.directory = directory
        self.capacity = capacity
        self._open: OrderedDict[str, _Segment] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, name: str, path: str) -> _Segment:
        if not isinstance(name, str) or NAME_RE.match(name) is None:
            raise _bad(path, f"shared-memory segment name {name!r} is not allowed (want t2-[0-9a-z-]+)", seg=str(name))
        seg = self._open.get(name)
        if seg is not None:
            self._open.move_to_end(name)
            return seg
        file = os.path.join(self.directory, name)
        try:
            fd = os.open(file, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError as exc:
            reason = "is a symbolic link" if exc.errno == errno.ELOOP else exc.strerror
            raise _bad(path, f"cannot open shared-memory segment {file}: {reason}", seg=name) from None
        st = os.fstat(fd)
        problem = None
        if not stat.S_ISREG(st.st_mode):
            problem = "is not a regular file"
        elif st.st_uid != os.getuid():
            problem = f"belongs to uid {st.st_uid}, not this worker's uid {os.getuid()}"
        elif st.st_mode & 0o077:
            problem = f"has mode {stat.S_IMODE(st.st_mode):o}; a segment must be private to its user (600)"
        if problem is not None:
            os.close(fd)
            raise _bad(path, f"shared-memory segment {file} {problem}", seg=name)
        seg = _Segment(fd)
        for old in [k for k, v in self._open.items() if os.fstat(v.fd).st_nlink == 0]:
            self._drop(old)  # the client removed it: free its pages now, not at eviction
        self._open[name] = seg
        while len(self._open) > self.capacity:
            self._drop(next(iter(self._open)))
        return seg

    def _drop(self, name: str) -> None:
        seg = self._open.pop(name, None)
        if seg is not None:
            os.close(seg.fd)  # a mapping still referenced by kept arrays lives on until they go

    def _map(self, seg: _Segment, end: int) -> mmap.mmap:
        """The segment's read-write mapping, covering at least ``end`` bytes (the file as it is now)."""
        if seg.mm is None or seg.mapped < end:
            size = os.fstat(seg.fd).st_size
            seg.mm = mmap.mmap(seg.fd, size)  # an old mapping lives on while arrays over it do
            seg.mapped = size
        return seg.mm

    def array(self, name: str, offset: Any, dtype: np.dtype[Any], shape: list[int], path: str, leases: Leases) -> np.ndarray:
        """A read-only view of ``shape`` x ``dtype`` at ``offset`` in segment ``name``."""
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0 or offset % ALIGN:
            raise _bad(path, f"shm offset {offset!r} must be a non-negative multiple of {ALIGN}")
        nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        with self._lock:
            seg = self._get(name, path)
            size = os.fstat(seg.fd).st_size
            if offset + nbytes > size:
                raise _bad(path, f"{dtype.name}{shape} at offset {offset} needs {offset + nbytes} bytes, segment {name} has {size}",
                           seg=name, expected=offset + nbytes, got=size)
            if nbytes == 0:
                return np.empty(shape, dtype)
            view = memoryview(self._map(seg, offset + nbytes))[offset : offset + nbytes].toreadonly()
            arr = np.ndarray(shape, dtype, buffer=view)
        leases.add(name, arr)
        return arr

    def write(self, name: str, offset: int, data: memoryview) -> bool:
        """Copies ``data`` to ``offset`` through the mapping; False when /dev/shm lacks the room (send a frame).

        Through the mapping, not ``pwrite``: pages a client reads with read(2) come back ~3x faster
        when they were first touched through a mapping (measured, docs/benchmarks.md). Writing a
        mapped page that tmpfs cannot allocate is a SIGBUS, so new pages are first checked against
        the file system's free space.
        """
        n = data.nbytes
        with self._lock:  # held while copying: no other thread may remap or close the segment
            seg = self._get(name, "replyShm")
            size = os.fstat(seg.fd).st_size
            if offset + n > size:
                vfs = os.statvfs(self.directory)
                if (offset + n - size) + RESERVE_BYTES > vfs.f_bavail * vfs.f_frsize:
                    return False
                try:
                    os.ftruncate(seg.fd, offset + n)
                except OSError as exc:
                    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                        return False
                    raise
            self._map(seg, offset + n)[offset : offset + n] = data
        return True

    def forget(self, names: set[str]) -> None:
        """Drops pinned segments from the cache: the client will not write them again."""
        with self._lock:
            for name in names:
                self._drop(name)

    def close(self) -> None:
        with self._lock:
            for name in list(self._open):
                self._drop(name)


@dataclass
class ReplyRegion:
    """The part of a client segment that reply tensors may fill, as the request header offered it."""

    segments: Segments
    seg: str
    offset: int
    end: int
    min_bytes: int

    @classmethod
    def from_header(cls, segments: Segments, spec: Any) -> ReplyRegion | None:
        if not isinstance(spec, dict):
            return None
        return cls(segments, spec["seg"], align_up(spec["offset"]), spec["offset"] + spec["size"], spec["minBytes"])

    def place(self, arr: np.ndarray) -> int | None:
        """Writes a C-contiguous array into the region; its offset, or None to send it as a frame."""
        n = arr.nbytes
        if n == 0 or n < self.min_bytes or self.offset + n > self.end:
            return None
        at = self.offset
        if not self.segments.write(self.seg, at, memoryview(arr.data).cast("B")):
            return None
        self.offset = align_up(at + n)
        return at
