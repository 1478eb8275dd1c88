"""Run one phase of a tuning study on optuna: storage, sampler, pruner, resume, several workers.

Storage is any optuna RDB URL; the default is ``sqlite:///<out_dir>/<study>.db``. Workers on
several machines point at one PostgreSQL URL (docs/tuning.md). The study is created with
``load_if_exists``, so running the same command again resumes it: the phase runs until the
study holds ``n_trials`` finished (complete or pruned) trials over all workers. Heartbeats mark
the trial of a killed worker FAILED after the grace period and retry it once.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna
from optuna.pruners import BasePruner, MedianPruner, NopPruner
from optuna.storages import RDBStorage, RetryFailedTrialCallback
from optuna.study import MaxTrialsCallback
from optuna.trial import TrialState

from pyworker.data import Dataset
from pyworker.model import load_config
from pyworker.train import code_version, load_train_config

from .config import PhaseConfig, PrunerConfig, TuneConfig
from .data import load_dataset
from .errors import TuneError
from .explog import append_record
from .objective import run_params
from .space import grid_size, make_sampler, suggest

FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)


@dataclass(frozen=True)
class PhaseResult:
    """Where a phase stands after :func:`run_phase` returns."""

    study_name: str
    n_finished: int
    ran_here: list[int]
    best_trial: int | None
    best_value: float | None
    best_params: dict[str, Any]


def open_storage(url: str, heartbeat_s: int = 60, grace_s: int = 180) -> RDBStorage:
    """An RDB storage with heartbeats; SQLite files get their folder and a lock timeout."""
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"connect_args": {"timeout": 60}}
    last: Exception | None = None
    for attempt in range(5):  # two workers creating the tables of a new file at once can collide
        try:
            with warnings.catch_warnings():  # heartbeats and retries are marked experimental in optuna 4
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                return RDBStorage(url, engine_kwargs=kwargs, heartbeat_interval=heartbeat_s, grace_period=grace_s,
                                  failed_trial_callback=RetryFailedTrialCallback(max_retry=1))
        except Exception as exc:  # noqa: BLE001 - sqlalchemy OperationalError and friends
            last = exc
            time.sleep(0.5 * (attempt + 1))
    raise TuneError(f"cannot open storage {url}: {last}")


def make_pruner(cfg: PrunerConfig) -> BasePruner:
    if not cfg.enabled:
        return NopPruner()
    return MedianPruner(n_startup_trials=cfg.n_startup_trials, n_warmup_steps=cfg.n_warmup_steps)


def study_name(cfg: TuneConfig, phase: PhaseConfig) -> str:
    return f"{cfg.study}-{phase.name}"


def load_phase_study(cfg: TuneConfig, phase: PhaseConfig, storage: RDBStorage, worker: int = 0) -> optuna.Study:
    return optuna.create_study(study_name=study_name(cfg, phase), storage=storage, direction="maximize",
                               sampler=make_sampler(phase, cfg.seed + worker), pruner=make_pruner(cfg.pruner),
                               load_if_exists=True)


def inherited_params(cfg: TuneConfig, phase: PhaseConfig, storage: RDBStorage) -> dict[str, Any]:
    """Best params of the phases ``phase.inherit_best`` names (later phases win)."""
    out: dict[str, Any] = {}
    for name in phase.inherit_best:
        prev = optuna.load_study(study_name=study_name(cfg, cfg.phase(name)), storage=storage)
        try:
            out.update(prev.best_params)
        except ValueError as exc:
            raise TuneError(f"phase {phase.name} inherits from {name}, which has no complete trial yet") from exc
    return out


def run_phase(cfg: TuneConfig, phase_name: str | None = None, n_trials: int | None = None, worker: int = 0,
              storage_url: str | None = None, dataset: Dataset | None = None) -> PhaseResult:
    """Run (or resume, or join) one phase until its study has ``n_trials`` finished trials."""
    phase = cfg.phase(phase_name)
    target = n_trials or phase.n_trials
    if phase.sampler == "grid":
        target = min(target, grid_size(phase))
    storage = open_storage(storage_url or cfg.storage_url())
    study = load_phase_study(cfg, phase, storage, worker)
    if "config" not in study.user_attrs:
        study.set_user_attr("config", cfg.to_dict())
    ds = dataset if dataset is not None else load_dataset(cfg.data)
    base_model = load_config(cfg.model_config)
    base_train = load_train_config(cfg.train_config, epochs=phase.epochs)
    fixed = {**{s.name: s.value for s in cfg.fixed}, **inherited_params(cfg, phase, storage)}
    out = Path(cfg.out_dir)
    ran: list[int] = []

    def objective(trial: optuna.Trial) -> float:
        params = {**fixed, **suggest(trial, phase.space)}
        started, t0 = dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), time.perf_counter()
        base = {"study": cfg.study, "phase": phase.name, "trial": trial.number, "params": params,
                "seeds": list(cfg.seeds), "worker": worker, "host": socket.gethostname(),
                "code_version": code_version(), "started_at": started}
        ran.append(trial.number)

        def report(step: int, value: float) -> None:
            trial.report(value, step)
            if trial.should_prune():
                raise optuna.TrialPruned(f"pruned at step {step} (val Sharpe {value:.3f})")

        run_dir = out / cfg.study / phase.name / f"trial_{trial.number:04d}"
        try:
            m = run_params(ds, cfg.data.split, base_model, base_train, params, cfg.seeds, run_dir, report)
        except optuna.TrialPruned:
            _log(trial, out, {**base, "state": "PRUNED", "duration_s": time.perf_counter() - t0})
            raise
        record = {**base, "state": "COMPLETE", "duration_s": time.perf_counter() - t0, "data_hash": m.data_hash,
                  "split": m.split, "model_config": m.model_config, "train_config": m.train_config,
                  "metrics": {"val_sharpe": m.val_sharpe, "per_seed": m.per_seed, "moments": m.moments},
                  "val_returns": m.val_returns}
        _log(trial, out, record)
        return m.val_sharpe

    done = len(study.get_trials(deepcopy=False, states=FINISHED))
    if done < target:
        study.optimize(objective, n_trials=target - done, callbacks=[MaxTrialsCallback(target, states=FINISHED)],
                       catch=(), gc_after_trial=True)
    finished = study.get_trials(deepcopy=False, states=FINISHED)
    complete = [t for t in finished if t.state == TrialState.COMPLETE]
    best = max(complete, key=lambda t: float(t.value or float("-inf"))) if complete else None
    return PhaseResult(study.study_name, len(finished), ran, best.number if best else None,
                       best.value if best else None, dict(best.params) if best else {})


def _log(trial: optuna.Trial, out: Path, record: dict[str, Any]) -> None:
    for k, v in record.items():
        trial.set_user_attr(k, v)
    append_record(out / f"{record['study']}.jsonl", record)
