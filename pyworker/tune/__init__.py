"""Hyperparameter tuning and ablation studies (issue 9, PRD 8) on optuna; docs/tuning.md.

Public API::

    cfg = load_tune_config("configs/tune/quick.yaml")            # strict YAML -> TuneConfig
    res = run_phase(cfg, "search", worker=0)                      # runs/resumes/joins the optuna study
    summary = run_ablation(load_ablation_config("configs/tune/ablate-quick.yaml"))
    summary = run_ablation(load_ablation_config("configs/tune/plan-b-quick.yaml"))  # PRD 14.1 Plan B models
    fitted = fit_gbm(WindowSampler(ds, lookback), split.train); fitted.predict_mu(x_t, mask)  # LightGBM mu
    deflated_sharpe(read_records(Path("runs/tune/quick.jsonl")))  # DSR of the best trial over all
    tuning_view(ds, split)                                        # data cut before the test period

    export_summary([Path("runs/tune/quick.jsonl")], [Path("runs/ablate/ablate-quick/ablation.json")])  # report JSON

CLI: ``python -m pyworker tune run|ablate|experiments|export ...``.
"""

from .ablate_run import format_table, run_ablation
from .ablation import (
    VARIANTS,
    Variant,
    ablated_dataset,
    column_mask,
    kept_width,
    variant_configs,
    variant_model,
)
from .bootstrap import DeltaCI, sharpe_delta_ci
from .config import (
    AblationConfig,
    ParamSpec,
    PhaseConfig,
    TuneConfig,
    load_ablation_config,
    load_tune_config,
    tune_config_from_dict,
)
from .dsr import deflated_sharpe
from .errors import TuneConfigError, TuneError
from .explog import append_record, find_record, read_records
from .export import config_summary, export_summary
from .gbm import FittedGBM, GBMConfig, factor_rows, fit_gbm, predict_days, run_gbm
from .guard import tuning_end, tuning_view
from .objective import TrialMetrics, member_returns, run_params
from .space import NumberedGridSampler, apply_params, make_sampler, suggest
from .study import PhaseResult, open_storage, run_phase
from .validation import validation_returns

__all__ = [
    "VARIANTS",
    "AblationConfig",
    "DeltaCI",
    "FittedGBM",
    "GBMConfig",
    "NumberedGridSampler",
    "ParamSpec",
    "PhaseConfig",
    "PhaseResult",
    "TrialMetrics",
    "TuneConfig",
    "TuneConfigError",
    "TuneError",
    "Variant",
    "ablated_dataset",
    "append_record",
    "apply_params",
    "column_mask",
    "config_summary",
    "deflated_sharpe",
    "export_summary",
    "factor_rows",
    "find_record",
    "fit_gbm",
    "format_table",
    "kept_width",
    "load_ablation_config",
    "load_tune_config",
    "make_sampler",
    "member_returns",
    "open_storage",
    "predict_days",
    "read_records",
    "run_ablation",
    "run_gbm",
    "run_params",
    "run_phase",
    "sharpe_delta_ci",
    "suggest",
    "tune_config_from_dict",
    "tuning_end",
    "tuning_view",
    "validation_returns",
    "variant_configs",
    "variant_model",
]
