"""The worker's RPC side: codec, contract validation, job runner, ZeroMQ ROUTER server, in-process entry.

``model``, ``portfolio`` and ``train`` never import this package; handlers here import them.
"""

from pyworker.server.contract import Contract, load_contract
from pyworker.server.dispatch import Dispatcher
from pyworker.server.errors import WorkerError

__all__ = ["Contract", "Dispatcher", "WorkerError", "load_contract"]
