"""``python -m pyworker.portfolio solve``: see :mod:`pyworker.portfolio.cli`."""

from __future__ import annotations

import sys

from .cli import main

raise SystemExit(main(sys.argv[1:]))
