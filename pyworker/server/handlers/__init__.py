"""Handler registry: wire method name -> function. Every contract method must have one."""

from __future__ import annotations

from pyworker.server.handlers import core, model, portfolio  # noqa: F401  (registers the methods)
from pyworker.server.handlers.registry import HANDLERS, Handler, handler

__all__ = ["HANDLERS", "Handler", "handler"]
