"""Member checkpoints: safetensors round trip, no pickle, atomic writes, backend-neutral sLSTM layout."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import torch
from xlstm.blocks.slstm.cell import sLSTMCell_cuda
from xlstm.blocks.slstm.layer import sLSTMLayer

from pyworker.model import (
    CheckpointError,
    build_model,
    load_config,
    load_member,
    read_member_header,
    save_member,
)
from pyworker.model.checkpoint import load_portable_state_dict, portable_state_dict

ROOT = Path(__file__).resolve().parents[2]
N = 4
torch.set_num_threads(1)


def _cfg():
    return load_config(ROOT / "configs/model/tiny.yaml", n_factors=N)


def test_round_trip_gives_identical_outputs(tmp_path: Path) -> None:
    model = build_model(_cfg(), seed=3)
    with torch.no_grad():  # train a little so weights differ from any fresh init
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 1e-3)
    meta = {"seed": 3, "trained_through": "2020-12-31", "val_sharpe": 1.25}
    path = save_member(tmp_path / "m" / "member.safetensors", model, meta=meta)
    loaded, cfg, meta2 = load_member(path)
    assert cfg == model.cfg and meta2 == meta and not loaded.training
    x = torch.randn(2, 9, 7 * N + 6)
    mask = torch.tensor([[True, False, True, True], [True] * 4])
    with torch.no_grad():
        a, b = model.eval()(x, mask), loaded(x, mask)
    assert torch.equal(a.mu, b.mu) and torch.equal(a.sigma, b.sigma)
    assert read_member_header(path) == (cfg, meta)
    assert [p.name for p in path.parent.iterdir()] == ["member.safetensors"]  # no temp file left


def test_file_is_safetensors_not_pickle(tmp_path: Path) -> None:
    path = save_member(tmp_path / "m.safetensors", build_model(_cfg(), seed=0))
    raw = path.read_bytes()
    header_len = int.from_bytes(raw[:8], "little")
    assert raw[8:9] == b"{" and b'"format":"t2-forecast-member"' in raw[8 : 8 + header_len].replace(b" ", b"")
    assert not raw.startswith(b"PK") and b"\x80\x02" not in raw[:2]  # neither a torch zip nor a pickle


def test_package_never_unpickles() -> None:
    src = "\n".join(p.read_text() for p in (ROOT / "pyworker/model").glob("*.py"))
    calls = re.findall(r"torch\.load\(([^)]*)\)", src)
    assert all("weights_only=True" in c for c in calls)
    assert "import pickle" not in src


def test_bad_files_raise_checkpoint_error(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="no checkpoint"):
        load_member(tmp_path / "missing.safetensors")
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00not json at all!")
    with pytest.raises(CheckpointError, match="not a readable safetensors"):
        load_member(junk)
    from safetensors.torch import save_file

    foreign = tmp_path / "foreign.safetensors"
    save_file({"w": torch.zeros(2)}, str(foreign), metadata={"format": "other"})
    with pytest.raises(CheckpointError, match="not a t2-forecast-member"):
        load_member(foreign)


def test_slstm_weights_survive_a_backend_change() -> None:
    """The cuda and vanilla sLSTM cells store the same weights in different internal orders."""
    src = build_model(_cfg(), seed=1)
    dst = build_model(_cfg(), seed=2)
    for layer in (m for m in dst.modules() if isinstance(m, sLSTMLayer)):
        cfg = copy.deepcopy(layer.slstm_cell.config)
        cfg.backend = "cuda"
        layer.slstm_cell = sLSTMCell_cuda(cfg, skip_backend_init=True)  # CPU-constructible twin
    state = portable_state_dict(src)
    load_portable_state_dict(dst, state)
    back = portable_state_dict(dst)
    assert back.keys() == state.keys()
    assert all(torch.equal(back[k], state[k]) for k in state)
    src_bias = src.encoder.stack.blocks[0].xlstm.slstm_cell._bias_
    dst_bias = dst.encoder.stack.blocks[0].xlstm.slstm_cell._bias_
    assert src_bias.shape == dst_bias.shape and not torch.equal(src_bias, dst_bias)  # raw copy would be wrong


def test_config_mismatch_is_refused(tmp_path: Path) -> None:
    model = build_model(_cfg(), seed=0)
    other = load_config(ROOT / "configs/model/tiny.yaml", n_factors=N + 1)
    with pytest.raises(CheckpointError, match="config differs"):
        save_member(tmp_path / "m.safetensors", model, other)
