"""Typed errors of the worker-side dataset: ``code`` names the problem for the RPC layer."""

from __future__ import annotations

from typing import Literal

DatasetErrorCode = Literal[
    "SHAPE",  # arrays disagree in T or N, or F != 7 N + 6
    "DTYPE",  # non-numeric arrays, non-string dates/factors
    "NAN_FEATURES",  # NaN or inf in features (masked factors must be zero-filled)
    "DATES_UNSORTED",  # dates not strictly increasing (duplicates included)
    "BAD_MASK",  # mask values other than 0/1, or a NaN return where mask says available
    "BAD_FILE",  # unreadable or incomplete .npz
    "EMPTY",  # no usable sample / empty split
    "BAD_SPLIT",  # unknown split spec or dates outside the data
]


class DatasetError(ValueError):
    """Invalid dataset, window request or split. ``code`` is one of :data:`DatasetErrorCode`."""

    def __init__(self, code: DatasetErrorCode, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code: DatasetErrorCode = code
