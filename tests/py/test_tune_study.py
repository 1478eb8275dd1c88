"""Studies: resume after interruption, two processes sharing one SQLite study, the log and the DSR."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import optuna
import pytest
import torch
import yaml  # type: ignore[import-untyped]

from pyworker.reference.stats import dsr, sharpe_moments
from pyworker.tune import deflated_sharpe, read_records, run_phase, tune_config_from_dict
from pyworker.tune.cli import main as tune_main

ROOT = Path(__file__).resolve().parents[2]


def _config(tmp: Path, study: str, pruning: bool = False) -> dict[str, Any]:
    d = yaml.safe_load((ROOT / "configs/tune/quick.yaml").read_text())
    d.update(study=study, out_dir=str(tmp), model_config=str(ROOT / "configs/model/test.yaml"),
             train_config=str(ROOT / "configs/train/quick.yaml"))
    d["data"] = {"synthetic": {"T": 300, "N": 3, "seed": 0, "signal_ic": 0.5}, "split": "dates:2018-08-31,2018-12-31"}
    d["pruner"]["enabled"] = pruning
    d["phases"][0].update(epochs=1, n_trials=3)
    d["phases"][0]["space"] = [{"name": "lr", "type": "float", "low": 1e-3, "high": 1e-2, "log": True},
                               {"name": "hidden", "type": "categorical", "choices": [8]}]
    return d


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)


def test_resume_continues_the_study(tmp_path: Path) -> None:
    cfg = tune_config_from_dict(_config(tmp_path, "resume"))
    first = run_phase(cfg, n_trials=2)  # an interrupted run: 2 of 3 trials done
    assert (first.n_finished, first.ran_here) == (2, [0, 1])
    again = run_phase(cfg)  # the same command again loads the study and runs the rest
    assert (again.n_finished, again.ran_here) == (3, [2])
    assert run_phase(cfg).ran_here == []  # nothing left
    recs = read_records(tmp_path / "resume.jsonl")
    assert [r["trial"] for r in recs] == [0, 1, 2]
    study = optuna.load_study(study_name="resume-search", storage=cfg.storage_url())
    attrs = study.trials[2].user_attrs
    assert attrs["data_hash"] == recs[2]["data_hash"] and attrs["seeds"] == [0] and attrs["duration_s"] > 0
    assert set(recs[2]) >= {"params", "model_config", "train_config", "metrics", "split", "val_returns"}


def test_two_processes_share_one_sqlite_study(tmp_path: Path, tune_workers: Callable[..., list[dict[str, Any]]]) -> None:
    d = _config(tmp_path, "shared")
    d["phases"][0]["n_trials"] = 4
    path = tmp_path / "shared.yaml"
    path.write_text(yaml.safe_dump(d))
    numbers = [n for out in tune_workers(path) for n in out["ran_here"]]
    assert len(numbers) == len(set(numbers))  # no trial evaluated twice
    study = optuna.load_study(study_name="shared-search", storage=f"sqlite:///{tmp_path}/shared.db")
    done = [t for t in study.trials if t.state.is_finished()]
    assert sorted(numbers) == sorted(t.number for t in done) and 4 <= len(done) <= 5
    assert len({t.params["lr"] for t in done}) == len(done)  # seeds differ per worker: distinct params
    assert sorted(r["trial"] for r in read_records(tmp_path / "shared.jsonl")) == sorted(numbers)


def test_experiments_cli_and_dsr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tune_config_from_dict(_config(tmp_path, "log"))
    run_phase(cfg)
    log = str(tmp_path / "log.jsonl")
    assert tune_main(["experiments", "list", "--log", log]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["phase", "trial", "state", "val_sharpe", "secs", "params"]
    assert len(lines) == 5 and lines[-1].startswith("best: trial") and "DSR" in lines[-1]
    assert tune_main(["experiments", "show", "--log", log, "--trial", "1"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["trial"] == 1 and "val_returns" not in shown and shown["state"] == "COMPLETE"
    assert tune_main(["experiments", "compare", "--log", log, "--trial", "0", "1"]) == 0
    assert "params.lr" in capsys.readouterr().out
    assert tune_main(["experiments", "show", "--log", log, "--trial", "9"]) == 1
    # the DSR reported next to the best trial is the reference formula over all trials
    recs = read_records(tmp_path / "log.jsonl")
    d = deflated_sharpe(recs)
    srs = [sharpe_moments(np.asarray(r["val_returns"]))["sharpe"] for r in recs]
    best = recs[int(np.argmax(srs))]
    want = dsr(sharpe_moments(np.asarray(best["val_returns"])), 3, float(np.var(srs, ddof=1)))
    assert (d["best_trial"], d["n_trials"]) == (best["trial"], 3)
    assert d["dsr"] == pytest.approx(want["dsr"]) and d["sr0"] == pytest.approx(want["sr0"]) and 0 <= d["dsr"] <= 1
    assert np.isnan(deflated_sharpe(recs[:1])["dsr"])
