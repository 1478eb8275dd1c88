"""Two worker processes share one study on PostgreSQL (optuna RDB storage via psycopg2), as on several machines.

A throwaway cluster (initdb + pg_ctl in a temp folder, trust auth on 127.0.0.1, fsync off) lives for
this module only. As root, the server runs as ``nobody`` (PostgreSQL refuses to run as root).
Skipped only when the PostgreSQL server binaries are absent (``apt-get install -y postgresql``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import optuna
import pytest
import yaml  # type: ignore[import-untyped]

from pyworker.tune import read_records

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> Path | None:
    """Folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/*/bin (Debian)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name))
    return Path(dirs[-1]) if dirs and Path(dirs[-1], "initdb").is_file() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; install them with apt-get install -y postgresql")
    base = Path(tempfile.mkdtemp(prefix="t2-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb and postgres refuse root: run the server as nobody
        pw = pwd.getpwnam("nobody")
        os.chown(base, pw.pw_uid, pw.pw_gid)
        run_as = ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups"]
    data, port = base / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C"}
    subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True, env=env, timeout=120)
    opts = f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"
    subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(base / "server.log"),
                    "-w", "-t", "60", "start"], check=True, capture_output=True, env=env, timeout=90)
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, env=env, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def test_two_processes_share_one_postgres_study(tmp_path: Path, postgres_url: str,
                                                 tune_workers: Callable[..., list[dict[str, Any]]]) -> None:
    d = yaml.safe_load((ROOT / "configs/tune/quick.yaml").read_text())
    d.update(study="pg", out_dir=str(tmp_path), model_config=str(ROOT / "configs/model/test.yaml"),
             train_config=str(ROOT / "configs/train/quick.yaml"), storage=postgres_url)
    d["data"] = {"synthetic": {"T": 300, "N": 3, "seed": 0, "signal_ic": 0.5}, "split": "dates:2018-08-31,2018-12-31"}
    d["pruner"]["enabled"] = False
    d["phases"][0].update(epochs=1, n_trials=3)
    d["phases"][0]["space"] = [{"name": "lr", "type": "float", "low": 1e-3, "high": 1e-2, "log": True},
                               {"name": "hidden", "type": "categorical", "choices": [8]}]
    path = tmp_path / "pg.yaml"
    path.write_text(yaml.safe_dump(d))
    outs = tune_workers(path)
    numbers = [n for o in outs for n in o["ran_here"]]
    assert len(numbers) == len(set(numbers))  # no trial evaluated twice
    study = optuna.load_study(study_name="pg-search", storage=postgres_url)
    done = [t for t in study.trials if t.state.is_finished()]
    assert sorted(numbers) == sorted(t.number for t in done) and 3 <= len(done) <= 4
    assert len({t.params["lr"] for t in done}) == len(done)
    assert {o["best_trial"] for o in outs} <= {t.number for t in done}
    records = read_records(tmp_path / "pg.jsonl")
    assert sorted(r["trial"] for r in records) == sorted(numbers)
    by = {r["trial"]: r for r in records}
    assert all(t.user_attrs["data_hash"] == by[t.number]["data_hash"] for t in done)  # the log lives in the database too
