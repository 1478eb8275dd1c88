"""Training (issue 6, PRD 5, DESIGN 7): loss, schedule, early stopping, checkpointed loop, ensemble, CLI.

Public API::

    cfg = load_train_config("configs/train/default.yaml")            # strict YAML -> TrainConfig
    res = train_member(ds, split, model_cfg, cfg, run_dir, seed=0,    # TrainResult
                       resume=False, on_progress=print, should_stop=lambda: False)
    ens = train_ensemble(ds, split, model_cfg, cfg, seeds=[0, 1, 2, 3, 4], run_dir="runs/x")
    compute_loss(mu, sigma, w, mu_actual, sigma_actual, mask, t, LossWeights())
    lr_at(epoch, lr_max, lr_min, warmup, epochs); EarlyStopping(patience).step(epoch, value)

CLI: ``pyworker.train.cli.main(["train", "--dataset", "d.npz", ...])`` (docs/training_guide.md).
"""

from .checkpoint import code_version, load_checkpoint, save_checkpoint
from .config import TrainConfig, load_train_config, train_config_from_dict
from .early_stopping import EarlyStopping
from .ensemble import EnsembleResult, train_ensemble
from .errors import TrainConfigError, TrainError
from .evaluate import EvalResult, evaluate
from .loop import TrainResult, loss_weights, train_member
from .loss import (
    LossParts,
    LossWeights,
    compute_loss,
    frobenius_term,
    huber_term,
    realized_sharpe,
    turnover_term,
)
from .metrics import annualized_sharpe, period_returns, rebalance_days
from .runtime import Runtime, resolve_runtime
from .sample_cov import TrailingSampleCov
from .schedule import lr_at
from .weights import portfolio_weights, softmax_weights

__all__ = [
    "EarlyStopping",
    "EnsembleResult",
    "EvalResult",
    "LossParts",
    "LossWeights",
    "Runtime",
    "TrainConfig",
    "TrainConfigError",
    "TrainError",
    "TrainResult",
    "TrailingSampleCov",
    "annualized_sharpe",
    "code_version",
    "compute_loss",
    "evaluate",
    "frobenius_term",
    "huber_term",
    "load_checkpoint",
    "load_train_config",
    "loss_weights",
    "lr_at",
    "period_returns",
    "portfolio_weights",
    "realized_sharpe",
    "rebalance_days",
    "resolve_runtime",
    "save_checkpoint",
    "softmax_weights",
    "train_config_from_dict",
    "train_ensemble",
    "train_member",
    "turnover_term",
]
