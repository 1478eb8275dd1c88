"""Input checks and the factor-mask contract shared by a single model and an ensemble.

Contract (DESIGN 4): the data pipeline has already zeroed a masked factor's features in x.
The model applies the (B, N) availability mask to its outputs so solvers can drop those
factors: masked mu entries are 0; masked rows and columns of Sigma are 0 except the diagonal,
which keeps the model's own (positive) variance. The result stays symmetric positive
definite (a PD block plus a positive diagonal), so a solver that does not drop masked
factors still gets a valid matrix, and one that does can take ``Sigma[m][:, m]``.
"""

from __future__ import annotations

import torch

from .errors import ModelInputError


def check_inputs(x: torch.Tensor, mask: torch.Tensor | None, n_factors: int, in_features: int,
                 max_len: int) -> torch.Tensor:
    """Validate x (B, T, F) and mask (B, N) bool; return the mask (all True when None)."""
    if not isinstance(x, torch.Tensor):
        raise ModelInputError(f"x must be a torch.Tensor, got {type(x).__name__}")
    if x.ndim != 3 or x.shape[-1] != in_features or x.shape[0] == 0 or x.shape[1] == 0:
        raise ModelInputError(f"x must be (B, T, {in_features}) with B, T >= 1, got {tuple(x.shape)}")
    if x.shape[1] > max_len:
        raise ModelInputError(f"x has T = {x.shape[1]} steps, more than the lookback {max_len}")
    if not x.is_floating_point():
        raise ModelInputError(f"x must be a floating tensor, got {x.dtype}")
    if not torch.isfinite(x).all():
        raise ModelInputError("x contains NaN or Inf (masked factors must be zero-filled, not NaN)")
    if mask is None:
        return torch.ones(x.shape[0], n_factors, dtype=torch.bool, device=x.device)
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
        raise ModelInputError(f"mask must be a bool tensor, got {getattr(mask, 'dtype', type(mask).__name__)}")
    if tuple(mask.shape) != (x.shape[0], n_factors):
        raise ModelInputError(f"mask must be (B, N) = {(x.shape[0], n_factors)}, got {tuple(mask.shape)}")
    return mask.to(x.device)


def apply_mask(mu: torch.Tensor, sigma: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Zero masked mu (B, N) and masked rows/cols of sigma (B, N, N), keeping its diagonal."""
    m = mask.to(mu.dtype)  # (B, N)
    mu = mu * m  # (B, N)
    keep = m.unsqueeze(2) * m.unsqueeze(1)  # (B, N, N) both factors available
    diag = torch.diagonal(sigma, dim1=1, dim2=2)  # (B, N)
    sigma = sigma * keep + torch.diag_embed(diag * (1.0 - m))  # (B, N, N)
    return mu, sigma
