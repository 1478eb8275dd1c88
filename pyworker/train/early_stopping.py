"""Early stopping on validation Sharpe (PRD 5.3: patience 30) as a pure, immutable state machine.

``state = state.step(epoch, value)`` returns a new state; ``state.improved`` says whether the
epoch just seen is the new best (save the best checkpoint), ``state.should_stop`` whether
``patience`` epochs passed without an improvement > ``min_delta``. NaN never improves.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EarlyStopping:
    """Maximizes the monitored value. No clock, no I/O."""

    patience: int = 30  # PRD 5.3
    min_delta: float = 0.0
    best: float = -math.inf
    best_epoch: int = 0
    bad_epochs: int = 0
    improved: bool = False

    def step(self, epoch: int, value: float) -> EarlyStopping:
        """The state after observing ``value`` at ``epoch``.

        >>> s = EarlyStopping(patience=2).step(1, 0.5).step(2, 0.4)
        >>> s.best, s.best_epoch, s.bad_epochs, s.should_stop
        (0.5, 1, 1, False)
        """
        better = not math.isnan(value) and (value > self.best + self.min_delta or self.best == -math.inf)
        if better:
            return dataclasses.replace(self, best=value, best_epoch=epoch, bad_epochs=0, improved=True)
        return dataclasses.replace(self, bad_epochs=self.bad_epochs + 1, improved=False)

    @property
    def should_stop(self) -> bool:
        return self.bad_epochs >= self.patience

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EarlyStopping:
        return cls(**d)
