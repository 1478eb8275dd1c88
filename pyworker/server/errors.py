"""WorkerError: the typed failure a handler raises; its code comes from the contract's error table."""

from __future__ import annotations

from typing import Any


class WorkerError(Exception):
    """A failure reported to the caller as ``{ok: false, error: {code, message, details}}``."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None, req_id: str = "?") -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.details = details or {}
        self.req_id = req_id
        """The request id this error answers ("?" when the header could not be read)."""
