"""Independent numpy/scipy reference implementations of the backtest engine, metrics and tests.

They exist to produce golden fixtures (tests/fixtures/backtest/) that the TypeScript core must match;
regenerate with `.venv/bin/python -m pyworker.reference.fixtures`.
"""
