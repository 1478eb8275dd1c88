"""Dispatcher: frames in -> validated request -> handler -> progress/reply frames out.

Shared by the ZeroMQ server and the in-process (pythonia) entry, so both transports run the same
validation and the same handlers.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pyworker.server import codec
from pyworker.server.contract import Contract, MethodSpec
from pyworker.server.errors import WorkerError
from pyworker.server.handlers import HANDLERS, Handler
from pyworker.server.shm import Leases, ReplyRegion
from pyworker.server.state import WorkerState

log = logging.getLogger("pyworker.dispatch")
Emit = Callable[[list[codec.Buffer]], None]
_NEVER_CANCELLED = threading.Event()
"""The ``cancelled`` event of inline calls: they run on the loop thread, so nothing cancels them."""


@dataclass
class JobContext:
    """What a handler gets besides its params: cancellation, progress, shared worker state."""

    id: str
    state: WorkerState
    cancelled: threading.Event
    _emit_progress: Callable[[dict[str, Any]], None]

    def progress(self, **data: Any) -> None:
        self._emit_progress(data)

    def check_cancelled(self) -> None:
        if self.cancelled.is_set():
            raise WorkerError("CANCELLED", f"job {self.id} was cancelled")


@dataclass
class Request:
    id: str
    spec: MethodSpec
    handler: Handler
    params: dict[str, Any]
    leases: Leases | None = None
    """Weak references to the request's shared-memory arrays (None: no shared memory)."""
    reply: ReplyRegion | None = None
    """The client's shared-memory region for reply tensors, when it offered one."""


class Dispatcher:
    def __init__(self, contract: Contract, state: WorkerState, max_message_bytes: int | None = None) -> None:
        self.contract = contract
        self.state = state
        self.max_bytes = max_message_bytes or contract.max_message_bytes
        missing = set(contract.methods) - set(HANDLERS)
        if missing:
            raise RuntimeError(f"contract methods without a handler: {sorted(missing)}")

    def parse(self, frames: Sequence[codec.Buffer]) -> Request:
        """Validates a whole message; raises WorkerError (with ``.req_id`` when known)."""
        req_id = "?"
        try:
            total = sum(len(f) if isinstance(f, bytes) else f.nbytes for f in frames)
            if total > self.max_bytes:
                raise WorkerError("TOO_LARGE", f"message of {total} bytes exceeds the limit of {self.max_bytes}")
            if not frames:
                raise WorkerError("BAD_MESSAGE", "empty message")
            header = codec.unpack_header(frames[0])
            if isinstance(header.get("id"), str):
                req_id = header["id"]
            spec = self.contract.validate_request(header)
            total += codec.shm_bytes(header["params"])
            if total > self.max_bytes:
                raise WorkerError("TOO_LARGE", f"message of {total} bytes (shared-memory tensors included) exceeds the limit of {self.max_bytes}")
            segments = self.state.segments  # None: shm descriptors are rejected and replyShm is ignored
            src = codec.ShmSource(segments, Leases()) if segments is not None else None
            params = codec.decode_tensors(header["params"], frames, shm=src)
            self.contract.check_finite(spec, params)
            reply = ReplyRegion.from_header(segments, header.get("replyShm")) if segments is not None else None
            return Request(req_id, spec, HANDLERS[spec.name], params, src.leases if src and src.leases.refs else None, reply)
        except WorkerError as exc:
            exc.req_id = req_id
            raise

    def error_frames(self, err: WorkerError) -> list[codec.Buffer]:
        return codec.encode_error(err.req_id, err, self.contract.version)

    def run(self, req: Request, emit: Emit) -> None:
        """Runs the handler; emits progress events and exactly one reply.

        Only pool jobs are registered in ``state.jobs`` (cancel, BUSY, health's count): an inline
        handler runs on the loop thread, where no cancel can arrive before it returns, so it skips
        that bookkeeping (an Event and two lock round trips per call on the hot echo path).
        """
        v = self.contract.version
        tracked = not req.handler.inline
        cancelled = threading.Event() if tracked else _NEVER_CANCELLED
        if tracked:
            with self.state.lock:
                self.state.jobs[req.id] = cancelled
        ctx = JobContext(req.id, self.state, cancelled, lambda d: emit(codec.encode_progress(req.id, d, v)))
        t0 = time.perf_counter()
        if req.spec.long:
            log.info("job %s started", req.spec.name, extra={"reqId": req.id})
        body: Any = None
        out: list[codec.Buffer] = []
        error: WorkerError | None = None
        try:
            body, out = codec.plain_result(req.handler.fn(req.params, ctx), req.reply)
        except WorkerError as err:
            error = err
        except Exception as exc:  # a handler bug: report it, keep the worker alive
            log.error("handler %s failed: %s", req.spec.name, traceback.format_exc(), extra={"reqId": req.id})
            error = WorkerError("INTERNAL", f"{type(exc).__name__}: {exc}", {"type": type(exc).__name__})
        finally:
            if tracked:
                with self.state.lock:
                    self.state.jobs.pop(req.id, None)
            if req.spec.long:
                log.info("job %s ended after %.1f s", req.spec.name, time.perf_counter() - t0, extra={"reqId": req.id})
        emit(self._reply(req, body, out, error))

    def _reply(self, req: Request, body: Any, out: list[codec.Buffer], error: WorkerError | None) -> list[codec.Buffer]:
        """The reply frames; ``shmPinned`` when the handler kept request arrays that live in shared memory."""
        pinned = False
        if req.leases is not None:
            req.params = {}  # the dispatcher's own references go first
            pinned = req.leases.kept()
            if pinned and self.state.segments is not None:
                log.info("handler %s kept shared-memory arrays; segment left to it", req.spec.name, extra={"reqId": req.id})
                self.state.segments.forget(req.leases.segments)
        v = self.contract.version
        if error is not None:
            return codec.encode_error(req.id, error, v, pinned)
        return codec.pack_reply(req.id, body, out, v, pinned)
