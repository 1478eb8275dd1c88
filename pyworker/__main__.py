"""Command dispatcher: ``python -m pyworker <command> ...``.

Each command lives in its own package's ``cli`` module so that ``model``, ``portfolio``
and ``train`` never import ``server``.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS: dict[str, str] = {
    "serve": "pyworker.server.cli",
    "model": "pyworker.model.cli",
    "profile": "pyworker.model.profile",
    "portfolio": "pyworker.portfolio.cli",
    "train": "pyworker.train.cli",
    "tune": "pyworker.tune.cli",
}


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
    mod = importlib.import_module(module)
    return int(mod.main(rest) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
