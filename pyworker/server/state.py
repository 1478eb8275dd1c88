"""WorkerState: what one worker process holds between calls (start time, jobs, datasets, models)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from pyworker.server.shm import Segments


@dataclass
class WorkerState:
    allow_debug: bool = False
    max_jobs: int = 4
    started: float = field(default_factory=time.monotonic)
    jobs: dict[str, threading.Event] = field(default_factory=dict)
    handles: dict[str, Any] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    segments: Segments | None = None
    """Shared-memory segments of local clients (``segments.directory``); None: frames only."""

    def uptime(self) -> float:
        return time.monotonic() - self.started
