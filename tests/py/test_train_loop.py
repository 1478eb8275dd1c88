"""pyworker.train loop: determinism, resume == uninterrupted (epoch boundary and mid-epoch cancel),
progress/log/checkpoint contents, ablation switches, ensemble and CLI. Tiny CPU runs."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from pyworker.data import make_synthetic_dataset, parse_split
from pyworker.model import load_config, load_member
from pyworker.train import (
    TrainError,
    load_checkpoint,
    load_train_config,
    train_ensemble,
    train_member,
)
from pyworker.train.cli import main as cli_main
from pyworker.train.log import read_log

torch.set_num_threads(1)
SPLIT = "dates:2018-05-15,2018-07-15"


@pytest.fixture(scope="module")
def setup():
    ds, _ = make_synthetic_dataset(T=160, N=4, seed=0, missing_rate=0.01)
    mc = load_config("configs/model/test.yaml", n_factors=4)
    split = parse_split(SPLIT, ds, mc.lookback)
    tc = load_train_config("configs/train/quick.yaml", epochs=4, batch_size=16, checkpoint_every=2, patience=10)
    return ds, mc, split, tc


def _weights(path: Path) -> dict[str, torch.Tensor]:
    return load_file(str(path))


def _same(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def _last_model(run: Path) -> dict[str, torch.Tensor]:
    return load_checkpoint(run / "checkpoints" / "last.pt")["model"]


def test_determinism_progress_log_and_checkpoint(setup, tmp_path) -> None:
    ds, mc, split, tc = setup
    seen: list[dict] = []
    a = train_member(ds, split, mc, tc, tmp_path / "a", seed=3, on_progress=seen.append)
    b = train_member(ds, split, mc, tc, tmp_path / "b", seed=3)
    assert a.status == b.status == "completed" and a.epochs_done == 4
    assert _same(_weights(a.member_path), _weights(b.member_path))
    assert _same(_last_model(tmp_path / "a"), _last_model(tmp_path / "b"))
    assert [r["loss"] for r in a.history] == [r["loss"] for r in b.history]
    keys = {"epoch", "epochs", "loss", "loss_return", "loss_cov", "loss_portfolio", "loss_turnover",
            "val_sharpe", "val_ic", "lr", "samples_per_s", "eta_s"}
    assert len(seen) == 4 and keys <= set(seen[0]) and seen[-1]["eta_s"] == 0.0
    assert all(math.isfinite(d["loss"]) for d in seen)
    rows = read_log(tmp_path / "a" / "training_log.csv")
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3, 4]
    ck = load_checkpoint(tmp_path / "a" / "checkpoints" / "last.pt")
    assert ck["data_hash"] == ds.data_hash and ck["seed"] == 3 and ck["status"] == "completed"
    assert ck["train_config"]["epochs"] == 4 and ck["model_config"]["lookback"] == mc.lookback
    assert ck["code_version"] and "optimizer" in ck and "rng_torch" in ck
    _, cfg, meta = load_member(a.member_path)
    assert cfg.n_factors == 4 and meta["best_epoch"] == a.best_epoch and meta["data_hash"] == ds.data_hash
    train_member(ds, split, mc, tc, tmp_path / "c", seed=4)
    assert not _same(_last_model(tmp_path / "a"), _last_model(tmp_path / "c"))


def test_resume_after_kill_and_after_cancel_equals_uninterrupted(setup, tmp_path) -> None:
    ds, mc, split, tc = setup
    full = train_member(ds, split, mc, tc, tmp_path / "full", seed=1)
    stopped = train_member(ds, split, mc, tc, tmp_path / "kill", seed=1, stop_after_epochs=2)
    assert stopped.status == "stopped" and stopped.member_path is None and stopped.epochs_done == 2
    resumed = train_member(ds, split, mc, tc, tmp_path / "kill", seed=1, resume=True)
    assert resumed.status == "completed" and resumed.epochs_done == 4
    assert _same(_last_model(tmp_path / "full"), _last_model(tmp_path / "kill"))
    assert _same(_weights(full.member_path), _weights(resumed.member_path))
    assert len(read_log(tmp_path / "kill" / "training_log.csv")) == 4

    calls = {"n": 0}
    per_epoch = math.ceil(split.train.size / tc.batch_size)
    assert per_epoch >= 2

    def cancel_mid_epoch_2() -> bool:  # polled before each batch: stop before batch 2 of epoch 2
        calls["n"] += 1
        return calls["n"] == per_epoch + 2

    cancelled = train_member(ds, split, mc, tc, tmp_path / "cancel", seed=1, should_stop=cancel_mid_epoch_2)
    assert cancelled.status == "cancelled"
    ck = load_checkpoint(tmp_path / "cancel" / "checkpoints" / "last.pt")
    assert ck["status"] == "cancelled" and (ck["epoch"], ck["batch"]) == (2, 1)
    again = train_member(ds, split, mc, tc, tmp_path / "cancel", seed=1, resume=True)
    assert again.status == "completed"
    assert _same(_last_model(tmp_path / "full"), _last_model(tmp_path / "cancel"))
    assert [r["loss"] for r in again.history] == [r["loss"] for r in full.history]

    other, _ = make_synthetic_dataset(T=160, N=4, seed=9)
    train_member(ds, split, mc, tc, tmp_path / "x", seed=1, stop_after_epochs=2)
    with pytest.raises(TrainError, match="data_hash"):
        train_member(other, parse_split(SPLIT, other, mc.lookback), mc, tc, tmp_path / "x", seed=1, resume=True)


@pytest.mark.parametrize("change", [
    {"alpha": 0.0}, {"beta": 0.0}, {"gamma": 0.0}, {"gamma": 0.0, "beta": 0.0},
    {"portfolio_layer": False}, {"lambda_tc": 0.5},
])
def test_ablation_switches_run(setup, tmp_path, change) -> None:
    ds, mc, split, tc = setup
    res = train_member(ds, split, mc, tc.replace(epochs=1, **change), tmp_path / "r", seed=0)
    row = res.history[0]
    assert res.status == "completed" and math.isfinite(row["loss"]) and math.isfinite(row["val_ic"])
    if change.get("gamma") == 0.0:
        assert row["loss_portfolio"] == 0.0
    if "lambda_tc" in change:
        assert row["loss_turnover"] > 0.0


def test_ensemble_and_cli(setup, tmp_path) -> None:
    ds, mc, split, tc = setup
    res = train_ensemble(ds, split, mc, tc.replace(epochs=1), seeds=[0, 1], run_dir=tmp_path / "ens")
    assert res.status == "completed" and [p.parent.name for p in res.members] == ["seed_0", "seed_1"]
    assert math.isfinite(res.ensemble_val_ic)
    assert json.loads((tmp_path / "ens" / "ensemble.json").read_text())["members"] == [str(p) for p in res.members]
    ds.to_npz(tmp_path / "d.npz")
    cfg = tmp_path / "t.yaml"
    cfg.write_text("epochs: 1\nbatch_size: 16\ndevice: cpu\n")
    argv = ["train", "--dataset", str(tmp_path / "d.npz"), "--model-config", "configs/model/test.yaml",
            "--train-config", str(cfg), "--out", str(tmp_path / "cli"), "--split", SPLIT, "--seeds", "0", "--quiet"]
    assert cli_main(argv) == 0
    assert (tmp_path / "cli" / "seed_0" / "member.safetensors").is_file()
    assert cli_main([*argv, "--resume"]) == 0  # a finished run resumes to a no-op
    assert cli_main([*argv[:-5], "--split", "weekly", "--quiet"]) == 1
