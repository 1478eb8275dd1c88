"""Tuning and ablation configs (``configs/tune/*.yaml``) and their strict YAML loaders.

A tuning config names a base model and train config, the data, one or more phases (PRD 8.2:
grid, random, TPE), each with a search space, and the pruner. Unknown keys fail naming their
path (the model package's strict converter, STYLE.md "Strict configs").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml  # type: ignore[import-untyped]

from pyworker.model.errors import ModelConfigError
from pyworker.model.strict import from_dict, to_dict

from .errors import TuneConfigError

Value = int | float | str | bool
T = TypeVar("T")


@dataclass(frozen=True)
class ParamSpec:
    """One searched (or fixed) knob; names are listed in :mod:`pyworker.tune.space`."""

    name: str
    """Knob name: a model knob (lookback, hidden, layers, ...) or any TrainConfig field (lr, alpha, ...)."""
    type: Literal["categorical", "float", "int", "fixed"]
    """How the value is chosen: from ``choices``, in [low, high], or ``value`` as given."""
    choices: tuple[Value, ...] = ()
    """Candidates of a categorical knob (the grid sampler takes their product)."""
    low: float = 0.0
    """Lower bound of a float/int knob."""
    high: float = 0.0
    """Upper bound of a float/int knob (inclusive)."""
    log: bool = False
    """Sample a float/int knob on a log scale."""
    value: Value | None = None
    """The value of a fixed knob."""

    def __post_init__(self) -> None:
        if self.type == "categorical" and not self.choices:
            raise TuneConfigError(f"{self.name}: a categorical knob needs choices")
        if self.type in ("float", "int") and not self.low <= self.high:
            raise TuneConfigError(f"{self.name}: low {self.low} > high {self.high}")
        if self.type in ("float", "int") and self.log and self.low <= 0:
            raise TuneConfigError(f"{self.name}: a log-scale knob needs low > 0")
        if self.type == "fixed" and self.value is None:
            raise TuneConfigError(f"{self.name}: a fixed knob needs a value")


@dataclass(frozen=True)
class SyntheticData:
    """Arguments of ``pyworker.data.make_synthetic_dataset`` (planted signal)."""

    T: int = 400
    N: int = 4
    seed: int = 0
    signal_ic: float = 0.5
    start: str = "2018-01-01"


@dataclass(frozen=True)
class DataConfig:
    """Where the dataset comes from (exactly one of ``synthetic`` / ``npz``) and how it is split."""

    split: str
    """``single`` | ``walkforward:Y`` | ``dates:TRAIN_END,VAL_END`` (pyworker.data.parse_split)."""
    synthetic: SyntheticData | None = None
    """Generate a synthetic dataset."""
    npz: str = ""
    """Or read a FeatureSet .npz (Dataset.from_npz)."""

    def __post_init__(self) -> None:
        if (self.synthetic is None) == (not self.npz):
            raise TuneConfigError("data: give exactly one of synthetic or npz")


@dataclass(frozen=True)
class PrunerConfig:
    """optuna MedianPruner over per-epoch validation Sharpe reports."""

    enabled: bool = True
    n_startup_trials: int = 2
    """Trials that finish before any pruning happens."""
    n_warmup_steps: int = 1
    """Epoch reports of a trial before it can be pruned."""


@dataclass(frozen=True)
class PhaseConfig:
    """One search phase = one optuna study ``<study>-<name>`` (PRD 8.2)."""

    name: str
    sampler: Literal["grid", "random", "tpe"]
    n_trials: int
    """Finished trials (complete + pruned) the phase runs to, over all workers."""
    epochs: int
    """Fixed epoch budget per trial (TrainConfig.epochs)."""
    space: tuple[ParamSpec, ...]
    inherit_best: tuple[str, ...] = ()
    """Earlier phases whose best trial's params are fixed in this phase."""
    tpe_startup_trials: int = 10
    """Random trials before TPE models the space (optuna default)."""

    def __post_init__(self) -> None:
        if self.n_trials < 1 or self.epochs < 1:
            raise TuneConfigError(f"phase {self.name}: n_trials and epochs must be >= 1")
        if self.sampler == "grid" and any(p.type not in ("categorical", "fixed") for p in self.space):
            raise TuneConfigError(f"phase {self.name}: the grid sampler needs categorical knobs only")


@dataclass(frozen=True)
class TuneConfig:
    """A whole tuning study (``python -m pyworker tune run``)."""

    study: str
    model_config: str
    train_config: str
    data: DataConfig
    phases: tuple[PhaseConfig, ...]
    seeds: tuple[int, ...] = (0,)
    """Training seeds of every trial (the objective is their mean validation Sharpe)."""
    seed: int = 0
    """Sampler seed; worker k of a shared study uses seed + k."""
    fixed: tuple[ParamSpec, ...] = ()
    """Knobs applied to every trial before the searched ones."""
    out_dir: str = "runs/tune"
    """Trial run directories, the experiment log ``<study>.jsonl`` and the default SQLite file."""
    storage: str = ""
    """optuna RDB URL; empty = ``sqlite:///<out_dir>/<study>.db``."""
    pruner: PrunerConfig = field(default_factory=PrunerConfig)

    def __post_init__(self) -> None:
        names = [p.name for p in self.phases]
        if not names or len(set(names)) != len(names):
            raise TuneConfigError("phases: need at least one phase, with distinct names")
        for i, p in enumerate(self.phases):
            for dep in p.inherit_best:
                if dep not in names[:i]:
                    raise TuneConfigError(f"phase {p.name}: inherit_best {dep!r} is not an earlier phase")
        if not self.seeds:
            raise TuneConfigError("seeds: need at least one training seed")

    def phase(self, name: str | None) -> PhaseConfig:
        """The named phase (the first when None)."""
        if name is None:
            return self.phases[0]
        for p in self.phases:
            if p.name == name:
                return p
        raise TuneConfigError(f"unknown phase {name!r}; choose one of {[p.name for p in self.phases]}")

    def storage_url(self) -> str:
        return self.storage or f"sqlite:///{Path(self.out_dir) / self.study}.db"

    def to_dict(self) -> dict[str, Any]:
        out = to_dict(self)
        assert isinstance(out, dict)
        return out


@dataclass(frozen=True)
class BootstrapConfig:
    """Paired bootstrap of validation-Sharpe deltas over blocks of days."""

    n_boot: int = 1000
    seed: int = 0
    block: int = 5
    """Days per resampled block (5 = one rebalance period)."""
    level: float = 0.95


@dataclass(frozen=True)
class GBMConfig:
    """LightGBM settings (small trees, shrinkage, row and column subsampling)."""

    n_estimators: int = 200
    """Boosting rounds."""
    learning_rate: float = 0.05
    """Shrinkage per round."""
    num_leaves: int = 15
    """Leaves per tree."""
    min_child_samples: int = 50
    """Rows per leaf at least (daily returns are noisy)."""
    subsample: float = 0.8
    """Row fraction per round (bagging; the seed picks the rows)."""
    colsample_bytree: float = 0.8
    """Feature fraction per tree."""
    reg_lambda: float = 1.0
    """L2 penalty on leaf values."""
    num_threads: int = 1
    """LightGBM threads (1 or 2 on the shared CPU)."""


@dataclass(frozen=True)
class AblationConfig:
    """An ablation study (``python -m pyworker tune ablate``, PRD 8.3)."""

    name: str
    model_config: str
    train_config: str
    data: DataConfig
    epochs: int
    variants: tuple[str, ...]
    """Variant names from :data:`pyworker.tune.ablation.VARIANTS`; 'default' is always run."""
    seeds: tuple[int, ...] = (0,)
    fixed: tuple[ParamSpec, ...] = ()
    out_dir: str = "runs/ablate"
    bootstrap: BootstrapConfig = field(default_factory=BootstrapConfig)
    gbm: GBMConfig = field(default_factory=GBMConfig)
    """LightGBM settings of the ``plan_b_lightgbm`` variant (PRD 14.1)."""

    def to_dict(self) -> dict[str, Any]:
        out = to_dict(self)
        assert isinstance(out, dict)
        return out


def _strict(cls: type[T], data: Any, where: str) -> T:
    try:
        return from_dict(cls, data)
    except (ModelConfigError, TuneConfigError) as exc:
        raise TuneConfigError(f"{where}: {exc}") from exc


def _read(path: str | Path) -> Any:
    p = Path(path)
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TuneConfigError(f"cannot read {p}: {exc}") from exc


def tune_config_from_dict(data: Any, where: str = "<dict>") -> TuneConfig:
    """Strict: unknown keys raise :class:`TuneConfigError` naming their path."""
    from .space import check_knobs  # local: space imports this module

    cfg = _strict(TuneConfig, data, where)
    check_knobs([*cfg.fixed, *(s for p in cfg.phases for s in p.space)], where)
    return cfg


def load_tune_config(path: str | Path) -> TuneConfig:
    """Read ``configs/tune/<name>.yaml`` strictly."""
    return tune_config_from_dict(_read(path), str(path))


def load_ablation_config(path: str | Path) -> AblationConfig:
    """Read ``configs/tune/ablate-*.yaml`` strictly (variant names are checked too)."""
    from .ablation import VARIANTS
    from .space import check_knobs

    cfg = _strict(AblationConfig, _read(path), str(path))
    check_knobs(cfg.fixed, str(path))
    unknown = [v for v in cfg.variants if v not in VARIANTS]
    if unknown:
        raise TuneConfigError(f"{path}: unknown variant(s) {unknown}; choose from {sorted(VARIANTS)}")
    return cfg
