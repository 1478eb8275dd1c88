"""Typed errors of training: bad config, bad resume, failed run."""

from __future__ import annotations


class TrainError(RuntimeError):
    """A training run cannot proceed (e.g. resume from a checkpoint of another dataset)."""


class TrainConfigError(ValueError):
    """Invalid train config; the message names the offending key."""
