"""pyworker.data: dataset validation, windows/targets by indexing, masks, purged splits (DESIGN 4, 7)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from pyworker.data import (
    Dataset,
    DatasetError,
    WindowSampler,
    make_synthetic_dataset,
    parse_split,
    sample_availability,
    split_by_dates,
    targets_at,
    valid_samples,
)

torch.set_num_threads(1)


def _arrays(T: int = 6, N: int = 2) -> dict:
    return {"features": np.zeros((T, 7 * N + 6), np.float32), "returns": np.full((T, N), 0.01),
            "mask": np.ones((T, N), np.uint8), "dates": [f"2020-01-{d:02d}" for d in range(1, T + 1)],
            "factors": [f"F{i}" for i in range(N)]}


@pytest.mark.parametrize("change, code, words", [
    ({"returns": np.zeros((5, 2))}, "SHAPE", "mask shape"),
    ({"features": np.zeros((6, 10), np.float32)}, "SHAPE", "7 N + 6"),
    ({"features": np.where(np.arange(20)[None, :] == 3, np.nan, np.zeros((6, 20))).astype(np.float32)},
     "NAN_FEATURES", "features[0, 3]"),
    ({"dates": ["2020-01-01", "2020-01-03", "2020-01-02", "2020-01-04", "2020-01-05", "2020-01-06"]},
     "DATES_UNSORTED", "dates[2] = 2020-01-02"),
    ({"mask": np.full((6, 2), 2, np.uint8)}, "BAD_MASK", "0 and 1"),
    ({"returns": np.where(np.eye(6, 2) == 1, np.nan, 0.0)}, "BAD_MASK", "returns[0, 0]"),
    ({"factors": ["A"]}, "SHAPE", "factors has 1"),
])
def test_dataset_validation_names_the_problem(change: dict, code: str, words: str) -> None:
    with pytest.raises(DatasetError) as exc:
        Dataset.create(**{**_arrays(), **change})
    assert exc.value.code == code and words in str(exc.value)


def test_dataset_is_immutable_and_npz_round_trips(tmp_path) -> None:
    ds, _ = make_synthetic_dataset(T=60, N=3, seed=1, missing_rate=0.05)
    with pytest.raises(ValueError):
        ds.features[0, 0] = 1.0
    back = Dataset.from_npz(ds.to_npz(tmp_path / "d.npz"))
    assert back.data_hash == ds.data_hash and back.dates == ds.dates
    other, _ = make_synthetic_dataset(T=60, N=3, seed=2)
    assert other.data_hash != ds.data_hash
    np.savez(tmp_path / "bad.npz", features=ds.features)
    with pytest.raises(DatasetError, match="missing arrays"):
        Dataset.from_npz(tmp_path / "bad.npz")


def test_batch_targets_match_targets_at_and_numpy_cov() -> None:
    ds, _ = make_synthetic_dataset(T=80, N=4, seed=3)
    s = WindowSampler(ds, lookback=10)
    days = s.samples[[0, 7, 30]]
    b = s.batch(days)
    assert b.x.shape == (3, 10, 34) and b.mask.all()
    for k, t in enumerate(days.tolist()):
        tg = targets_at(ds, t)
        r = ds.returns[t + 1 : t + 6]
        np.testing.assert_allclose(tg.mu, r.mean(0))
        np.testing.assert_allclose(tg.sigma, np.cov(r.T, ddof=1))
        np.testing.assert_allclose(b.mu_actual[k].numpy(), tg.mu, rtol=1e-5, atol=1e-9)
        np.testing.assert_allclose(b.sigma_actual[k].numpy(), tg.sigma, rtol=1e-4, atol=1e-10)
        torch.testing.assert_close(b.x[k], torch.tensor(ds.features[t - 9 : t + 1]))


def test_missing_value_masks_every_sample_whose_window_or_target_touches_it() -> None:
    a = _arrays(T=40, N=3)
    a["returns"] = np.random.default_rng(0).normal(0, 0.01, (40, 3))
    a["features"] = np.ones((40, 27), np.float32)
    a["returns"][20, 1], a["mask"][20, 1], a["features"][20, [1, 4, 7, 10, 13, 16, 19]] = np.nan, 0, 0.0
    ds = Dataset.create(**a)
    L = 5
    avail = sample_availability(ds, L)
    for t in range(L - 1, 40 - 5):
        touches = t - L + 1 <= 20 <= t + 5
        assert avail[t, 1] == (not touches), t
        assert avail[t, 0] and avail[t, 2]
    s = WindowSampler(ds, L)
    b = s.batch(np.array([18, 26]))  # 18: target touches day 20; 26: clear
    assert b.mask.tolist() == [[True, False, True], [True, True, True]]
    cols = [1 + 3 * k for k in range(7)]
    assert float(b.x[0][:, cols].abs().sum()) == 0.0 and float(b.x[1][:, cols].abs().sum()) > 0
    assert float(b.mu_actual[0, 1]) == 0.0 and float(b.sigma_actual[0, 1].abs().sum()) == 0.0
    with pytest.raises(DatasetError, match="not a valid sample"):
        s.batch(np.array([2]))


def test_halt_days_make_no_sample() -> None:
    a = _arrays(T=30, N=2)
    status = np.zeros(30, np.uint8)
    status[15] = 2
    ds = Dataset.create(**a, day_status=status)
    assert 15 not in valid_samples(ds, 3).tolist() and 14 in valid_samples(ds, 3).tolist()


def test_prd_single_and_walkforward_periods() -> None:
    ds, _ = make_synthetic_dataset(T=900, N=3, seed=0, start="2018-01-01")
    wf = parse_split("walkforward:2021", ds, lookback=10)
    assert wf.periods == {"train": ("2018-01-01", "2019-12-31"), "val": ("2020-01-01", "2020-12-31"),
                          "test": ("2021-01-01", "2021-12-31")}
    assert wf.purged == 10  # the last 5 samples before validation and before test
    assert ds.dates[wf.train[-1]] < "2020-01-01" and ds.dates[wf.train[-1] + 6] >= "2020-01-01"
    with pytest.raises(DatasetError, match="no training sample"):
        parse_split("single", ds, lookback=10)  # PRD 5.4 trains on 2000-2015: not in this data
    with pytest.raises(DatasetError, match="unknown split"):
        parse_split("weekly", ds, lookback=10)


@settings(max_examples=30, deadline=None)
@given(a=st.integers(60, 200), b=st.integers(20, 120), lookback=st.integers(1, 30), horizon=st.integers(2, 8))
def test_purge_property_no_training_target_touches_validation_or_test(a: int, b: int, lookback: int,
                                                                      horizon: int) -> None:
    ds = _purge_ds()
    d = ds.dates
    sp = split_by_dates(ds, lookback, (d[0], d[a]), (d[a + 1], d[a + b]), (d[a + b + 1], d[-1]), horizon=horizon)
    val_start, test_start = a + 1, a + b + 1
    assert (sp.train + horizon < val_start).all() and (sp.val + horizon < test_start).all()
    assert (sp.val >= val_start).all() and (sp.test >= test_start).all()
    # purge removes exactly the samples whose target overlaps the next period
    kept = set(sp.train.tolist()) | set(sp.val.tolist()) | set(sp.test.tolist())
    assert len(valid_samples(ds, lookback, horizon)) - len(kept) == sp.purged


_PURGE: list[Dataset] = []


def _purge_ds() -> Dataset:
    if not _PURGE:
        _PURGE.append(make_synthetic_dataset(T=400, N=3, seed=5)[0])
    return _PURGE[0]
