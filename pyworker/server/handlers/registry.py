"""The @handler decorator and the table it fills."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

HandlerFn = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass(frozen=True)
class Handler:
    name: str
    fn: HandlerFn
    inline: bool
    """Run on the server's loop thread (cheap control calls); otherwise in the job pool."""


HANDLERS: dict[str, Handler] = {}


def handler(name: str, *, inline: bool = False) -> Callable[[HandlerFn], HandlerFn]:
    def register(fn: HandlerFn) -> HandlerFn:
        if name in HANDLERS:
            raise RuntimeError(f"handler {name!r} registered twice")
        HANDLERS[name] = Handler(name, fn, inline)
        return fn

    return register
