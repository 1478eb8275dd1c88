"""Batched input checks for the torch solver; same rules and error codes as :mod:`validate`."""

from __future__ import annotations

import torch

from .constants import PSD_REL_TOL, SYMMETRY_REL_TOL
from .errors import PortfolioInputError


def first_row(bad: torch.Tensor) -> int:
    return int(torch.nonzero(bad)[0, 0])


def check_mask(mask: torch.Tensor | None, Bsz: int, n: int, device: torch.device) -> torch.Tensor:
    """The (B, N) bool mask (all True when None); SHAPE, BAD_DTYPE or ALL_MASKED otherwise."""
    if mask is None:
        return torch.ones(Bsz, n, dtype=torch.bool, device=device)
    if mask.dtype != torch.bool:
        raise PortfolioInputError("BAD_DTYPE", f"mask must be bool, got {mask.dtype}")
    if tuple(mask.shape) != (Bsz, n):
        raise PortfolioInputError("SHAPE", f"mask must be {(Bsz, n)}, got {tuple(mask.shape)}")
    empty = ~mask.any(-1)
    if bool(empty.any()):
        raise PortfolioInputError("ALL_MASKED", "every asset is masked out", first_row(empty))
    return mask


def check_mu(mu: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """(B, N) mu with masked entries zeroed; SHAPE or NAN_INPUT otherwise."""
    if tuple(mu.shape) != tuple(mask.shape):
        raise PortfolioInputError("SHAPE", f"mu must be {tuple(mask.shape)}, got {tuple(mu.shape)}")
    bad = (~torch.isfinite(mu) & mask).any(-1)
    if bool(bad.any()):
        raise PortfolioInputError("NAN_INPUT", "mu has NaN or inf among available assets", first_row(bad))
    return torch.where(mask, mu, torch.zeros((), dtype=mu.dtype, device=mu.device))


def check_batch(mu: torch.Tensor | None, sigma: torch.Tensor, mask: torch.Tensor | None,
                check_psd: bool = True) -> tuple[torch.Tensor | None, torch.Tensor, torch.Tensor]:
    """Validate (B, N) mu, (B, N, N) sigma, (B, N) bool mask; return cleaned (mu, sigma, mask).

    Masked entries are zeroed (they may hold NaN); sigma is symmetrized when asymmetric only by
    rounding; a clearly non-symmetric or non-PSD sigma raises :class:`PortfolioInputError`.
    """
    if sigma.ndim != 3 or sigma.shape[1] != sigma.shape[2] or sigma.shape[0] == 0 or sigma.shape[1] == 0:
        raise PortfolioInputError("SHAPE", f"sigma must be (B, N, N) with B, N >= 1, got {tuple(sigma.shape)}")
    if not sigma.is_floating_point():
        raise PortfolioInputError("BAD_DTYPE", f"sigma must be floating point, got {sigma.dtype}")
    Bsz, n, _ = sigma.shape
    mask = check_mask(mask, Bsz, n, sigma.device)
    pair = mask[:, :, None] & mask[:, None, :]
    bad = (~torch.isfinite(sigma) & pair).flatten(1).any(-1)
    if bool(bad.any()):
        raise PortfolioInputError("NAN_INPUT", "sigma has NaN or inf among available assets", first_row(bad))
    sig = torch.where(pair, sigma, torch.zeros((), dtype=sigma.dtype, device=sigma.device))
    if mu is not None:
        mu = check_mu(mu, mask)
    with torch.no_grad():
        scale = sig.abs().flatten(1).amax(-1)
        asym = (sig - sig.transpose(1, 2)).abs().flatten(1).amax(-1)
        bad = asym > SYMMETRY_REL_TOL * scale.clamp(min=1e-300)
        if bool(bad.any()):
            raise PortfolioInputError("NOT_SYMMETRIC", "sigma is not symmetric", first_row(bad))
        if bool((scale == 0).any()):
            raise PortfolioInputError("NOT_PSD", "sigma is identically zero among available assets",
                                      first_row(scale == 0))
        if check_psd:
            fm = (~mask).to(sig.dtype)
            padded = sig + torch.diag_embed(fm * scale[:, None])
            padded = 0.5 * (padded + padded.transpose(1, 2))
            # Fast path: a Cholesky of padded + tol * max diag succeeds only if min eig > -tol * max
            # diag >= -tol * max |eig|, so those rows pass the eigenvalue rule; eigvalsh decides the rest.
            dmax = padded.diagonal(dim1=-2, dim2=-1).amax(-1)
            shifted = padded + torch.diag_embed((PSD_REL_TOL * dmax)[:, None].expand(-1, n))
            unsure = torch.nonzero(torch.linalg.cholesky_ex(shifted)[1] != 0)[:, 0]
            if unsure.numel():
                eig = torch.linalg.eigvalsh(padded[unsure])
                bad_u = eig[:, 0] < -PSD_REL_TOL * eig.abs().amax(-1)
                if bool(bad_u.any()):
                    row = int(unsure[first_row(bad_u)])
                    raise PortfolioInputError("NOT_PSD", f"sigma is not PSD (min eigenvalue "
                                              f"{float(eig[first_row(bad_u), 0]):.3g})", row)
    sig = 0.5 * (sig + sig.transpose(1, 2))
    return mu, sig, mask
