"""Errors of the tuning package: a bad tuning/ablation config or a run that cannot proceed."""

from __future__ import annotations


class TuneError(Exception):
    """A tuning or ablation run cannot proceed (e.g. the split would touch test days)."""


class TuneConfigError(TuneError):
    """A tuning/ablation YAML is invalid; the message names the key."""
