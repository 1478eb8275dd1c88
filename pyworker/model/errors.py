"""Typed errors raised by the forecasting model package (bad configs, bad inputs, bad checkpoints)."""

from __future__ import annotations


class ModelError(Exception):
    """Base class of every error this package raises on purpose."""


class ModelConfigError(ModelError, ValueError):
    """A model config is malformed: unknown key, wrong type, inconsistent sizes.

    The message names the offending key path, e.g. ``encoder.dropout[3]``.
    """


class ModelInputError(ModelError, ValueError):
    """A tensor handed to the model has the wrong shape, dtype, device or contains NaN/Inf."""


class CheckpointError(ModelError):
    """A checkpoint file is missing, truncated, of an unknown format, or does not fit its config."""
