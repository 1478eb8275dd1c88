"""The worker-side dataset: one immutable FeatureSet shipped once by the SDK (or read from .npz).

Arrays (DESIGN 4, sdk/features FeatureSet):

- ``features`` (T, F = 7 N + 6) float32, normalized, zeros at masked factors, never NaN;
  column ``k * N + i`` is per-factor feature k of factor i (feature-major), the last 6
  columns are the broadcast market/macro features;
- ``returns`` (T, N) float64 winsorized daily decimal returns, NaN where missing;
- ``mask`` (T, N) uint8, 1 = available (a NaN return must have mask 0);
- ``dates`` (T,) ISO ``YYYY-MM-DD`` strings, strictly increasing; ``factors`` (N,) names;
- ``day_status`` (T,) uint8, optional: 0 ok, 1 warn, 2 halt (sdk DAY_STATUS_CODE); no sample
  is taken at a halt day (as sdk/features ``sampleMaskAt``).

:meth:`Dataset.create` validates and freezes copies of the arrays; :attr:`Dataset.data_hash`
is the sha256 saved in every checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pyworker.atomic import atomic_write_bytes

from .errors import DatasetError

FEATURES_PER_FACTOR = 7  # DESIGN 4: per-factor features
MARKET_FEATURES = 6  # DESIGN 4: broadcast market/macro features
NPZ_KEYS = ("features", "returns", "mask", "dates", "factors")  # required; "day_status" optional
HALT = 2  # sdk/features DAY_STATUS_CODE.halt


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True, order="C")
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Dataset:
    """Validated, read-only dataset. Build it with :meth:`create` or :meth:`from_npz`."""

    features: np.ndarray
    """(T, 7N+6) float32 normalized features; 0 at masked factors."""
    returns: np.ndarray
    """(T, N) float64 daily decimal returns; NaN where missing."""
    mask: np.ndarray
    """(T, N) uint8; 1 = factor available that day."""
    dates: tuple[str, ...]
    """(T,) ISO dates, strictly increasing."""
    factors: tuple[str, ...]
    """(N,) factor names."""
    day_status: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    """(T,) uint8 day status: 0 ok, 1 warn, 2 halt (no sample at a halt day)."""
    _hash: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def n_days(self) -> int:
        return int(self.returns.shape[0])

    @property
    def n_factors(self) -> int:
        return int(self.returns.shape[1])

    @property
    def n_features(self) -> int:
        return int(self.features.shape[1])

    @classmethod
    def create(cls, features: np.ndarray, returns: np.ndarray, mask: np.ndarray,
               dates: Sequence[str], factors: Sequence[str], day_status: np.ndarray | None = None) -> Dataset:
        """Validate and freeze. Raises :class:`DatasetError` naming the first problem.

        >>> import numpy as np
        >>> ds = Dataset.create(np.zeros((2, 13), np.float32), np.zeros((2, 1)), np.ones((2, 1), np.uint8),
        ...                     ["2020-01-02", "2020-01-03"], ["F1"])
        >>> ds.n_days, ds.n_factors, ds.n_features
        (2, 1, 13)
        """
        f, r, m = _check_arrays(features, returns, mask)
        d = _check_dates(dates, r.shape[0])
        names = tuple(str(x) for x in factors)
        if len(names) != r.shape[1]:
            raise DatasetError("SHAPE", f"factors has {len(names)} names, returns has N = {r.shape[1]} columns")
        status = np.zeros(r.shape[0], np.uint8) if day_status is None else np.asarray(day_status)
        if status.shape != (r.shape[0],) or not np.isin(status, (0, 1, 2)).all():
            raise DatasetError("SHAPE", f"day_status must be (T,) = ({r.shape[0]},) with values 0/1/2")
        return cls(_frozen(f), _frozen(r), _frozen(m), d, names, _frozen(status.astype(np.uint8)))

    @property
    def data_hash(self) -> str:
        """sha256 of shapes, features, returns (NaN-canonical), mask, dates and factors."""
        if not self._hash:
            h = hashlib.sha256()
            h.update(repr((self.features.shape, self.returns.shape)).encode())
            h.update(self.features.tobytes())
            nan = np.isnan(self.returns)
            h.update(np.where(nan, 0.0, self.returns).tobytes())
            h.update(np.packbits(nan).tobytes())
            h.update(self.mask.tobytes())
            h.update(self.day_status.tobytes())
            h.update("\n".join(self.dates).encode())
            h.update(b"\x00" + "\n".join(self.factors).encode())
            self._hash.append(h.hexdigest())
        return self._hash[0]

    @classmethod
    def from_npz(cls, path: str | Path) -> Dataset:
        """Load an .npz holding ``features, returns, mask, dates, factors``."""
        p = Path(path)
        try:
            with np.load(p, allow_pickle=False) as z:
                missing = [k for k in NPZ_KEYS if k not in z.files]
                if missing:
                    raise DatasetError("BAD_FILE", f"{p}: missing arrays {missing} (needs {list(NPZ_KEYS)})")
                arrays = {k: z[k] for k in NPZ_KEYS}
                status = z["day_status"] if "day_status" in z.files else None
        except (OSError, ValueError) as exc:
            if isinstance(exc, DatasetError):
                raise
            raise DatasetError("BAD_FILE", f"{p}: not a readable .npz: {exc}") from exc
        return cls.create(arrays["features"], arrays["returns"], arrays["mask"],
                          [str(x) for x in arrays["dates"]], [str(x) for x in arrays["factors"]], status)

    def to_npz(self, path: str | Path) -> Path:
        """Write the dataset atomically (tmp + os.replace) as an uncompressed .npz."""
        return atomic_write_bytes(path, lambda fh: np.savez(
            fh, features=self.features, returns=self.returns, mask=self.mask, dates=np.array(self.dates),
            factors=np.array(self.factors), day_status=self.day_status))

    def index_of_date(self, date: str, side: str = "left") -> int:
        """First index with ``dates[i] >= date`` (side 'left') or ``> date`` (side 'right')."""
        return int(np.searchsorted(np.array(self.dates), date, side=side))  # type: ignore[call-overload]


def _check_arrays(features: np.ndarray, returns: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, ...]:
    try:
        f = np.asarray(features, dtype=np.float32)
        r = np.asarray(returns, dtype=np.float64)
        m = np.asarray(mask)
    except (TypeError, ValueError) as exc:
        raise DatasetError("DTYPE", f"features/returns must be numeric: {exc}") from exc
    if f.ndim != 2 or r.ndim != 2 or m.ndim != 2:
        raise DatasetError("SHAPE", f"features, returns, mask must be 2-D, got ndim {f.ndim}, {r.ndim}, {m.ndim}")
    T, N = r.shape
    if T == 0 or N == 0:
        raise DatasetError("SHAPE", f"returns must have T, N >= 1, got {r.shape}")
    if m.shape != r.shape:
        raise DatasetError("SHAPE", f"mask shape {m.shape} != returns shape {r.shape}")
    if f.shape[0] != T:
        raise DatasetError("SHAPE", f"features has T = {f.shape[0]} rows, returns has {T}")
    width = FEATURES_PER_FACTOR * N + MARKET_FEATURES
    if f.shape[1] != width:
        raise DatasetError("SHAPE", f"features has F = {f.shape[1]} columns, expected 7 N + 6 = {width} for N = {N}")
    bad = ~np.isfinite(f)
    if bad.any():
        t, j = (int(v[0]) for v in np.nonzero(bad))
        raise DatasetError("NAN_FEATURES", f"features[{t}, {j}] is {f[t, j]} (masked factors must be 0, not NaN)")
    if not (np.issubdtype(m.dtype, np.integer) or m.dtype == np.bool_) or not np.isin(m, (0, 1)).all():
        raise DatasetError("BAD_MASK", "mask must hold only 0 and 1")
    m = m.astype(np.uint8)
    bad = (m == 1) & ~np.isfinite(r)
    if bad.any():
        t, i = (int(v[0]) for v in np.nonzero(bad))
        raise DatasetError("BAD_MASK", f"returns[{t}, {i}] is {r[t, i]} but mask says available")
    return f, r, m


def _check_dates(dates: Sequence[str], T: int) -> tuple[str, ...]:
    d = tuple(str(x) for x in dates)
    if len(d) != T:
        raise DatasetError("SHAPE", f"dates has {len(d)} entries, returns has T = {T} rows")
    for i in range(1, T):
        if d[i] <= d[i - 1]:
            raise DatasetError("DATES_UNSORTED", f"dates[{i}] = {d[i]} is not after dates[{i - 1}] = {d[i - 1]}")
    return d
