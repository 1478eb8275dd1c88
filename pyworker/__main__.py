"""Command dispatcher: ``python -m pyworker <command> ...``.

Each command lives in its own package's ``cli`` module so that ``model``, ``portfolio``
and ``train`` never import ``server``.
"""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS: dict[str, str] = {
    "serve": "pyworker.server.cli",
    "model": "pyworker.model.cli",
    "profile": "pyworker.model.profile",
    "portfolio": "pyworker.portfolio.cli",
    "train": "pyworker.train.cli",
    "tune": "pyworker.tune.cli",
}


def _limit_threads(args: list[str]) -> None:
    """Sets the BLAS/OpenMP thread count before numpy or torch load (they read it at import)."""
    threads = os.environ.get("T2_TORCH_THREADS", "1")
    for i, a in enumerate(args):
        if a == "--threads" and i + 1 < len(args):
            threads = args[i + 1]
        elif a.startswith("--threads="):
            threads = a.split("=", 1)[1]
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, threads)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print("usage: python -m pyworker {" + ",".join(COMMANDS) + "} [options]")
        return 0 if args else 2
    cmd, rest = args[0], args[1:]
    module = COMMANDS.get(cmd)
    if module is None:
        print(f"pyworker: unknown command {cmd!r}; choose one of {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    if cmd == "serve":
        _limit_threads(rest)
    mod = importlib.import_module(module)
    return int(mod.main(rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
