"""Where one training step's time goes: window sampling, model forward, portfolio layer, loss, backward, optimizer.

    .venv/bin/python bench/py/profile_train_step.py --model test --n 8            # CPU smoke run
    python3 bench/py/profile_train_step.py --device cuda --model full --n 100     # on a GPU box

Each phase is timed with a device synchronize around it (so the phases add up to the step; an
unsynchronized loop overlaps them and runs a little faster). The portfolio layer's backward is part
of "backward"; it is also timed alone ("layer fwd+bwd alone") on the step's own mu and Sigma factor
form (as the training loop feeds it), and with the dense Sigma for comparison.
Prints a table and writes JSON rows {name, metric, value, unit, note}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from pyworker.data import WindowSampler, make_synthetic_dataset  # noqa: E402
from pyworker.model import build_model, compile_model, load_config  # noqa: E402
from pyworker.portfolio import FactorCov  # noqa: E402
from pyworker.train import load_train_config  # noqa: E402
from pyworker.train.loop import loss_weights  # noqa: E402
from pyworker.train.loss import compute_loss  # noqa: E402
from pyworker.train.runtime import resolve_runtime  # noqa: E402
from pyworker.train.weights import portfolio_weights  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--model", default="full", help="configs/model/<name>.yaml")
    ap.add_argument("--n", type=int, default=100, help="factors")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/train_step.json")
    args = ap.parse_args(argv)
    torch.set_num_threads(1 if args.device == "cpu" else torch.get_num_threads())
    mc = load_config(ROOT / f"configs/model/{args.model}.yaml", n_factors=args.n)
    T = mc.lookback + args.batch * 2 + 50
    ds, _ = make_synthetic_dataset(T=T, N=args.n, seed=0, signal_ic=0.5, start="2010-01-04")
    tc = load_train_config(ROOT / "configs/train/default.yaml", device=args.device, batch_size=args.batch)
    rt = resolve_runtime(tc)
    dev = rt.device
    sampler = WindowSampler(ds, mc.lookback, tc.horizon, dev, tc.min_factors)
    model = build_model(mc, device=dev, seed=0)
    if rt.compile:
        compile_model(model)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    lw = loss_weights(tc)
    days = torch.arange(mc.lookback, mc.lookback + args.batch).numpy()

    def sync() -> None:
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)

    times: dict[str, list[float]] = {}

    def timed(name: str, fn: Callable[[], Any], record: bool) -> Any:
        sync()
        t0 = time.perf_counter()
        out = fn()
        sync()
        if record:
            times.setdefault(name, []).append((time.perf_counter() - t0) * 1e3)
        return out

    model.train()
    for i in range(args.warmup + args.steps):
        rec = i >= args.warmup
        t_step = time.perf_counter()
        b = timed("sample batch", lambda: sampler.batch(days), rec)

        def fwd() -> tuple[torch.Tensor, torch.Tensor, FactorCov]:
            with rt.autocast():
                (mu, sigma), (g, d) = model.forward_factored(b.x, b.mask)  # noqa: B023
            return mu.float(), sigma.float(), FactorCov(g.float(), d.float())

        mu, sigma, fac = timed("model forward", fwd, rec)
        # as the training loop: the layer gets the covariance head's factor form
        w = timed("portfolio layer forward", lambda: portfolio_weights(mu, fac, b.mask, tc), rec)  # noqa: B023
        parts = timed("loss", lambda: compute_loss(mu, sigma, w, b.mu_actual, b.sigma_actual, b.mask, b.t, lw),  # noqa: B023
                      rec)
        opt.zero_grad(set_to_none=True)
        timed("backward (model + layer)", lambda: parts.total.backward(), rec)  # noqa: B023
        timed("clip + optimizer step", lambda: (torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0),
                                                opt.step()), rec)
        if rec:
            times.setdefault("whole step", []).append((time.perf_counter() - t_step) * 1e3)
        m2 = mu.detach().requires_grad_(True)
        f2 = FactorCov(fac.G.detach().requires_grad_(True), fac.D.detach().requires_grad_(True))
        timed("layer fwd+bwd alone", lambda: portfolio_weights(m2, f2, b.mask, tc).square().sum().backward(),  # noqa: B023
              rec)
        s2 = sigma.detach().requires_grad_(True)
        timed("layer fwd+bwd, dense Sigma", lambda: portfolio_weights(m2, s2, b.mask, tc).square().sum().backward(),  # noqa: B023
              rec)
    name = torch.cuda.get_device_name() if dev.type == "cuda" else "CPU 1 thread"
    note = (f"{name}; {args.model} config, N={args.n}, T={mc.lookback}, batch {args.batch}, bf16={rt.bf16}, "
            f"compile={rt.compile}, median of {args.steps} steps after {args.warmup}")
    rows = [{"name": f"train_step.{k}", "metric": "time per batch", "value": round(statistics.median(v), 2),
             "unit": "ms", "note": note} for k, v in times.items()]
    print(note)
    for r in rows:
        print(f"{str(r['name'])[11:]:<30}{r['value']:>10} ms")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
