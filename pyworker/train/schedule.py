"""Learning-rate schedule as a pure function of the epoch (PRD 5.2).

Epochs are 1-based. Warmup: ``lr(e) = lr_max * e / warmup`` for e = 1..warmup (0 -> lr_max).
Cosine: ``lr(e) = lr_min + 0.5 (lr_max - lr_min)(1 + cos(pi (e - warmup) / (epochs - warmup)))``
for e = warmup+1..epochs, so the last epoch runs at lr_min (PRD 5.2: T = 290 for 300 epochs).
"""

from __future__ import annotations

import math


def lr_at(epoch: int, lr_max: float = 1e-4, lr_min: float = 1e-6, warmup: int = 10, epochs: int = 300) -> float:
    """The learning rate of 1-based ``epoch``.

    >>> lr_at(1), lr_at(10), lr_at(300)
    (1e-05, 0.0001, 1e-06)
    """
    if epoch < 1:
        raise ValueError(f"epoch is 1-based, got {epoch}")
    if epoch <= warmup:
        return lr_max * epoch / warmup
    span = epochs - warmup
    if span <= 0:
        return lr_max
    t = min(epoch - warmup, span)
    return lr_min + 0.5 * (lr_max - lr_min) * (1.0 + math.cos(math.pi * t / span))
