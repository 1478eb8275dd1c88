"""Fast batched max-Sharpe solver with the volatility floor (DESIGN 6), torch, CPU or GPU.

Same decision chain and statuses as :mod:`reference`, run for the whole batch at once:

1. per-row floor level: the floor, the relaxed floor (95%, PRD 10.3) or none (min variance);
2. case A: the face of ``min 1/2 z'Sigma z - mu'z, z >= 0`` (w = z / 1'z is the long-only
   tangency portfolio), then the exact point on its support;
3. case B: the face of ``max mu'w, w'Sigma w <= f^2, 1'w = 1, w >= 0``, then the closed-form
   frontier point at vol f on its support;
4. case C: exact enumeration of simplex edges crossing the floor (:mod:`fast_edges`);
5. min variance: its face, then the closed form on its support; equal weight if that fails.

Two phases. **Decide** (no autograd): each face is first sought by active-set steps
(:func:`fast_polish.repair_support`) from a start support: the assets with mu > 0 for the tangency,
the row's tangency (or minimum-variance) support for the floor, which lies further up the same
efficient frontier, and all assets for minimum variance. Rows those steps do not settle within
``ACTIVE_SET_ROUNDS`` go to the IPM: it runs to a loose tolerance (``IDENTIFY_TOL``), its support
is repaired the same way, and only rows that still fail continue the IPM, warm-started, to
``TIGHT_TOL``. The KKT check of the closed form, not a tolerance, certifies every answer (the
three problems are convex, so a face that passes it is the optimum).
**Differentiate**: each row's closed form on its face (tangency, floor, min variance, edge) is
evaluated once, with autograd, on the rows that take it; backward is implicit differentiation
of the active problem and reuses the forward's Cholesky factor.

Rows with no differentiable form carry constant weights and a zero gradient: a single
available asset, equal weight, a case-C vertex (all locally constant), and rows whose closed
form failed its KKT check (``exact`` False: a degenerate face, e.g. mu constant on the support
or a singular Sigma on it, where the solution is not a differentiable function of the inputs).
Such rows carry the IPM point and :func:`pyworker.portfolio.batch.optimize_batch` re-solves
them with the reference solver. Closed forms are never evaluated on rows that do not use them:
a discarded row's inf (singular Sigma_SS, sqrt(0) in the floor frontier) would otherwise meet
its zero upstream gradient in backward as 0 * inf = NaN (issue 5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch

from .constants import DEFAULT_VOL_FLOOR_DAILY, MIN_SCALE_REL, RELAX_FACTOR, VOL_REL_TOL
from .errors import PortfolioInputError
from .fast_cov import Cov, DenseCov, FactorCov, check_factor, quad_form
from .fast_edges import best_edge, edge_point
from .fast_ipm import IpmResult, ipm
from .fast_polish import (
    floor_on_support,
    kkt_floor,
    kkt_min_variance,
    kkt_tangency,
    min_variance_on_support,
    repair_support,
    tangency_on_support,
)
from .fast_validate import check_batch, check_mu

KKT_TOL = 1e-7
ACTIVE_SET_ROUNDS = 12
"""Active-set rounds from a start support before a row falls back to the IPM (tangency from
mu > 0: <= 6 on the benchmark batch; floor from the tangency support's top assets: <= 4)."""
FLOOR_START_TOP = 10
"""The floor's active-set start: this many best-mu assets of the row's tangency support."""
IDENTIFY_TOL = 1e-3
"""IPM tolerance of the first pass: enough to find the face (or one active-set step from it)."""
TIGHT_TOL = 1e-10
"""IPM tolerance for the rows whose repaired face still fails the KKT check."""
_STATUS = {"A": "tangency", "B": "floor", "C": "floor_nonconvex"}
_CONST, _TAN, _FLOOR, _MV, _EDGE = 0, 1, 2, 3, 4  # how a row's weights are formed (Plan.form)


@dataclass
class FastResult:
    """Batched result; tensors are (B, N) or (B,), weights differentiable w.r.t. mu and sigma."""

    weights: torch.Tensor
    status: list[str]
    case: list[str]
    ret: torch.Tensor
    vol: torch.Tensor
    sharpe: torch.Tensor
    nonpositive_sharpe: torch.Tensor
    exact: torch.Tensor
    diagnostics: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Plan:
    """The decide phase's output, per row (no autograd)."""

    form: torch.Tensor  # (B,) long: _CONST, _TAN, _FLOOR, _MV or _EDGE
    support: torch.Tensor  # (B, n) bool face of the closed form
    w_const: torch.Tensor  # (B, n) weights of _CONST rows
    edge: torch.Tensor  # (B, 3): i, j, root sign of _EDGE rows
    exact: torch.Tensor  # (B,) bool


def _normalize(x: torch.Tensor, free: torch.Tensor) -> torch.Tensor:
    x = x.clamp(min=0.0)
    tot = x.sum(-1, keepdim=True)
    eq = free.to(x.dtype)
    return torch.where(tot > 0, x / torch.where(tot > 0, tot, 1.0), eq / eq.sum(-1, keepdim=True))


def _finite(w: torch.Tensor, viol: torch.Tensor) -> torch.Tensor:
    return torch.where(torch.isfinite(w).all(-1, keepdim=True), viol, torch.inf)


Violations = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
ClosedForm = Callable[[torch.Tensor | slice, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]
"""(rows, S_rows) -> (w_rows, per-asset KKT violations) of a face's closed form on those rows."""
RunIpm = Callable[[torch.Tensor | None, float, tuple[torch.Tensor, ...] | None], IpmResult]


def _on_rows(violations: Violations, idx: torch.Tensor) -> Violations:
    """``violations`` of the sub-batch ``idx``: its row r is row idx[r] of the batch."""
    return lambda rows, S_r: violations(idx[rows], S_r)


def _face_ipm(run: RunIpm, violations: Violations, free: torch.Tensor, diag: dict[str, Any],
              key: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Support S (B, n), ok (B,) and the IPM point (B, n): loose IPM, repair, then tight IPM on
    the rows still failing (warm-started) and repair again. Called under no_grad."""
    res = run(None, IDENTIFY_TOL, None)
    S = (res.x > res.s) & free
    S, ok, _ = repair_support(S, violations(torch.arange(S.shape[0], device=S.device), S), KKT_TOL, violations)
    x = res.x
    diag[key] = res.iterations
    bad = torch.nonzero(~ok)[:, 0]
    if bad.numel():
        more = run(bad, TIGHT_TOL, tuple(t[bad] for t in res.state))
        S_b = (more.x > more.s) & free[bad]
        sub = _on_rows(violations, bad)
        S_b, ok_b, _ = repair_support(S_b, sub(torch.arange(bad.numel(), device=bad.device), S_b), KKT_TOL, sub)
        S, ok, x = S.index_put((bad,), S_b), ok.index_put((bad,), ok_b), x.index_put((bad,), more.x)
        diag[key + "_continued"] = (bad.numel(), more.iterations)
    return S, ok, _normalize(x, free)


def _face(run: RunIpm, closed: ClosedForm, free: torch.Tensor, diag: dict[str, Any], key: str,
          start: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Support S (B, n), ok (B,) and weights (B, n): the closed form on S where ok, the IPM point
    elsewhere.

    With a ``start`` support (B, n), active-set steps from it first (:func:`repair_support`, up
    to ``ACTIVE_SET_ROUNDS``): rows whose closed form passes the KKT check there need no IPM at
    all; only the others go through :func:`_face_ipm`. Either way the KKT check accepts a row.
    Called under no_grad. Each row's closed form is kept from its last evaluation, which is on
    the support returned (no second solve).
    """
    Bsz = free.shape[0]
    w_last = torch.zeros(free.shape, dtype=torch.float64, device=free.device)

    def violations(rows: torch.Tensor, S_r: torch.Tensor) -> torch.Tensor:
        r = _take(rows, Bsz)
        w_r, viol = closed(r, S_r)
        w_last[r] = w_r
        return _finite(w_r, viol)

    if start is None:
        S, ok, x = _face_ipm(run, violations, free, diag, key)
        return S, ok, torch.where(ok[:, None], w_last, x)
    S = start & free
    S, ok, _ = repair_support(S, violations(torch.arange(Bsz, device=free.device), S), KKT_TOL, violations,
                              rounds=ACTIVE_SET_ROUNDS)
    x = torch.zeros(free.shape, dtype=torch.float64, device=free.device)  # closed form on ok rows
    rest = torch.nonzero(~ok)[:, 0]
    diag[key + "_active_set"] = (Bsz - rest.numel(), Bsz)
    if rest.numel():
        def run_rest(rows: torch.Tensor | None, tol: float, st: tuple[torch.Tensor, ...] | None) -> IpmResult:
            return run(rest if rows is None else rest[rows], tol, st)

        S_r, ok_r, x_r = _face_ipm(run_rest, _on_rows(violations, rest), free[rest], diag, key)
        S, ok, x = S.index_put((rest,), S_r), ok.index_put((rest,), ok_r), x.index_put((rest,), x_r)
    return S, ok, torch.where(ok[:, None], w_last, _normalize(x, free))


def _take(rows: torch.Tensor, n_rows: int) -> torch.Tensor | slice:
    """``rows`` as an index, or a plain slice when it is every row (no copy). Rows passed to
    the violation functions are sorted and distinct (``nonzero`` / ``arange`` and their
    compositions), so all of them means ``arange(n_rows)``."""
    return slice(None) if rows.numel() == n_rows else rows


def _ipm_cov(s: Cov, rows: torch.Tensor | None, tol: float) -> Cov:
    """Sigma for an IPM pass: as given for a loose pass; always dense for the few rows that
    continue to ``TIGHT_TOL``. Near the tight end the Newton systems are very ill-conditioned
    (u -> 0 in the floor constraint), which the dense Cholesky tolerates and the Woodbury form
    does not: there the factor-form IPM stalls (tests/py/test_fast_factor.py)."""
    sub = s if rows is None else s[rows]
    if tol >= IDENTIFY_TOL or isinstance(sub, DenseCov):
        return sub
    return DenseCov(sub.dense())


def _tangency_face(m: torch.Tensor, s: Cov, free: torch.Tensor,
                   diag: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Tangency face; active-set steps start from the assets with mu > 0 (the IPM only for rows
    they do not settle)."""
    def run(rows: torch.Tensor | None, tol: float, start: tuple[torch.Tensor, ...] | None) -> IpmResult:
        r = slice(None) if rows is None else rows
        return ipm(_ipm_cov(s, rows, tol), -m[r], free[r], budget=False, tol=tol, start=start)

    def closed(r: torch.Tensor | slice, S_r: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        m_r, s_r = m[r], s[r]
        w_r = tangency_on_support(m_r, s_r, S_r)
        return w_r, kkt_tangency(m_r, s_r, S_r, w_r, free[r])

    return _face(run, closed, free, diag, "ipm_iterations_A", start=m > 0)


def _min_variance_face(s: Cov, free: torch.Tensor,
                       diag: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    def run(rows: torch.Tensor | None, tol: float, start: tuple[torch.Tensor, ...] | None) -> IpmResult:
        r = slice(None) if rows is None else rows
        return ipm(_ipm_cov(s, rows, tol), torch.zeros_like(free[r], dtype=torch.float64), free[r], budget=True, tol=tol,
                   start=start)

    def closed(r: torch.Tensor | slice, S_r: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        s_r = s[r]
        w_r = min_variance_on_support(s_r, S_r)
        return w_r, kkt_min_variance(s_r, S_r, w_r, free[r])

    return _face(run, closed, free, diag, "ipm_iterations_mv", start=free)


def _floor_face(m: torch.Tensor, s: Cov, free: torch.Tensor, fl: torch.Tensor, diag: dict[str, Any],
                start: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Floor face; with ``start`` (the row's tangency support, all False where there is none)
    active-set steps from it first: the floor point lies further up the same efficient frontier."""
    def run(rows: torch.Tensor | None, tol: float, start: tuple[torch.Tensor, ...] | None) -> IpmResult:
        r = slice(None) if rows is None else rows
        return ipm(None, -m[r], free[r], budget=True, quad=(_ipm_cov(s, rows, tol), fl[r] * fl[r]), tol=tol, start=start)

    def closed(r: torch.Tensor | slice, S_r: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        m_r, s_r, fl_r = m[r], s[r], fl[r]
        w_r, x_r, y_r = floor_on_support(m_r, s_r, S_r, fl_r)
        return w_r, kkt_floor(m_r, s_r, S_r, w_r, x_r, y_r, free[r], fl_r)

    return _face(run, closed, free, diag, "ipm_iterations_B", start=start)


def _vol(w: torch.Tensor, sig: Cov) -> torch.Tensor:
    return torch.sqrt(quad_form(sig, w).clamp(min=0.0))


def _decide(mu_s: torch.Tensor, sig_s: Cov, free: torch.Tensor, fl: torch.Tensor, level: torch.Tensor,
            has_pos: torch.Tensor, diag: dict[str, Any]) -> tuple[_Plan, list[str]]:
    """Case, face and exactness of every row (DESIGN 6 chain, as in :mod:`reference`); no grad."""
    Bsz, n = mu_s.shape
    dev = mu_s.device
    k = free.sum(-1)
    plan = _Plan(form=torch.zeros(Bsz, dtype=torch.long, device=dev), support=torch.zeros_like(free),
                 w_const=torch.zeros_like(mu_s), edge=torch.zeros(Bsz, 3, dtype=mu_s.dtype, device=dev),
                 exact=torch.ones(Bsz, dtype=torch.bool, device=dev))
    case = ["?"] * Bsz

    def put(idx: torch.Tensor, form: int, S: torch.Tensor, w: torch.Tensor, ok: torch.Tensor,
            letter: str | list[str]) -> None:
        plan.form[idx] = torch.where(ok, form, _CONST)
        plan.support[idx] = S
        plan.w_const[idx] = w
        plan.exact[idx] = ok
        letters = letter if isinstance(letter, list) else [letter] * idx.numel()
        for r, c in zip(idx.tolist(), letters, strict=True):
            case[r] = c

    single = k == 1
    idx = torch.nonzero(single & (level < 2))[:, 0]
    if idx.numel():
        ones = torch.ones(idx.numel(), dtype=torch.bool, device=dev)
        put(idx, _CONST, free[idx], free[idx].to(mu_s.dtype), ones, ["A" if h else "B" for h in has_pos[idx].tolist()])
    todo = (level < 2) & ~single
    idx = torch.nonzero(todo & has_pos)[:, 0]
    floor_start = torch.zeros_like(free)  # where the floor's active-set steps start (none: IPM)
    # (the tangency support, or, for rows without a positive mu, the minimum-variance one: the
    # floor point lies further up the efficient frontier from either)
    if idx.numel():
        sig_i = sig_s[idx]
        S, ok, w = _tangency_face(mu_s[idx], sig_i, free[idx], diag)
        floor_start[idx] = S & ok[:, None]
        is_a = _vol(w, sig_i) >= fl[idx] * (1.0 - VOL_REL_TOL)
        put(idx[is_a], _TAN, S[is_a], w[is_a], ok[is_a], "A")
        todo[idx[is_a]] = False
    jstar = torch.where(free, mu_s, -torch.inf).argmax(-1)
    djj = sig_s.diag().gather(1, jstar[:, None])[:, 0]
    tol2 = (1.0 - VOL_REL_TOL) ** 2
    is_c = todo & (djj < fl**2 * tol2)
    is_b = todo & ~is_c
    # All mu <= 0 and even the minimum-variance portfolio is above the floor: see reference.py.
    idx = torch.nonzero((is_b & ~has_pos) | (level == 2))[:, 0]
    if idx.numel():
        sig_i = sig_s[idx]
        S, ok, w = _min_variance_face(sig_i, free[idx], diag)
        floor_start[idx] = S & ok[:, None]  # rows with no tangency: the floor steps start here
        lv = level[idx]
        above = (lv < 2) & (_vol(w, sig_i) > fl[idx])
        mv = (lv == 2) | above
        put(idx[mv], _MV, S[mv], w[mv], ok[mv], ["D" if d else "B" for d in (lv[mv] == 2).tolist()])
        is_b[idx[above]] = False
        diag["min_variance_above_floor"] = idx[above].tolist()
    idx = torch.nonzero(is_b)[:, 0]
    if idx.numel():
        start = floor_start[idx]
        # its FLOOR_START_TOP best-mu assets: the floor point sits further toward the max-return
        # end, on fewer assets (4 active-set rounds instead of 8 on the benchmark batch)
        k_top = min(FLOOR_START_TOP, n)
        top = torch.where(start, mu_s[idx], -torch.inf).topk(k_top, -1).indices
        start = start & torch.zeros_like(start).scatter(1, top, True)
        S, ok, w = _floor_face(mu_s[idx], sig_s[idx], free[idx], fl[idx], diag, start=start)
        put(idx, _FLOOR, S, w, ok, "B")
    idx = torch.nonzero(is_c)[:, 0]
    if idx.numel():
        i, j, sgn, is_vertex = best_edge(mu_s[idx], sig_s[idx], free[idx], fl[idx])
        vertex = torch.nn.functional.one_hot(i, n).to(mu_s.dtype)
        ones = torch.ones(idx.numel(), dtype=torch.bool, device=dev)
        put(idx, _EDGE, free[idx], vertex, ones, "C")
        plan.form[idx] = torch.where(is_vertex, _CONST, _EDGE)  # a vertex is locally constant
        plan.edge[idx] = torch.stack([i.to(mu_s.dtype), j.to(mu_s.dtype), sgn], -1)
    return plan, case


def _edge_weights(sig_s: Cov, fl: torch.Tensor, edge: torch.Tensor) -> torch.Tensor:
    i, j = edge[:, 0].long(), edge[:, 1].long()
    t = edge_point(sig_s, fl, i, j, edge[:, 2])
    rows = torch.arange(t.shape[0], device=t.device)
    w = torch.zeros(sig_s.shape, dtype=t.dtype, device=t.device)
    return w.index_put((rows, j), 1.0 - t).index_put((rows, i), t, accumulate=True)


def _differentiate(mu_s: torch.Tensor, sig_s: Cov, fl: torch.Tensor, plan: _Plan) -> torch.Tensor:
    """(B, n) weights: each row's closed form, with autograd, evaluated only on its own rows."""
    w = plan.w_const
    forms: dict[int, Callable[[torch.Tensor], torch.Tensor]] = {
        _TAN: lambda r: tangency_on_support(mu_s[r], sig_s[r], plan.support[r]),
        _FLOOR: lambda r: floor_on_support(mu_s[r], sig_s[r], plan.support[r], fl[r])[0],
        _MV: lambda r: min_variance_on_support(sig_s[r], plan.support[r]),
        _EDGE: lambda r: _edge_weights(sig_s[r], fl[r], plan.edge[r]),
    }
    for form, fn in forms.items():
        rows = torch.nonzero(plan.form == form)[:, 0]
        if rows.numel():
            w = w.index_put((rows,), fn(rows))
    return w


def solve_fast(mu: torch.Tensor, sigma: torch.Tensor | FactorCov, vol_floor: float = DEFAULT_VOL_FLOOR_DAILY,
               mask: torch.Tensor | None = None, check_psd: bool = True) -> FastResult:
    """Solve a (B, N) batch of max-Sharpe-with-floor problems; float64 internally, on the
    inputs' device. ``sigma`` is the (B, N, N) covariance or its factor form
    :class:`FactorCov` ``(G, D)``, Sigma = G G' + diag(D) (the model's covariance head): the
    same answers, with O(N K^2) instead of O(N^3) work per Newton step (:mod:`fast_cov`).

    >>> r = solve_fast(torch.tensor([[1e-3, 5e-4]]), torch.tensor([[[4e-4, 0.0], [0.0, 1e-4]]]))
    >>> r.status
    ['tangency']
    """
    if not isinstance(mu, torch.Tensor) or not isinstance(sigma, torch.Tensor | FactorCov):
        raise PortfolioInputError("BAD_DTYPE", "mu must be a torch tensor and sigma a tensor or FactorCov")
    if not (vol_floor > 0 and vol_floor < float("inf")):
        raise PortfolioInputError("BAD_FLOOR", f"vol_floor must be a positive finite number, got {vol_floor}")
    cov: Cov
    if isinstance(sigma, FactorCov):
        out_dtype = sigma.G.dtype
        cov, free = check_factor(sigma.G, sigma.D, mask)
        mu64 = check_mu(mu.double(), free)
    else:
        out_dtype = sigma.dtype
        mu64_, sig64, free = check_batch(mu.double(), sigma.double(), mask, check_psd)
        assert mu64_ is not None
        mu64, cov = mu64_, DenseCov(sig64)
    with torch.no_grad():
        # Scaled units: Sigma / v^2 so the floor is 1 (see reference.py), unless v is tiny next to
        # the largest variance; then Sigma / (MIN_SCALE_REL dmax), floor f0 = v / sqrt(scale) < 1.
        dmax_raw = torch.where(free, cov.diag().detach(), -torch.inf).amax(-1)
        scale = torch.clamp(MIN_SCALE_REL * dmax_raw, min=vol_floor**2)  # (B,)
        f0 = torch.where(scale > vol_floor**2, vol_floor / torch.sqrt(scale), 1.0)  # (B,) 1 unless v is tiny
        c = torch.where(free, mu64.abs(), 0.0).amax(-1).clamp(min=1e-300)
        dmax = dmax_raw / scale
        tol2 = (1.0 - VOL_REL_TOL) ** 2
        level = torch.where(dmax >= f0**2 * tol2, 0, torch.where(dmax >= (RELAX_FACTOR * f0) ** 2 * tol2, 1, 2))
        fl = torch.where(level == 1, RELAX_FACTOR, 1.0).to(mu64.dtype) * f0
        has_pos = (torch.where(free, mu64, -torch.inf) > 0).any(-1)
        diag: dict[str, Any] = {}
        plan, case = _decide(mu64 / c[:, None], cov.detach().scaled(1.0 / scale), free, fl, level, has_pos, diag)
        level_l = level.tolist()
        exact_l = plan.exact.tolist()
        status = ["min_variance" if cs == "D" and ex else "equal_weight" if cs == "D"
                  else "relaxed" if lv == 1 else _STATUS[cs] for cs, ex, lv in zip(case, exact_l, level_l, strict=True)]
        eq_rows = torch.tensor([st == "equal_weight" for st in status], device=free.device)
        if any(st == "equal_weight" for st in status):
            eq = free.to(mu64.dtype) / free.sum(-1, keepdim=True)
            plan.w_const = torch.where(eq_rows[:, None], eq, plan.w_const)
            plan.form = torch.where(eq_rows, _CONST, plan.form)
            plan.exact = plan.exact | eq_rows
    w_out = _differentiate(mu64 / c[:, None], cov.scaled(1.0 / scale), fl, plan)
    ret = (mu64 * w_out).sum(-1)
    vol = _vol(w_out, cov)
    return FastResult(weights=w_out.to(out_dtype), status=status, case=case, ret=ret, vol=vol,
                      sharpe=ret / vol, nonpositive_sharpe=(ret.detach() <= 0), exact=plan.exact, diagnostics=diag)


def min_variance_fast(sigma: torch.Tensor, mask: torch.Tensor | None = None,
                      check_psd: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """Batched long-only minimum variance (B, N) and a (B,) flag of rows that passed the KKT check."""
    _, sig64, free = check_batch(None, sigma.double(), mask, check_psd)
    scale = torch.where(free, sig64.detach().diagonal(dim1=-2, dim2=-1), 0.0).amax(-1)
    sig_s = DenseCov(sig64 / scale[:, None, None])
    with torch.no_grad():
        S, ok, w_ipm = _min_variance_face(sig_s.detach(), free, {})
    rows = torch.nonzero(ok)[:, 0]
    w = w_ipm.index_put((rows,), min_variance_on_support(sig_s[rows], S[rows])) if rows.numel() else w_ipm
    return w.to(sigma.dtype), ok
