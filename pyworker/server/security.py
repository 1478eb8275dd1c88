"""Endpoint security (issue 2 item 9): loopback/ipc by default; anything else needs CURVE keys."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import zmq


@dataclass(frozen=True)
class CurveKeys:
    public: bytes
    secret: bytes


def is_local_endpoint(endpoint: str) -> bool:
    """True for ipc://, inproc:// and tcp:// on a loopback address."""
    scheme, _, rest = endpoint.partition("://")
    if scheme in ("ipc", "inproc"):
        return True
    if scheme != "tcp":
        return False
    host = urlsplit("//" + rest).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_secure_endpoint(endpoint: str, curve: CurveKeys | None, allow_insecure: bool) -> None:
    if curve is None and not allow_insecure and not is_local_endpoint(endpoint):
        raise SystemExit(
            f"refusing to bind {endpoint} without CURVE keys: a non-loopback endpoint must use "
            "--curve-secret-key-file (generate one with `python -m pyworker serve --gen-keys DIR`)"
        )


def load_keys(secret_file: str) -> CurveKeys:
    """Reads a ZeroMQ certificate written by zmq.auth.create_certificates (public + secret key)."""
    import zmq.auth

    public, secret = zmq.auth.load_certificate(secret_file)
    if secret is None:
        raise SystemExit(f"{secret_file} holds no secret key")
    return CurveKeys(public=public, secret=secret)


def generate_keys(directory: str) -> tuple[str, str]:
    import zmq.auth

    Path(directory).mkdir(parents=True, exist_ok=True)
    pub, sec = zmq.auth.create_certificates(directory, "worker")
    return pub, sec


def z85_public(keys: CurveKeys) -> str:
    return keys.public.decode("ascii") if isinstance(keys.public, bytes) else str(keys.public)


__all__ = ["CurveKeys", "generate_keys", "is_local_endpoint", "load_keys", "require_secure_endpoint", "zmq"]
