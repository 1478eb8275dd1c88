"""Tuning configs: strict YAML (unknown keys and knobs fail naming them), knobs, the numbered grid."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import optuna
import pytest
import yaml  # type: ignore[import-untyped]

from pyworker.model import load_config
from pyworker.train import TrainConfig
from pyworker.tune import (
    NumberedGridSampler,
    TuneConfigError,
    apply_params,
    load_ablation_config,
    load_tune_config,
    suggest,
    tune_config_from_dict,
)

ROOT = Path(__file__).resolve().parents[2]
QUICK = yaml.safe_load((ROOT / "configs/tune/quick.yaml").read_text())


def test_shipped_configs_load() -> None:
    quick = load_tune_config(ROOT / "configs/tune/quick.yaml")
    prd = load_tune_config(ROOT / "configs/tune/prd.yaml")
    abl = load_ablation_config(ROOT / "configs/tune/ablate-quick.yaml")
    assert quick.storage_url() == "sqlite:///runs/tune/quick.db"
    assert [(p.name, p.sampler, p.n_trials, p.epochs) for p in prd.phases] == [
        ("tier1", "grid", 36, 50), ("tier2", "random", 100, 20), ("tier3", "tpe", 50, 300)]
    assert len(NumberedGridSampler(prd.phases[0].space).grid) == 36  # PRD 8.2: 4 x 3 x 3
    assert abl.variants[0] == "default" and len(abl.variants) == 12


@pytest.mark.parametrize(("path", "value", "message"), [
    (("colour",), "red", "colour: unknown key"),
    (("data", "synthetic", "TT"), 5, "data.synthetic.TT: unknown key"),
    (("phases", 0, "space", 0, "lo"), 1, "phases[0].space[0].lo: unknown key"),
    (("pruner", "patience"), 3, "pruner.patience: unknown key"),
])
def test_unknown_keys_fail_naming_them(path: tuple[Any, ...], value: Any, message: str) -> None:
    d = copy.deepcopy(QUICK)
    node = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    with pytest.raises(TuneConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        tune_config_from_dict(d, "quick.yaml")


def test_unknown_knob_and_bad_phase_fail() -> None:
    d = copy.deepcopy(QUICK)
    d["phases"][0]["space"].append({"name": "learning_rate", "type": "float", "low": 0.1, "high": 1.0})
    with pytest.raises(TuneConfigError, match="unknown knob 'learning_rate'"):
        tune_config_from_dict(d)
    d = copy.deepcopy(QUICK)
    d["phases"][0]["sampler"] = "grid"
    with pytest.raises(TuneConfigError, match="grid sampler needs categorical"):
        tune_config_from_dict(d)
    d = copy.deepcopy(QUICK)
    d["phases"][0]["inherit_best"] = ["later"]
    with pytest.raises(TuneConfigError, match="inherit_best 'later'"):
        tune_config_from_dict(d)


def test_apply_params_changes_what_it_names() -> None:
    base = load_config(ROOT / "configs/model/test.yaml")
    m, t = apply_params(base, TrainConfig(), {"layers": 3, "slstm_blocks": 2, "dropout": 0.2, "hidden": 8,
                                               "lookback": 20, "latent_factors": 3, "lr": 1e-3, "gamma": 0.0})
    assert (m.encoder.num_blocks, m.encoder.slstm_at, m.encoder.dropout) == (3, (0, 1), (0.2, 0.2, 0.2))
    assert (m.encoder.hidden, m.lookback, m.covariance_head.latent_factors) == (8, 20, 3)
    assert (m.return_head.dropout, m.covariance_head.dropout, t.lr, t.gamma) == (0.2, 0.2, 1e-3, 0.0)
    with pytest.raises(TuneConfigError, match="slstm_blocks"):
        apply_params(base, TrainConfig(), {"slstm_blocks": 5})
    with pytest.raises(TuneConfigError, match="invalid config"):
        apply_params(base, TrainConfig(), {"hidden": 7})


def test_encoder_kind_knob_switches_the_architecture() -> None:
    tiny = load_config(ROOT / "configs/model/tiny.yaml")  # xlstm with an sLSTM block
    m, _ = apply_params(tiny, TrainConfig(), {"encoder_kind": "transformer", "layers": 2})
    assert (m.encoder.kind, m.encoder.slstm_at, m.encoder.num_blocks) == ("transformer", (), 2)
    m, _ = apply_params(tiny, TrainConfig(), {"encoder_kind": "xlstm"})
    assert m.encoder.slstm_at == tiny.encoder.slstm_at
    with pytest.raises(TuneConfigError, match="invalid config"):
        apply_params(tiny, TrainConfig(), {"encoder_kind": "gru"})


def test_numbered_grid_gives_each_trial_number_its_own_point() -> None:
    cfg = load_tune_config(ROOT / "configs/tune/prd.yaml")
    phase = cfg.phases[0]
    study = optuna.create_study(sampler=NumberedGridSampler(phase.space), direction="maximize")
    seen = []
    for _ in range(36):
        trial = study.ask()
        seen.append(tuple(suggest(trial, phase.space).values()))
        study.tell(trial, 0.0)
    assert len(set(seen)) == 36
