"""t2-optimizer Python worker: owns tensors (model, training, portfolio optimization).

Entry point: ``python -m pyworker <command>`` (see ``pyworker/__main__.py``).
"""

__version__ = "0.1.0"
