"""``tune export``: the JSON the SDK's tuning report renders (trials, DSR from the worker, ablation rows).

Input: the committed outputs of a real tiny run (tests/ts/tune/fixtures, regenerate.py there).
"""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from pyworker.tune import deflated_sharpe, read_records
from pyworker.tune import export as export_module
from pyworker.tune.cli import main as tune_main
from pyworker.tune.export import SCHEMA, export_summary

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "ts" / "tune" / "fixtures"
LOG, ABL = FIX / "tune-tiny.jsonl", FIX / "ablate-tiny" / "ablation.json"


def test_export_holds_every_trial_the_dsr_and_the_ablation_rows() -> None:
    out = export_summary([LOG], [ABL], "2026-01-01T00:00:00+00:00")
    assert out["schema"] == SCHEMA and out["created_at"] == "2026-01-01T00:00:00+00:00"
    records = read_records(LOG)
    (exp,) = out["experiments"]
    assert exp["study"] == "tune-tiny" and exp["dir"] == str(LOG.with_suffix(""))
    assert [(t["phase"], t["trial"], t["state"]) for t in exp["trials"]] == \
        sorted((r["phase"], r["trial"], r["state"]) for r in records)
    by = {r["trial"]: r for r in records}
    for t in exp["trials"]:
        r = by[t["trial"]]
        assert (t["params"], t["seeds"], t["duration_s"]) == (r["params"], r["seeds"], r["duration_s"])
        if r["state"] == "COMPLETE":
            assert t["val_sharpe"] == r["metrics"]["val_sharpe"] and t["data_hash"] == r["data_hash"]
            assert t["config"].startswith("lookback 10, hidden ") and f"lr {r['params']['lr']:.4g}" in t["config"]
        else:
            assert t["val_sharpe"] is None and t["config"].startswith("(configs not recorded")
    assert any(t["state"] == "PRUNED" for t in exp["trials"])
    want = deflated_sharpe(records)
    assert exp["deflated"] == pytest.approx(want) and 0 <= exp["deflated"]["dsr"] <= 1  # the worker's DSR, as is
    assert "val_returns" not in json.dumps(out)
    (abl,) = out["ablations"]
    src = json.loads(ABL.read_text())
    assert abl["name"] == "ablate-tiny" and abl["bootstrap"] == src["bootstrap"]
    assert [(r["variant"], r["delta"], r["ci_low"], r["ci_high"]) for r in abl["rows"]] == \
        [(r["variant"], r["delta"], r["ci_low"], r["ci_high"]) for r in src["rows"]]
    json.dumps(out, allow_nan=False)  # strict JSON


def test_non_finite_numbers_become_null() -> None:
    out = export_summary([LOG], [], "")
    one = export_summary([FIX / "missing.jsonl"], [], "")  # an absent log is an empty study
    assert one["experiments"][0]["trials"] == [] and one["experiments"][0]["deflated"]["dsr"] is None
    assert math.isfinite(out["experiments"][0]["deflated"]["dsr"])


def test_export_cli_writes_json_and_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "t.json"
    assert tune_main(["export", "--log", str(LOG), "--ablation", str(ABL), "--out", str(dest)]) == 0
    data = json.loads(dest.read_text())
    assert len(data["experiments"][0]["trials"]) == len(read_records(LOG)) and len(data["ablations"]) == 1
    assert tune_main(["export", "--log", str(LOG)]) == 0
    assert json.loads(capsys.readouterr().out)["ablations"] == []
    assert tune_main(["export", "--ablation", str(tmp_path / "nope.json")]) == 1
    assert "not found" in capsys.readouterr().err
    assert tune_main(["export"]) == 1
    assert "at least one" in capsys.readouterr().err
    # by config: <out_dir>/<study>.jsonl and <out_dir>/<name>/ablation.json
    tune_cfg = yaml.safe_load((ROOT / "configs/tune/quick.yaml").read_text()) | {"study": "tune-tiny", "out_dir": str(FIX)}
    abl_cfg = yaml.safe_load((ROOT / "configs/tune/ablate-quick.yaml").read_text()) | {"name": "ablate-tiny",
                                                                                       "out_dir": str(FIX)}
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(tune_cfg))
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(abl_cfg))
    assert tune_main(["export", "--config", str(tmp_path / "t.yaml"), "--ablation-config", str(tmp_path / "a.yaml")]) == 0
    by_cfg = json.loads(capsys.readouterr().out)
    assert (by_cfg["experiments"][0]["log"], by_cfg["ablations"][0]["path"]) == (str(LOG), str(ABL))


def test_config_summary_doctest() -> None:
    assert doctest.testmod(export_module).failed == 0
