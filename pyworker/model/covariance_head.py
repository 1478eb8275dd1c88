"""Head 2: the covariance Sigma as a factor model (PRD 4.4): Sigma = B F B^T + diag(D).

hidden -> 512 -> 256 (ReLU, dropout 0.2), then three linear branches: loadings B (N x K),
a lower-triangular L (K x K) with softplus diagonal giving F = L L^T, and D = softplus
(+ a floor). PSD by construction; we assemble it as G G^T + diag(D) with G = B L, in float32
with autocast off (bf16 matmuls would lose the symmetry), and symmetrize exactly.

Units: Sigma is the covariance of DAILY returns (DESIGN 4). The factor model is built in
units of ``vol_scale`` (default 0.01 = 1% daily vol) and multiplied by ``vol_scale**2``;
the branch biases are initialised so an untrained model's diagonal is ~1 in those units
(half common, half idiosyncratic), i.e. Sigma_ii ~ 1e-4, and inputs perturb it gently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .errors import ModelConfigError
from .mlp import Activation, mlp_trunk


def _softplus_inv(y: float) -> float:
    return math.log(math.expm1(y))


@dataclass(frozen=True)
class CovarianceHeadConfig:
    """Sizes of the Sigma head (PRD 4.4)."""

    hidden: tuple[int, ...] = (512, 256)
    """Widths of the shared hidden Dense layers (PRD 4.4: 512, 256)."""
    activation: Activation = "relu"
    """Activation after each hidden layer (PRD 4.4: ReLU)."""
    dropout: float = 0.2
    """Dropout after each hidden layer (PRD 4.4: 0.2)."""
    latent_factors: int = 20
    """K, the number of latent factors: B is N x K, F is K x K (PRD 4.4: 20)."""
    vol_scale: float = 0.01
    """Sigma = vol_scale**2 * (B F B^T + diag(D)); 0.01 = 1% daily vol (DESIGN 4 units)."""
    common_share: float = 0.5
    """Initial share of each factor's variance explained by the latent factors (rest is D)."""
    min_variance: float = 1e-4
    """Floor added to D, in vol_scale**2 units (1e-4 -> 1e-8 absolute): keeps Sigma positive definite."""
    init_std: float = 0.1
    """Std of the branches' initial weights (times 1/sqrt(fan_in)): how much inputs move Sigma at init."""

    def __post_init__(self) -> None:
        if not self.hidden or any(w <= 0 for w in self.hidden):
            raise ModelConfigError("covariance_head.hidden: needs at least one positive width")
        if self.latent_factors <= 0:
            raise ModelConfigError("covariance_head.latent_factors: must be positive")
        if not 0.0 <= self.dropout < 1.0:
            raise ModelConfigError(f"covariance_head.dropout: {self.dropout} is not in [0, 1)")
        if not 0.0 < self.common_share < 1.0:
            raise ModelConfigError("covariance_head.common_share: must be in (0, 1)")
        if self.vol_scale <= 0 or self.min_variance < 0 or self.init_std <= 0:
            raise ModelConfigError("covariance_head: vol_scale, init_std > 0 and min_variance >= 0 required")


class CovarianceHead(nn.Module):
    """(B, hidden) -> Sigma (B, N, N), symmetric positive definite, daily units, float32."""

    tril_flat: torch.Tensor  # (K(K+1)/2,) flat positions of the lower triangle in a K x K matrix
    tril_is_diag: torch.Tensor  # (K(K+1)/2,) which of them are on the diagonal

    def __init__(self, cfg: CovarianceHeadConfig, in_features: int, n_factors: int) -> None:
        super().__init__()
        self.cfg = cfg
        self.n_factors = n_factors
        k = cfg.latent_factors
        width = cfg.hidden[-1]
        self.trunk = mlp_trunk(in_features, cfg.hidden, cfg.activation, cfg.dropout)
        self.loadings = nn.Linear(width, n_factors * k)  # branch B: 256 -> N*K
        self.latent_chol = nn.Linear(width, k * (k + 1) // 2)  # branch F: 256 -> K(K+1)/2
        self.idio = nn.Linear(width, n_factors)  # branch D: 256 -> N
        rows, cols = torch.tril_indices(k, k)
        self.register_buffer("tril_flat", rows * k + cols, persistent=False)
        self.register_buffer("tril_is_diag", rows == cols, persistent=False)
        self._init_branches()

    def _init_branches(self) -> None:
        cfg, k = self.cfg, self.cfg.latent_factors
        std = cfg.init_std / cfg.hidden[-1] ** 0.5
        for lin in (self.loadings, self.latent_chol, self.idio):
            nn.init.normal_(lin.weight, std=std)
        with torch.no_grad():
            # F ~ I (softplus(diag) = 1), B_ij ~ N(0, share/K): diag(B F B^T) ~ share.
            nn.init.normal_(self.loadings.bias, std=math.sqrt(cfg.common_share / k))
            bias = torch.where(self.tril_is_diag, _softplus_inv(1.0), 0.0)
            self.latent_chol.bias.copy_(bias)
            self.idio.bias.fill_(_softplus_inv(1.0 - cfg.common_share))

    def factors(self, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The factor model's parts in vol_scale units: B (B, N, K), L (B, K, K), D (B, N)."""
        k, n = self.cfg.latent_factors, self.n_factors
        z = self.trunk(h)  # (B, W)
        with torch.autocast(device_type=z.device.type, enabled=False):
            z = z.to(self.loadings.weight.dtype)  # (B, W) weights' dtype, autocast off
            loadings = self.loadings(z).float().view(-1, n, k)  # (B, N, K)
            packed = self.latent_chol(z).float()  # (B, K(K+1)/2)
            diag_free = torch.where(self.tril_is_diag, F.softplus(packed), packed)  # (B, K(K+1)/2)
            chol = packed.new_zeros(packed.shape[0], k * k)  # (B, K*K)
            chol = chol.index_copy(1, self.tril_flat, diag_free).view(-1, k, k)  # (B, K, K) lower
            idio = F.softplus(self.idio(z).float()) + self.cfg.min_variance  # (B, N)
        return loadings, chol, idio

    def factor_form(self, h: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(Sigma (B, N, N), G (B, N, K), D (B, N)) in daily units, Sigma = G G^T + diag(D): the
        dense matrix and the factor form the portfolio layer solves with (``FactorCov``)."""
        loadings, chol, idio = self.factors(h)
        with torch.autocast(device_type=h.device.type, enabled=False):
            g = loadings @ chol  # (B, N, K): B L, so B F B^T = G G^T
            sigma = g @ g.transpose(1, 2)  # (B, N, N)
            sigma = 0.5 * (sigma + sigma.transpose(1, 2)) + torch.diag_embed(idio)  # (B, N, N)
            vs = self.cfg.vol_scale
            return sigma * vs**2, g * vs, idio * vs**2  # daily units

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return self.factor_form(h)[0]
