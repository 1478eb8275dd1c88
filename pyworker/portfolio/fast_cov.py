"""The covariance as an operator for the fast solver: dense ``Sigma`` or the factor form
``Sigma = G G' + diag(D)`` (the model's covariance head, DESIGN 5: G = B L with F = L L').

Everything the fast solver does with Sigma goes through :class:`Cov`: products ``Sigma x``,
the diagonal, single entries, restricted solves ``Sigma_SS z = r`` (differentiable), and the
IPM's Newton systems ``c Sigma + l g g' + diag(h)``. :class:`DenseCov` factors them with a
batched (B, n, n) Cholesky, O(n^3) per row; :class:`FactorCov` uses the Woodbury identity,
O(n k^2) per row with a (k + 1) x (k + 1) Cholesky, so a K = 20 factor model at n = 100 costs
a fraction of the dense path (docs/benchmarks.md, "Portfolio layer"). Both give the same
answers (tests/py/test_fast_factor.py); only the arithmetic differs.

Masking: the solver passes ``f`` (B, n) in {0, 1}; masked rows and columns are treated as the
identity in every solve, so a masked asset's component is 0 and never touches the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import torch

from .errors import PortfolioInputError
from .fast_validate import check_mask, first_row


class NewtonSolver(Protocol):
    ok: torch.Tensor
    """(B,) bool: the factorization succeeded on this row."""

    def solve(self, rhs: torch.Tensor) -> torch.Tensor:
        """(B, n) -> (B, n) solution of the Newton system."""


class Cov(Protocol):
    """A batch of covariance matrices (B, n, n), float64, any device."""

    @property
    def shape(self) -> tuple[int, int]: ...

    def __getitem__(self, rows: Any) -> Cov: ...

    def scaled(self, s: torch.Tensor) -> Cov:
        """Sigma * s per row, s (B,)."""

    def masked(self, f: torch.Tensor) -> Cov:
        """Rows and columns where f (B, n) is 0 set to 0."""

    def detach(self) -> Cov: ...

    def matvec(self, x: torch.Tensor) -> torch.Tensor:
        """(B, n) Sigma x."""

    def diag(self) -> torch.Tensor:
        """(B, n) diagonal."""

    def entry(self, i: torch.Tensor, j: torch.Tensor) -> torch.Tensor:
        """(B,) Sigma[b, i_b, j_b], differentiable."""

    def dense(self) -> torch.Tensor:
        """(B, n, n) matrix."""

    def rows(self, idx: torch.Tensor) -> torch.Tensor:
        """(B, m, n) rows Sigma[b, idx[b, r], :] for idx (B, m) long."""

    def block(self, idx: torch.Tensor) -> torch.Tensor:
        """(B, m, m) block Sigma[b, idx[b], idx[b]] for idx (B, m) long (distinct per row),
        differentiable."""

    def restricted_solve(self, f: torch.Tensor, rhs: torch.Tensor) -> torch.Tensor:
        """Z with (Sigma masked to f, identity off f) Z = rhs * f, times f; rhs (B, n, k).
        Differentiable in Sigma and rhs; NaN on a row that is not numerically PD."""

    def newton(self, c: torch.Tensor, h: torch.Tensor, g: torch.Tensor | None, lg: torch.Tensor | None,
               ridge: torch.Tensor) -> NewtonSolver:
        """Factor ``c Sigma + lg g g' + diag(h)`` (no grad), c, lg, ridge (B,), h, g (B, n); the
        diagonal grows by a relative ``ridge`` (singular faces) and 1e-14."""


def _vecmat(x: torch.Tensor, M: torch.Tensor) -> torch.Tensor:
    """(B, n) x, (B, n, m) M -> (B, m) x'M: as a batched row-vector product, several times faster
    on the CPU than the matrix-vector form M' x (measured: 0.09 vs 0.44 ms at 128 x 100 x 20)."""
    return torch.bmm(x[:, None, :], M)[:, 0]


def quad_form(cov: Cov, w: torch.Tensor) -> torch.Tensor:
    """(B,) w' Sigma w."""
    return (cov.matvec(w) * w).sum(-1)


class _DenseNewton:
    def __init__(self, H: torch.Tensor) -> None:
        self.L, info = torch.linalg.cholesky_ex(H)
        self.ok = info == 0

    def solve(self, rhs: torch.Tensor) -> torch.Tensor:
        return torch.cholesky_solve(rhs[..., None], self.L)[..., 0]


class _SpdSolve(torch.autograd.Function):
    """Z = M^{-1} R for SPD M (B, n, n), R (B, n, k), by one Cholesky factorization.

    Backward reuses the forward's factor: dR = M^{-1} dZ and dM = -dR Z' (implicit
    differentiation of M Z = R), O(n^2 k) per row instead of differentiating the factorization.
    A row whose factorization fails (M not numerically PD) comes out NaN; callers reject it.
    """

    @staticmethod
    def forward(ctx: Any, M: torch.Tensor, R: torch.Tensor) -> torch.Tensor:
        L, info = torch.linalg.cholesky_ex(M)
        Z = torch.cholesky_solve(R, L)
        Z = torch.where((info == 0)[:, None, None], Z, torch.nan)
        ctx.save_for_backward(L, Z)
        return Z

    @staticmethod
    def backward(ctx: Any, gZ: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        L, Z = ctx.saved_tensors
        gR = torch.cholesky_solve(gZ, L)
        return -gR @ Z.transpose(-1, -2), gR


def spd_solve(M: torch.Tensor, R: torch.Tensor) -> torch.Tensor:
    """M^{-1} R for SPD M (B, m, m), R (B, m, k); NaN rows where M is not numerically PD. Under
    autograd the backward reuses the forward's Cholesky factor (:class:`_SpdSolve`)."""
    if torch.is_grad_enabled() and (M.requires_grad or R.requires_grad):
        return _SpdSolve.apply(M, R)
    L, info = torch.linalg.cholesky_ex(M)
    return torch.where((info == 0)[:, None, None], torch.cholesky_solve(R, L), torch.nan)


@dataclass(frozen=True)
class DenseCov:
    """Sigma as a (B, n, n) tensor."""

    sigma: torch.Tensor

    @property
    def shape(self) -> tuple[int, int]:
        return self.sigma.shape[0], self.sigma.shape[1]

    def __getitem__(self, rows: Any) -> DenseCov:
        return DenseCov(self.sigma[rows])

    def scaled(self, s: torch.Tensor) -> DenseCov:
        return DenseCov(self.sigma * s[:, None, None])

    def masked(self, f: torch.Tensor) -> DenseCov:
        return DenseCov(self.sigma * (f[:, :, None] * f[:, None, :]))

    def detach(self) -> DenseCov:
        return DenseCov(self.sigma.detach())

    def matvec(self, x: torch.Tensor) -> torch.Tensor:
        return _vecmat(x, self.sigma)  # x' Sigma = (Sigma x)' (symmetric)

    def diag(self) -> torch.Tensor:
        return self.sigma.diagonal(dim1=-2, dim2=-1)

    def entry(self, i: torch.Tensor, j: torch.Tensor) -> torch.Tensor:
        return self.sigma[torch.arange(self.sigma.shape[0], device=self.sigma.device), i, j]

    def dense(self) -> torch.Tensor:
        return self.sigma

    def rows(self, idx: torch.Tensor) -> torch.Tensor:
        return self.sigma.gather(1, idx[:, :, None].expand(-1, -1, self.sigma.shape[2]))

    def restricted_solve(self, f: torch.Tensor, rhs: torch.Tensor) -> torch.Tensor:
        M = self.sigma * (f[:, :, None] * f[:, None, :]) + torch.diag_embed(1.0 - f)
        return spd_solve(M, rhs * f[..., None]) * f[..., None]

    def block(self, idx: torch.Tensor) -> torch.Tensor:
        return self.rows(idx).gather(2, idx[:, None, :].expand(-1, idx.shape[1], -1))

    def newton(self, c: torch.Tensor, h: torch.Tensor, g: torch.Tensor | None, lg: torch.Tensor | None,
               ridge: torch.Tensor) -> _DenseNewton:
        H = c[:, None, None] * self.sigma
        if g is not None and lg is not None:
            H = H + lg[:, None, None] * g[:, :, None] * g[:, None, :]
        H.diagonal(dim1=-2, dim2=-1).add_(h).mul_(1.0 + ridge[:, None]).add_(1e-14)
        return _DenseNewton(H)


class _Woodbury:
    """(diag(d) + V V')^{-1} R by the Woodbury identity, V (B, n, k), dinv = 1/d (B, n); a zero
    in dinv pins that component of the solution to 0 (a masked or off-support asset). One
    (k x k) Cholesky of the capacitance I + V' diag(dinv) V; differentiable torch ops."""

    def __init__(self, V: torch.Tensor, dinv: torch.Tensor) -> None:
        self.dinv = dinv
        self.W = V * dinv[..., None]  # (B, n, k)
        C = V.mT @ self.W + torch.eye(V.shape[-1], dtype=V.dtype, device=V.device)
        self.L, self.info = torch.linalg.cholesky_ex(C)

    def solve(self, R: torch.Tensor) -> torch.Tensor:
        """(B, n, m) -> (B, n, m); products in row-vector form (fast on the CPU, see _vecmat)."""
        t = torch.cholesky_solve((R.mT @ self.W).mT, self.L)  # (B, k, m)
        return self.dinv[..., None] * R - (t.mT @ self.W.mT).mT


class _WoodburyNewton:
    """(diag(d) + V V' + lg g g')^{-1}: Woodbury for diag(d) + V V' (V (B, n, k)), then a
    Sherman-Morrison step for the rank-one term. The rank-one term is kept out of the Woodbury
    capacitance on purpose: its weight lg = lam / u grows without bound as the quadratic
    constraint becomes active, and inside the capacitance it would swamp it (the IPM then
    stalls); ``lg / (1 + lg g'H0^-1 g)`` stays finite."""

    def __init__(self, d: torch.Tensor, V: torch.Tensor, g: torch.Tensor | None, lg: torch.Tensor | None) -> None:
        self.wb = _Woodbury(V, 1.0 / d)
        self.ok = (self.wb.info == 0) & torch.isfinite(self.wb.dinv).all(-1)
        self.g = g
        if g is not None and lg is not None:
            self.hg = self._solve0(g)
            self.coef = lg / (1.0 + lg * (g * self.hg).sum(-1))

    def _solve0(self, rhs: torch.Tensor) -> torch.Tensor:
        return self.wb.solve(rhs[..., None])[..., 0]

    def solve(self, rhs: torch.Tensor) -> torch.Tensor:
        y = self._solve0(rhs)
        if self.g is None:
            return y
        return y - self.hg * (self.coef * (self.g * y).sum(-1))[:, None]


@dataclass(frozen=True)
class FactorCov:
    """Sigma = G G' + diag(D) with G (B, n, k) and D (B, n) > 0 (the model's covariance head).

    Pass it to :func:`pyworker.portfolio.solve_fast` in place of the dense matrix; gradients
    reach G and D.
    """

    G: torch.Tensor
    D: torch.Tensor

    @property
    def shape(self) -> tuple[int, int]:
        return self.G.shape[0], self.G.shape[1]

    def __getitem__(self, rows: Any) -> FactorCov:
        return FactorCov(self.G[rows], self.D[rows])

    def scaled(self, s: torch.Tensor) -> FactorCov:
        return FactorCov(self.G * torch.sqrt(s)[:, None, None], self.D * s[:, None])

    def masked(self, f: torch.Tensor) -> FactorCov:
        return FactorCov(self.G * f[..., None], self.D * f)

    def detach(self) -> FactorCov:
        return FactorCov(self.G.detach(), self.D.detach())

    def matvec(self, x: torch.Tensor) -> torch.Tensor:
        return _vecmat(_vecmat(x, self.G), self.G.mT) + self.D * x

    def diag(self) -> torch.Tensor:
        return (self.G * self.G).sum(-1) + self.D

    def entry(self, i: torch.Tensor, j: torch.Tensor) -> torch.Tensor:
        rows = torch.arange(self.G.shape[0], device=self.G.device)
        gi, gj = self.G[rows, i], self.G[rows, j]
        return (gi * gj).sum(-1) + torch.where(i == j, self.D[rows, i], 0.0)

    def dense(self) -> torch.Tensor:
        return self.G @ self.G.transpose(-1, -2) + torch.diag_embed(self.D)

    def _loadings(self, idx: torch.Tensor) -> torch.Tensor:
        """(B, m, k) rows idx of G."""
        return self.G.gather(1, idx[:, :, None].expand(-1, -1, self.G.shape[2]))

    def block(self, idx: torch.Tensor) -> torch.Tensor:
        g_i = self._loadings(idx)
        return g_i @ g_i.mT + torch.diag_embed(self.D.gather(1, idx))

    def rows(self, idx: torch.Tensor) -> torch.Tensor:
        out = self._loadings(idx) @ self.G.mT  # (B, m, n)
        return out.scatter_add(2, idx[:, :, None], self.D.gather(1, idx)[:, :, None])

    def restricted_solve(self, f: torch.Tensor, rhs: torch.Tensor) -> torch.Tensor:
        # M = diag(D f + 1 - f) + (G f)(G f)'; Woodbury, all differentiable torch ops: the
        # (k x k) capacitance I + G' diag(f / d) G is positive definite whenever D > 0 on f.
        d = self.D * f + (1.0 - f)
        wb = _Woodbury(self.G, f / d)  # dinv 0 off the support: the solution is 0 there
        R = rhs * f[..., None]
        Z = wb.solve(R)
        # One step of iterative refinement: Woodbury alone is not backward stable (~1e-15 where
        # the dense Cholesky gets ~4e-17 with tiny D; tested), and the KKT check of an
        # ill-conditioned face needs w'Sigma w = f^2 to 1e-8; the residual costs O(n k) per column.
        Z = Z + wb.solve(R - (d[..., None] * Z + f[..., None] * ((Z.mT @ self.G) @ self.G.mT).mT))
        bad = (wb.info != 0) | ~(d > 0).all(-1)
        return torch.where(bad[:, None, None], torch.nan, Z)

    def newton(self, c: torch.Tensor, h: torch.Tensor, g: torch.Tensor | None, lg: torch.Tensor | None,
               ridge: torch.Tensor) -> _WoodburyNewton:
        # c Sigma + lg g g' + diag(h) = diag(c D + h) + V V' + lg g g' with V = sqrt(c) G; the
        # relative ridge scales the diagonal part only (it is a fallback, exactness not needed).
        d = (c[:, None] * self.D + h) * (1.0 + ridge[:, None]) + 1e-14
        return _WoodburyNewton(d, torch.sqrt(c)[:, None, None] * self.G, g, lg)


def as_cov(sigma: torch.Tensor | Cov) -> Cov:
    return DenseCov(sigma) if isinstance(sigma, torch.Tensor) else sigma


def check_factor(G: torch.Tensor, D: torch.Tensor, mask: torch.Tensor | None) -> tuple[FactorCov, torch.Tensor]:
    """Validate a factor-form covariance; return it float64 with masked rows zeroed, and the mask.

    Same error codes as :func:`fast_validate.check_batch`: SHAPE, BAD_DTYPE, ALL_MASKED,
    NAN_INPUT, and NOT_PSD for a diagonal D that is not > 0 on an available asset.
    """
    if not isinstance(G, torch.Tensor) or not isinstance(D, torch.Tensor):
        raise PortfolioInputError("BAD_DTYPE", "FactorCov G and D must be torch tensors")
    if G.ndim != 3 or G.shape[0] == 0 or G.shape[1] == 0 or G.shape[2] == 0:
        raise PortfolioInputError("SHAPE", f"FactorCov G must be (B, N, K) with B, N, K >= 1, got {tuple(G.shape)}")
    if tuple(D.shape) != tuple(G.shape[:2]):
        raise PortfolioInputError("SHAPE", f"FactorCov D must be {tuple(G.shape[:2])}, got {tuple(D.shape)}")
    if not G.is_floating_point() or not D.is_floating_point():
        raise PortfolioInputError("BAD_DTYPE", f"FactorCov must be floating point, got {G.dtype}, {D.dtype}")
    mask = check_mask(mask, G.shape[0], G.shape[1], G.device)
    bad = ((~torch.isfinite(G)).any(-1) & mask).any(-1) | ((~torch.isfinite(D)) & mask).any(-1)
    if bool(bad.any()):
        raise PortfolioInputError("NAN_INPUT", "FactorCov has NaN or inf among available assets", first_row(bad))
    bad = ((D <= 0) & mask).any(-1)
    if bool(bad.any()):
        raise PortfolioInputError("NOT_PSD", "FactorCov D must be > 0 on available assets", first_row(bad))
    if bool(mask.all()):  # nothing to blank out (the common case): no masked copies
        return FactorCov(G.double(), D.double()), mask
    G64 = torch.where(mask[..., None], G.double(), 0.0)
    D64 = torch.where(mask, D.double(), 0.0)
    return FactorCov(G64, D64), mask
