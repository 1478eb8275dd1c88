"""Plan B encoders (PRD 14.1): encoder.kind lstm | transformer build, train, save/load, compile, profile; causality."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
import torch
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from safetensors import safe_open
from safetensors.torch import save_file

from pyworker.data import make_synthetic_dataset, parse_split
from pyworker.model import (
    Ensemble,
    LSTMEncoder,
    ModelConfig,
    ModelConfigError,
    TransformerEncoder,
    XLSTMEncoder,
    build_model,
    compile_model,
    config_from_dict,
    load_config,
    load_member,
    parameter_breakdown,
    read_member_header,
    save_member,
)
from pyworker.model.profiling import ProfileSettings, profile_model
from pyworker.train import load_train_config, train_member
from pyworker.train.log import read_log

ROOT = Path(__file__).resolve().parents[2]
N = 4
F = 7 * N + 6
CONFIGS = {"xlstm": "tiny.yaml", "lstm": "lstm.yaml", "transformer": "transformer.yaml"}
ENCODERS = {"xlstm": XLSTMEncoder, "lstm": LSTMEncoder, "transformer": TransformerEncoder}
torch.set_num_threads(1)


def _cfg(kind: str) -> ModelConfig:
    return load_config(ROOT / "configs/model" / CONFIGS[kind], n_factors=N)


def _x(b: int = 2, t: int = 12, seed: int = 1) -> torch.Tensor:
    return torch.randn(b, t, F, generator=torch.Generator().manual_seed(seed))  # (B, T, F)


@pytest.mark.parametrize("kind", ["xlstm", "lstm", "transformer"])
def test_each_kind_builds_runs_forward_backward_and_round_trips(kind: str, tmp_path: Path) -> None:
    cfg = _cfg(kind)
    assert cfg.encoder.kind == kind
    model = build_model(cfg, seed=0)
    assert isinstance(model.encoder, ENCODERS[kind])
    out = model(_x())
    assert out.mu.shape == (2, N) and out.sigma.shape == (2, N, N)
    (out.mu.square().sum() * 1e4 + out.sigma.square().sum() * 1e8).backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and torch.isfinite(p.grad).all(), name
    with torch.no_grad():  # move off the initial weights before the round trip
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 1e-3)
    path = save_member(tmp_path / "member.safetensors", model, meta={"kind": kind})
    loaded, cfg2, meta = load_member(path)
    assert cfg2 == cfg and cfg2.encoder.kind == kind and meta == {"kind": kind}
    x, mask = _x(b=3, t=9, seed=4), torch.tensor([[True, False, True, True], [True] * 4, [False, True, True, True]])
    with torch.no_grad():
        a, b = model.eval()(x, mask), loaded(x, mask)
    assert torch.equal(a.mu, b.mu) and torch.equal(a.sigma, b.sigma)
    pred = Ensemble([model, loaded]).predict(x, mask)  # two identical members: same mean, no disagreement
    assert torch.equal(pred.mu, a.mu) and float(pred.disagreement.abs().max()) == 0.0


@pytest.mark.parametrize("kind", ["xlstm", "lstm", "transformer"])
def test_train_member_two_epochs_with_finite_losses(kind: str, tmp_path: Path) -> None:
    ds, _ = make_synthetic_dataset(T=160, N=N, seed=0, signal_ic=0.3)
    base = load_config(ROOT / "configs/model/test.yaml", n_factors=N)  # the plan_b_* ablation sizes
    mc = dataclasses.replace(base, encoder=dataclasses.replace(base.encoder, kind=kind))  # type: ignore[arg-type]
    split = parse_split("dates:2018-05-15,2018-07-15", ds, mc.lookback)
    tc = load_train_config(ROOT / "configs/train/quick.yaml", epochs=2, batch_size=16, checkpoint_every=1)
    res = train_member(ds, split, mc, tc, tmp_path / kind, seed=0)
    assert res.epochs_done == 2 and res.member_path is not None
    rows = read_log(tmp_path / kind / "training_log.csv")
    assert len(rows) == 2 and all(math.isfinite(float(r["loss"])) for r in rows)
    assert math.isfinite(res.best_val_sharpe)
    model, cfg, _ = load_member(res.member_path)
    assert cfg.encoder.kind == kind and isinstance(model.encoder, ENCODERS[kind])


def test_strict_config_kinds() -> None:
    data = _cfg("transformer").to_dict()
    data["encoder"]["kind"] = "gru"
    with pytest.raises(ModelConfigError, match=r"encoder\.kind: 'gru' is not one of \['xlstm', 'lstm', 'transformer'\]"):
        config_from_dict(data)
    data["encoder"].update(kind="transformer", num_heads=5)
    with pytest.raises(ModelConfigError, match=r"encoder\.num_heads: 5 does not divide hidden 64"):
        config_from_dict(data)
    data["encoder"].update(num_heads=4, transformer_positions="rotary")
    with pytest.raises(ModelConfigError, match=r"encoder\.transformer_positions: 'rotary' is not one of"):
        config_from_dict(data)
    tiny = yaml.safe_load((ROOT / "configs/model/tiny.yaml").read_text())
    assert "kind" not in tiny["encoder"] and config_from_dict(tiny).encoder.kind == "xlstm"  # old YAMLs: xlstm
    lstm = _cfg("lstm").to_dict()
    lstm["encoder"]["slstm_at"] = [0, 1]  # xlstm-only: stored as [] for the other kinds
    assert config_from_dict(lstm).encoder.slstm_at == ()


def test_member_saved_before_the_kind_key_loads_as_xlstm(tmp_path: Path) -> None:
    cfg = load_config(ROOT / "configs/model/test.yaml", n_factors=N)
    model = build_model(cfg, seed=1).eval()
    path = save_member(tmp_path / "new.safetensors", model)
    with safe_open(str(path), framework="pt") as fh:
        header = dict(fh.metadata())
        tensors = {k: fh.get_tensor(k) for k in fh.keys()}
    old = json.loads(header["config"])
    for key in ("kind", "transformer_ffn_factor", "transformer_positions", "transformer_norm_first"):
        del old["encoder"][key]  # the header as members were written before Plan B
    save_file(tensors, str(tmp_path / "old.safetensors"), metadata={**header, "config": json.dumps(old)})
    loaded, cfg2, _ = load_member(tmp_path / "old.safetensors")
    assert cfg2 == cfg and cfg2.encoder.kind == "xlstm" and read_member_header(tmp_path / "old.safetensors")[0] == cfg
    with torch.no_grad():
        assert torch.equal(loaded(_x(t=10)).mu, model(_x(t=10)).mu)


def test_compile_units_and_parameter_counts_per_kind() -> None:
    expected = {
        "lstm": ["encoder.input_proj", "encoder.post_norm", "return_head", "covariance_head"],
        "transformer": ["encoder.input_proj", "encoder.layers.layers.0", "encoder.layers.layers.1",
                        "encoder.layers.layers.2", "encoder.layers.norm", "return_head", "covariance_head"],
    }
    for kind, parts in expected.items():
        model = build_model(_cfg(kind), seed=0)
        keys = list(model.state_dict())
        assert compile_model(model) == parts  # lazy: nothing traced here
        assert list(model.state_dict()) == keys
        counts = parameter_breakdown(model)
        enc_parts = sum(v for k, v in counts.items() if k.startswith("encoder.") and k != "encoder.total")
        assert enc_parts == counts["encoder.total"]
        assert counts["total"] == counts["encoder.total"] + counts["return_head"] + counts["covariance_head"]
        assert sum(k.endswith(f".{kind}") for k in counts) == 3
    counts = parameter_breakdown(build_model(load_config(ROOT / "configs/model/transformer.yaml"), seed=0))
    assert counts["encoder.positions"] == 60 * 64  # learned table over the lookback


@pytest.mark.parametrize("kind", ["lstm", "transformer"])
def test_profile_runs_for_each_kind(kind: str) -> None:
    s = ProfileSettings(batch=2, steps=1, warmup=0, latency_runs=1, latency_warmup=0, lookback=8)
    r = profile_model(_cfg(kind), s)
    assert r.slstm_backend == "n/a" and r.lookback == 8 and r.forward_ms > 0 and r.parameters > 0


@pytest.mark.parametrize("positions", ["learned", "sinusoidal"])
@settings(max_examples=8, deadline=None)
@given(t=st.integers(0, 10), seed=st.integers(0, 10_000), grad=st.booleans())
def test_transformer_is_causal(positions: str, t: int, seed: int, grad: bool) -> None:
    """Changing the window after position t leaves the states at positions <= t unchanged."""
    cfg = _cfg("transformer")
    cfg = dataclasses.replace(cfg, encoder=dataclasses.replace(cfg.encoder, transformer_positions=positions))
    model = build_model(cfg, seed=0).eval()
    x = _x(t=12, seed=seed)
    x2 = x.clone()
    x2[:, t + 1 :] = torch.randn_like(x2[:, t + 1 :]) * 10  # (B, T, F): only the future differs
    with torch.set_grad_enabled(grad):  # grad on: the module path; off: PyTorch's fused inference path
        h, h2 = model.encoder.forward_sequence(x), model.encoder.forward_sequence(x2)  # (B, T, H)
        prefix = model.encoder.forward_sequence(x[:, : t + 1])
    torch.testing.assert_close(h[:, : t + 1], h2[:, : t + 1], rtol=0, atol=1e-5)
    torch.testing.assert_close(h[:, : t + 1], prefix, rtol=0, atol=1e-5)
    assert (h[:, t + 1 :] - h2[:, t + 1 :]).abs().max() > 1e-3  # later positions do see the change


def test_lstm_is_causal() -> None:
    model = build_model(_cfg("lstm"), seed=0).eval()
    x = _x(t=12)
    x2 = x.clone()
    x2[:, 6:] *= -5
    with torch.no_grad():
        h, h2 = model.encoder.forward_sequence(x), model.encoder.forward_sequence(x2)
    assert torch.equal(h[:, :6], h2[:, :6]) and (h[:, 6:] - h2[:, 6:]).abs().max() > 1e-3
