"""Model configs: strict loading (unknown keys / wrong types name their path), sizes, `model info`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pyworker.model import ModelConfig, ModelConfigError, config_from_dict, input_width, load_config
from pyworker.model.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "configs/model/full.yaml"
TINY = ROOT / "configs/model/tiny.yaml"


def test_full_config_matches_prd_section_4() -> None:
    cfg = load_config(FULL)
    assert (cfg.lookback, cfg.n_factors, cfg.in_features) == (250, 100, 706)  # PRD 4.1
    enc = cfg.encoder
    assert (enc.hidden, enc.num_blocks, enc.slstm_at) == (1024, 6, (0, 1))  # PRD 4.2
    assert enc.dropout == (0.1, 0.1, 0.1, 0.15, 0.15, 0.2)
    assert cfg.return_head.hidden == (512, 256) and cfg.return_head.dropout == 0.2  # PRD 4.3
    assert cfg.covariance_head.hidden == (512, 256) and cfg.covariance_head.latent_factors == 20  # PRD 4.4
    assert cfg == ModelConfig()  # the dataclass defaults are the PRD model


def test_n_factors_override_sets_input_width() -> None:
    cfg = load_config(TINY, n_factors=8)
    assert cfg.n_factors == 8 and cfg.in_features == 62 == input_width(8)


def test_round_trip_through_dict_is_identity() -> None:
    cfg = load_config(TINY, n_factors=5)
    assert config_from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"encoder": {"hidden_size": 3}}, "encoder.hidden_size: unknown key"),
        ({"covariance_head": {"latent_factors": "20"}}, "covariance_head.latent_factors: expected an integer"),
        ({"encoder": {"dropout": [0.1, "x"]}}, "encoder.dropout[1]: expected a number"),
        ({"encoder": {"dropout": [0.1, 0.1]}}, "encoder.dropout: needs 3 rates"),
        ({"encoder": {"slstm_at": [5]}}, "encoder.slstm_at[0]: 5 is not a block index"),
        ({"encoder": {"slstm_backend": "triton"}}, "encoder.slstm_backend: 'triton' is not one of"),
        ({"lookbak": 60}, "lookbak: unknown key"),
    ],
)
def test_bad_keys_raise_with_their_path(tmp_path: Path, patch: dict, message: str) -> None:
    data = yaml.safe_load(TINY.read_text())
    for key, value in patch.items():
        if isinstance(value, dict):
            data[key].update(value)
        else:
            data[key] = value
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ModelConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ModelConfigError, match="cannot read"):
        load_config(tmp_path / "nope.yaml")


def test_info_cli_full_parameter_count(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["info", "--config", str(FULL), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    counts = info["parameters"]
    # Exact count of our build (docs/model.md explains the gap to PRD's ~44M).
    assert counts == {
        "encoder.input_proj": 723_968,
        "encoder.block0.slstm": 6_238_208,
        "encoder.block1.slstm": 6_238_208,
        "encoder.block2.mlstm": 6_380_552,
        "encoder.block3.mlstm": 6_380_552,
        "encoder.block4.mlstm": 6_380_552,
        "encoder.block5.mlstm": 6_380_552,
        "encoder.post_norm": 1_024,
        "encoder.total": 38_723_616,
        "return_head": 681_828,
        "covariance_head": 1_249_798,
        "total": 40_655_242,
    }
    assert abs(counts["total"] / 44e6 - 1) < 0.1  # PRD 4.4: ~44M


def test_info_cli_table_and_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli_main(["info", "--config", str(TINY), "--n-factors", "8"]) == 0
    out = capsys.readouterr().out
    assert "N = 8, F = 7N+6 = 62, lookback = 60" in out and "total" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nextra: 1\n")
    assert cli_main(["info", "--config", str(bad)]) == 2
    assert "extra: unknown key" in capsys.readouterr().err


def test_docstring_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest

    import pyworker.model.config as config_mod
    import pyworker.model.ensemble as ensemble_mod
    import pyworker.model.forecaster as forecaster_mod

    monkeypatch.chdir(ROOT)  # examples use repo-relative config paths
    for mod in (config_mod, forecaster_mod, ensemble_mod):
        result = doctest.testmod(mod, raise_on_error=False)
        assert result.attempted > 0 and result.failed == 0, mod.__name__
