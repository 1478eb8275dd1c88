"""Search-space knobs: how a sampled value changes the model/train configs, and the samplers.

Model knobs (applied in this order): ``encoder_kind`` (xlstm | lstm | transformer, PRD 14.1 Plan B:
the architecture itself becomes a searchable choice), ``layers`` (encoder blocks; the per-block dropout list is
resized, sLSTM indices past the end dropped), ``lookback``, ``hidden``, ``dropout`` (every block
and both heads), ``latent_factors`` (covariance head B is N x k), ``slstm_blocks`` (the first k
blocks are sLSTM, PRD 8.1 Tier 3 "cell type ratios"), ``ffn_activation``. Every
:class:`~pyworker.train.TrainConfig` field (lr, alpha, beta, gamma, batch_size, weight_decay,
grad_clip, ...) is a train knob.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from optuna.distributions import BaseDistribution
from optuna.samplers import BaseSampler, RandomSampler, TPESampler
from optuna.study import Study
from optuna.trial import FrozenTrial, Trial

from pyworker.model import ModelConfig, config_from_dict
from pyworker.model.errors import ModelConfigError
from pyworker.train import TrainConfig, TrainConfigError

from .config import ParamSpec, PhaseConfig
from .errors import TuneConfigError

MODEL_KNOBS = ("encoder_kind", "layers", "lookback", "hidden", "dropout", "latent_factors", "slstm_blocks", "ffn_activation")
TRAIN_KNOBS = tuple(f.name for f in dataclasses.fields(TrainConfig))


def check_knobs(specs: Iterable[ParamSpec], where: str) -> None:
    """Fail naming the first knob that is neither a model knob nor a TrainConfig field."""
    for s in specs:
        if s.name not in MODEL_KNOBS and s.name not in TRAIN_KNOBS:
            raise TuneConfigError(f"{where}: unknown knob {s.name!r} (model knobs: {', '.join(MODEL_KNOBS)}; "
                                  "or any train config field)")


def apply_params(model_cfg: ModelConfig, train_cfg: TrainConfig,
                 params: Mapping[str, Any]) -> tuple[ModelConfig, TrainConfig]:
    """New (model, train) configs with ``params`` applied; invalid combinations raise TuneConfigError.

    >>> from pyworker.model import load_config
    >>> m, t = apply_params(load_config("configs/model/test.yaml"), TrainConfig(), {"layers": 3, "lr": 1e-3})
    >>> m.encoder.num_blocks, len(m.encoder.dropout), t.lr
    (3, 3, 0.001)
    """
    d = model_cfg.to_dict()
    enc = d["encoder"]
    for knob in MODEL_KNOBS:
        if knob not in params:
            continue
        v = params[knob]
        if knob == "encoder_kind":
            enc["kind"] = v
            if v != "xlstm":
                enc["slstm_at"] = []  # sLSTM blocks exist only in the xLSTM stack
        elif knob == "layers":
            old = list(enc["dropout"])
            enc["num_blocks"] = int(v)
            enc["dropout"] = (old + [old[-1]] * int(v))[: int(v)]
            enc["slstm_at"] = [i for i in enc["slstm_at"] if i < int(v)]
        elif knob == "lookback":
            d["lookback"] = int(v)
        elif knob == "hidden":
            enc["hidden"] = int(v)
        elif knob == "dropout":
            enc["dropout"] = [float(v)] * enc["num_blocks"]
            d["return_head"]["dropout"] = float(v)
            d["covariance_head"]["dropout"] = float(v)
        elif knob == "latent_factors":
            d["covariance_head"]["latent_factors"] = int(v)
        elif knob == "slstm_blocks":
            if not 0 <= int(v) <= enc["num_blocks"]:
                raise TuneConfigError(f"slstm_blocks: {v} is not in [0, {enc['num_blocks']}]")
            enc["slstm_at"] = list(range(int(v)))
        elif knob == "ffn_activation":
            enc["ffn_activation"] = v
    train = {k: v for k, v in params.items() if k in TRAIN_KNOBS}
    unknown = sorted(set(params) - set(MODEL_KNOBS) - set(TRAIN_KNOBS))
    if unknown:
        raise TuneConfigError(f"unknown knob(s): {', '.join(unknown)}")
    try:
        return config_from_dict(d), train_cfg.replace(**train)
    except (ModelConfigError, TrainConfigError) as exc:
        raise TuneConfigError(f"params {dict(params)} give an invalid config: {exc}") from exc


def suggest(trial: Trial, space: Sequence[ParamSpec]) -> dict[str, Any]:
    """Ask ``trial`` for every knob of ``space`` (fixed knobs are taken as given)."""
    out: dict[str, Any] = {}
    for s in space:
        if s.type == "categorical":
            out[s.name] = trial.suggest_categorical(s.name, list(s.choices))
        elif s.type == "float":
            out[s.name] = trial.suggest_float(s.name, s.low, s.high, log=s.log)
        elif s.type == "int":
            out[s.name] = trial.suggest_int(s.name, int(s.low), int(s.high), log=s.log)
        else:
            out[s.name] = s.value
    return out


class NumberedGridSampler(BaseSampler):
    """Grid point ``trial.number mod size`` of the product of the categorical choices.

    optuna's RDB storage hands out unique trial numbers, so workers sharing a study never
    evaluate the same grid point twice (optuna's GridSampler picks at random and can).
    """

    def __init__(self, space: Sequence[ParamSpec]) -> None:
        cats = [s for s in space if s.type == "categorical"]
        self.names = [s.name for s in cats]
        self.grid = list(itertools.product(*(s.choices for s in cats)))

    def infer_relative_search_space(self, study: Study, trial: FrozenTrial) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(self, study: Study, trial: FrozenTrial,
                        search_space: dict[str, BaseDistribution]) -> dict[str, Any]:
        return {}

    def sample_independent(self, study: Study, trial: FrozenTrial, param_name: str,
                           param_distribution: BaseDistribution) -> Any:
        point = self.grid[trial.number % len(self.grid)]
        return point[self.names.index(param_name)]


def make_sampler(phase: PhaseConfig, seed: int) -> BaseSampler:
    """The phase's sampler; ``seed`` already includes the worker index."""
    if phase.sampler == "grid":
        return NumberedGridSampler(phase.space)
    if phase.sampler == "random":
        return RandomSampler(seed=seed)
    return TPESampler(seed=seed, n_startup_trials=phase.tpe_startup_trials)


def grid_size(phase: PhaseConfig) -> int:
    """Number of grid points (1 for a space without categorical knobs)."""
    return len(NumberedGridSampler(phase.space).grid)


__all__ = ["MODEL_KNOBS", "TRAIN_KNOBS", "NumberedGridSampler", "apply_params", "check_knobs", "grid_size",
           "make_sampler", "suggest"]
