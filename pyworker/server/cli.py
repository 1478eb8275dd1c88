"""``python -m pyworker serve``: run the worker (standalone on a GPU box, or spawned by the SDK).

Prints one JSON line ``{"event": "ready", "endpoint": ..., "pid": ..., "shm": dir | false}`` on stdout once bound
(``shm``: the directory of shared-memory segments the worker accepts, false when it takes frames only);
logs go to stderr as JSON lines (the SDK's supervisor forwards them to pino).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import time
from typing import Any

from pyworker.server.security import generate_keys, load_keys, z85_public


class JsonLogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": int(time.time() * 1000),
            "level": record.levelname.lower(),
            "name": record.name,
            "msg": record.getMessage(),
        }
        req_id = getattr(record, "reqId", None)
        if req_id is not None:
            out["reqId"] = req_id
        if record.exc_info:
            out["err"] = self.formatException(record.exc_info)
        return json.dumps(out)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m pyworker serve", description=__doc__)
    p.add_argument("--endpoint", default="tcp://127.0.0.1:5555", help="ZeroMQ endpoint to bind (tcp://host:port, ipc://path; port * = any free port)")
    p.add_argument("--curve-secret-key-file", help="CURVE certificate (required for a non-loopback endpoint)")
    p.add_argument("--gen-keys", metavar="DIR", help="write worker.key / worker.key_secret into DIR and exit")
    p.add_argument("--max-message-mb", type=float, default=None, help="reject messages above this size")
    p.add_argument("--max-jobs", type=int, default=4)
    p.add_argument("--parent-pid", type=int, default=None, help="exit when this process (the SDK) is gone")
    p.add_argument("--allow-debug", action="store_true", help="enable debug.crash (tests only)")
    p.add_argument("--allow-insecure", action="store_true", help="allow a non-loopback endpoint without CURVE (not recommended)")
    p.add_argument("--no-shm", action="store_true", help="refuse shared-memory tensors from local clients (frames only)")
    p.add_argument("--log-level", default=os.environ.get("T2_LOG_LEVEL", "info"))
    p.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("T2_TORCH_THREADS", "1")),
        help="CPU threads for torch/numpy (default 1, or $T2_TORCH_THREADS): on small shared CPUs more threads "
        "were measured 2-5x slower (docs/benchmarks.md); GPU work is unaffected",
    )
    args = p.parse_args(argv)

    if args.gen_keys:
        pub, sec = generate_keys(args.gen_keys)
        print(json.dumps({"public": pub, "secret": sec}))
        return 0

    # pyworker/__main__.py already set OMP/MKL/OPENBLAS_NUM_THREADS from --threads before numpy loaded;
    # torch (imported lazily by the handlers) reads OMP_NUM_THREADS; make it explicit for an in-process start.
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    logging.basicConfig(level=args.log_level.upper(), handlers=[handler], force=True)

    from pyworker.server.server import Server, ServerOptions

    curve = load_keys(args.curve_secret_key_file) if args.curve_secret_key_file else None
    opts = ServerOptions(
        endpoint=args.endpoint,
        curve=curve,
        max_message_bytes=int(args.max_message_mb * 1024 * 1024) if args.max_message_mb else None,
        max_jobs=args.max_jobs,
        parent_pid=args.parent_pid,
        allow_debug=args.allow_debug,
        allow_insecure=args.allow_insecure,
        shm=not args.no_shm,
    )
    server = Server(opts)
    signal.signal(signal.SIGTERM, lambda *_: server.state.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: server.state.stopping.set())
    ready = {"event": "ready", "endpoint": server.endpoint, "pid": os.getpid(), "shm": server.state.segments.directory if server.state.segments else False}
    if curve is not None:
        ready["publicKey"] = z85_public(curve)
    print(json.dumps(ready), flush=True)
    server.serve_forever()
    return 0
