"""In-process entry for the pythonia transport: the same Dispatcher and handlers as the ZeroMQ
server, called from Node without sockets. Frames cross as base64 strings, since pythonia carries
values as JSON (never tensors as number lists, DESIGN 3). Jobs run synchronously here; their
progress events are returned before the reply, in order.
"""

from __future__ import annotations

import base64
from typing import Any

from pyworker.server.codec import Buffer
from pyworker.server.contract import load_contract
from pyworker.server.dispatch import Dispatcher
from pyworker.server.errors import WorkerError
from pyworker.server.state import WorkerState


def _b(f: Buffer) -> str:
    return base64.b64encode(f).decode("ascii")


class InProcWorker:
    def __init__(self, allow_debug: bool = False) -> None:
        self.dispatcher = Dispatcher(load_contract(), WorkerState(allow_debug=allow_debug))

    def dispatch(self, frames_b64: list[str]) -> list[list[str]]:
        """One request in (base64 frames), every outgoing message (progress..., reply) out."""
        out: list[list[str]] = []
        try:
            frames: list[Any] = [base64.b64decode(f, validate=True) for f in frames_b64]
        except Exception:
            err = WorkerError("BAD_MESSAGE", "frames are not valid base64")
            return [[_b(f) for f in self.dispatcher.error_frames(err)]]
        try:
            req = self.dispatcher.parse(frames)
        except WorkerError as err:
            return [[_b(f) for f in self.dispatcher.error_frames(err)]]
        self.dispatcher.run(req, lambda msg: out.append([_b(f) for f in msg]))
        return out


def create(allow_debug: bool = False) -> InProcWorker:
    return InProcWorker(allow_debug)


def _read_frames(path: str, sizes: list[int]) -> list[Any]:
    with open(path, "rb") as fh:
        data = fh.read()
    mv = memoryview(data)
    frames: list[Any] = []
    off = 0
    for n in sizes:
        frames.append(mv[off : off + n])
        off += n
    if off != len(data):
        raise WorkerError("BAD_MESSAGE", f"handoff file {path} holds {len(data)} bytes, frames say {off}")
    return frames


class FileHandoff:
    """Frames cross through a file on tmpfs (/dev/shm): only paths and sizes go through pythonia's JSON."""

    def __init__(self, worker: InProcWorker) -> None:
        self.worker = worker

    def dispatch(self, path_in: str, sizes: list[int], path_out: str) -> list[list[int]]:
        """Reads a request from ``path_in``; writes every outgoing message to ``path_out``, concatenated.

        Returns, per outgoing message, the byte sizes of its frames."""
        d = self.worker.dispatcher
        out: list[list[Buffer]] = []
        try:
            frames = _read_frames(path_in, [int(s) for s in sizes])
            req = d.parse(frames)
            d.run(req, out.append)
        except WorkerError as err:
            out.append(d.error_frames(err))
        with open(path_out, "wb") as fh:
            for msg in out:
                for f in msg:
                    fh.write(f)
        return [[len(f) if isinstance(f, bytes) else f.nbytes for f in msg] for msg in out]


def create_file_handoff(allow_debug: bool = False) -> FileHandoff:
    return FileHandoff(InProcWorker(allow_debug))
