"""pytest setup: import the worker from the repo root; keep torch to few threads on small CI boxes.

Shared fixture: ``tune_workers`` runs ``python -m pyworker tune run`` as two processes on one study.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("OMP_NUM_THREADS", "2")


def _run_tune_workers(config: Path, workers: int = 2) -> list[dict[str, object]]:
    """Start ``workers`` tune-run processes on ``config`` at once; their final JSON lines, in order."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}
    procs = [subprocess.Popen([sys.executable, "-m", "pyworker", "tune", "run", "--config", str(config),
                               "--worker", str(k), "--threads", "1"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for k in range(workers)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    return [json.loads(o[0].strip().splitlines()[-1]) for o in outs]


@pytest.fixture
def tune_workers() -> Callable[..., list[dict[str, object]]]:
    """``tune_workers(config_path)`` -> each worker process's summary (``ran_here``, ``best_trial``, ...)."""
    return _run_tune_workers
