"""`python -m pyworker profile` on CPU (tiny, short window) and, where a GPU exists, the CUDA path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from pyworker.model.profile import main as profile_main

ROOT = Path(__file__).resolve().parents[2]
TINY = str(ROOT / "configs/model/tiny.yaml")


def test_profile_cpu_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "profile.json"
    argv = ["--config", TINY, "--device", "cpu", "--batch", "2", "--steps", "1", "--warmup", "0",
            "--latency-runs", "2", "--n-factors", "4", "--lookback", "8", "--threads", "1", "--out", str(out)]
    assert profile_main(argv) == 0
    table = capsys.readouterr().out
    assert "forward / batch 2" in table and "inference latency (B=1)" in table
    res = json.loads(out.read_text())
    assert (res["device"], res["slstm_backend"], res["bf16"], res["compiled"]) == ("cpu", "vanilla", False, False)
    assert (res["batch"], res["lookback"], res["n_factors"]) == (2, 8, 4)
    assert res["forward_ms"] > 0 and res["backward_ms"] > 0 and res["latency_ms_median"] > 0
    assert res["peak_memory_mib"] > 10


def test_profile_refuses_cuda_without_gpu(capsys: pytest.CaptureFixture[str]) -> None:
    if torch.cuda.is_available():
        pytest.skip("checks the refusal of --device cuda on a machine without CUDA; this one has a GPU")
    assert profile_main(["--config", TINY, "--device", "cuda"]) == 2
    assert "cuda" in capsys.readouterr().err


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (bf16 autocast, compile, sLSTM kernel)")
def test_profile_cuda_bf16_compile(tmp_path: Path) -> None:
    out = tmp_path / "profile.json"
    argv = ["--config", TINY, "--device", "cuda", "--batch", "16", "--steps", "2", "--latency-runs", "3",
            "--out", str(out)]
    assert profile_main(argv) == 0
    res = json.loads(out.read_text())
    assert res["bf16"] and res["compiled"] and res["slstm_backend"] in ("cuda", "vanilla")
    assert res["peak_memory_kind"] == "torch.cuda.max_memory_allocated"


def test_compile_model_is_in_place_and_skips_slstm() -> None:
    from pyworker.model import build_model, compile_model, load_config

    model = build_model(load_config(TINY, n_factors=3), seed=0)
    keys = list(model.state_dict())
    parts = compile_model(model)  # lazy: nothing is traced until the first call
    assert parts == ["encoder.input_proj", "encoder.stack.blocks.1", "encoder.stack.blocks.2",
                     "return_head", "covariance_head"]
    assert list(model.state_dict()) == keys  # no `_orig_mod.` prefixes: checkpoints unchanged
