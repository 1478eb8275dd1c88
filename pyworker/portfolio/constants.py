"""Named constants of the portfolio layer: units, floors, statuses, tolerances.

Units (project decision, DESIGN 4): ``mu`` and ``Sigma`` are in DAILY units (mean daily return
over the next 5 days, covariance of daily returns), so the PRD's 10% annualized volatility floor
(PRD 4.5, PRD 10.1) becomes ``0.10 / sqrt(252)`` per day.
"""

from __future__ import annotations

import math
from typing import Final, Literal

TRADING_DAYS_PER_YEAR: Final[int] = 252

# DESIGN 4 ("Horizon units") + PRD 10.1: 10% annualized floor, daily covariance units.
DEFAULT_VOL_FLOOR_DAILY: Final[float] = 0.10 / math.sqrt(TRADING_DAYS_PER_YEAR)
# PRD 10.3 fail-safe: relax the floor to 9.5% annualized when 10% cannot be met.
RELAXED_VOL_FLOOR_DAILY: Final[float] = 0.095 / math.sqrt(TRADING_DAYS_PER_YEAR)
# Ratio applied to any caller-supplied floor when relaxing (0.095 / 0.10).
RELAX_FACTOR: Final[float] = 0.95

Status = Literal["tangency", "floor", "floor_nonconvex", "relaxed", "min_variance", "equal_weight"]
STATUSES: Final[tuple[str, ...]] = (
    "tangency",  # DESIGN 6 case A: the tangency portfolio already meets the floor
    "floor",  # case B: SOCP, the floor binds
    "floor_nonconvex",  # case C: reverse-convex floor, max return at the floor
    "relaxed",  # case D step 1: solved with the floor relaxed to 95% of it
    "min_variance",  # case D step 2: long-only minimum variance
    "equal_weight",  # case D step 3: 1/n over the unmasked assets
)
# Statuses under which the (possibly relaxed) floor is a property of the answer.
FLOOR_STATUSES: Final[frozenset[str]] = frozenset({"tangency", "floor", "floor_nonconvex"})

# Relative tolerance on "vol equals the floor" (case B binding test) and on feasibility tests.
VOL_REL_TOL: Final[float] = 1e-6
# Weights below this (after the solve) are snapped to exactly 0 before renormalising.
WEIGHT_ZERO_TOL: Final[float] = 1e-9
# Relative tolerance for the symmetry check and the PSD check of Sigma (relative to max |eig|).
SYMMETRY_REL_TOL: Final[float] = 1e-8
PSD_REL_TOL: Final[float] = 1e-8
# Solvers scale Sigma by v^2 so the floor is 1 (DESIGN 6 notes), but never by less than this
# fraction of the largest available variance: a near-zero floor (the "no floor" benchmark sends
# 1e-8 per day) would otherwise give a scaled Sigma of ~1e12 and defeat every solver tolerance.
MIN_SCALE_REL: Final[float] = 1e-2
