"""The worker side of the contract: shared fixtures reach the same outcome as in vitest; every error
code the worker raises is in the generated table; every contract method has a handler."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from pyworker.server.contract import load_contract
from pyworker.server.dispatch import Dispatcher
from pyworker.server.errors import WorkerError
from pyworker.server.handlers import HANDLERS
from pyworker.server.state import WorkerState

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "contract").glob("*.json"))


def test_fixtures_exist() -> None:
    assert len(FIXTURES) >= 20


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(path: Path) -> None:
    fx = json.loads(path.read_text())
    frames = [base64.b64decode(f) for f in fx["frames"]]
    d = Dispatcher(load_contract(), WorkerState())
    if fx["expect"].get("ok"):
        req = d.parse(frames)
        assert req.spec.name == fx["expect"]["method"]
    else:
        with pytest.raises(WorkerError) as exc:
            d.parse(frames)
        assert exc.value.code == fx["expect"]["code"], exc.value.message


def test_error_codes_used_by_the_worker_are_in_the_table() -> None:
    codes = set(load_contract().error_codes)
    used: set[str] = set()
    for py in (ROOT / "pyworker").rglob("*.py"):
        used |= set(re.findall(r'WorkerError\(\s*"([A-Z_]+)"', py.read_text()))
    assert used, "expected WorkerError uses in the worker"
    assert used <= codes, f"codes not in the contract table: {sorted(used - codes)}"


def test_every_method_has_a_handler_and_no_extra_handlers() -> None:
    assert set(load_contract().methods) == set(HANDLERS)


def test_too_large_is_rejected_before_decoding() -> None:
    d = Dispatcher(load_contract(), WorkerState(), max_message_bytes=100)
    with pytest.raises(WorkerError) as exc:
        d.parse([b"\x80", b"x" * 200])
    assert exc.value.code == "TOO_LARGE"
