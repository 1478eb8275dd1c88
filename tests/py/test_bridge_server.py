"""The ROUTER server in-process: health, a long job with progress while ping answers, random frames."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator

import msgpack
import numpy as np
import pytest
import zmq

from pyworker.server import codec
from pyworker.server.server import Server, ServerOptions


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server(ServerOptions(endpoint="tcp://127.0.0.1:*"))
    t = threading.Thread(target=s.serve_forever, daemon=True)
    t.start()
    yield s
    s.state.stopping.set()
    t.join(5)


def _client(endpoint: str) -> zmq.Socket:
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.RCVTIMEO, 5000)
    sock.connect(endpoint)
    return sock


def _req(method: str, params: dict, rid: str = "1") -> list:
    return codec.encode({"v": 1, "id": rid, "method": method, "params": params}, "params")


def _recv(sock: zmq.Socket) -> dict:
    frames = sock.recv_multipart()
    h = codec.unpack_header(frames[0])
    if "result" in h:
        h["result"] = codec.decode_tensors(h["result"], frames, "result")
    return h


def test_echo_and_ping_during_job(server: Server) -> None:
    sock = _client(server.endpoint)
    x = np.random.default_rng(0).standard_normal((3, 5)).astype(np.float32)
    sock.send_multipart(_req("echo", {"x": x, "checksum": True}))
    r = _recv(sock)
    np.testing.assert_array_equal(r["result"]["x"], x)
    assert r["result"]["sum"] == pytest.approx(float(x.astype(np.float64).sum()))

    sock.send_multipart(_req("debug.sleep", {"seconds": 0.6, "steps": 3}, "job"))
    time.sleep(0.05)
    t0 = time.perf_counter()
    sock.send_multipart(_req("ping", {}, "p"))
    msgs = []
    while True:
        m = _recv(sock)
        msgs.append(m)
        if m["id"] == "p":
            break
    assert time.perf_counter() - t0 < 0.3
    while not (msgs[-1]["id"] == "job" and "ok" in msgs[-1]):
        msgs.append(_recv(sock))
    progress = [m["data"]["step"] for m in msgs if m.get("event") == "progress"]
    assert progress == [1, 2, 3]
    assert msgs[-1]["result"] == {"completedSteps": 3}
    sock.close()


def test_random_frames_do_not_kill_the_server(server: Server) -> None:
    sock = _client(server.endpoint)
    rng = random.Random(7)
    n = 2000
    for _ in range(n):
        frames = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) for _ in range(rng.randrange(1, 4))]
        sock.send_multipart(frames)
    codes = [_recv(sock).get("error", {}).get("code", "ok") for _ in range(n)]
    assert "BAD_MESSAGE" in codes
    sock.send_multipart([msgpack.packb({"v": 1, "id": "ok", "method": "ping", "params": {}})])
    r = _recv(sock)
    assert r["id"] == "ok" and r["ok"] is True
    sock.close()
