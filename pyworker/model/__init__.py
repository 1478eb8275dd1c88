"""The forecasting model (issue 4, PRD 4, DESIGN 5): xLSTM encoder + mu and Sigma heads, ensembles.

``encoder.kind`` in the config picks the encoder: xlstm (default), or the PRD 14.1 Plan B
encoders lstm and transformer (``configs/model/lstm.yaml``, ``transformer.yaml``); docs/model.md.

Public API::

    cfg = load_config("configs/model/tiny.yaml", n_factors=N)   # strict YAML -> ModelConfig
    model = build_model(cfg, device="cpu", seed=0)              # ForecastModel
    mu, sigma = model(x, mask)                                  # (B, N), (B, N, N), daily units
    save_member(path, model, cfg, meta); model, cfg, meta = load_member(path)
    Ensemble([m1, m2]).predict(x, mask)                         # mu, sigma, disagreement, mu_std

CLI: ``python -m pyworker model info --config ...`` and ``python -m pyworker profile ...``.
"""

from .acceleration import compile_model
from .checkpoint import load_member, read_member_header, save_member
from .config import ModelConfig, config_from_dict, input_width, load_config
from .covariance_head import CovarianceHead, CovarianceHeadConfig
from .encoder import EncoderConfig, EncoderKind, XLSTMEncoder, resolve_slstm_backend
from .encoder_kinds import Encoder, build_encoder
from .encoder_lstm import LSTMEncoder
from .encoder_transformer import TransformerEncoder
from .ensemble import Ensemble, EnsemblePrediction
from .errors import CheckpointError, ModelConfigError, ModelError, ModelInputError
from .forecaster import Forecast, ForecastModel, build_model
from .masking import apply_mask, check_inputs
from .params import parameter_breakdown
from .return_head import ReturnHead, ReturnHeadConfig

__all__ = [
    "CheckpointError",
    "CovarianceHead",
    "CovarianceHeadConfig",
    "Encoder",
    "EncoderConfig",
    "EncoderKind",
    "Ensemble",
    "EnsemblePrediction",
    "Forecast",
    "LSTMEncoder",
    "ForecastModel",
    "ModelConfig",
    "ModelConfigError",
    "ModelError",
    "ModelInputError",
    "ReturnHead",
    "ReturnHeadConfig",
    "TransformerEncoder",
    "XLSTMEncoder",
    "apply_mask",
    "build_encoder",
    "build_model",
    "compile_model",
    "check_inputs",
    "config_from_dict",
    "input_width",
    "load_config",
    "load_member",
    "parameter_breakdown",
    "read_member_header",
    "resolve_slstm_backend",
    "save_member",
]
