"""The shared xLSTM encoder: input projection, the `xlstm` package's block stack, last hidden state.

PRD 4.2 / DESIGN 5: 6 blocks (sLSTM at 0 and 1, mLSTM after), hidden 1024, pre-LayerNorm
blocks plus a final LayerNorm, per-layer dropout [0.1, 0.1, 0.1, 0.15, 0.15, 0.2]. The blocks
come from ``xlstm.xLSTMBlockStack``; this module only configures them. The stack takes one
dropout for all blocks, so we build it with 0 and then set each block's ``nn.Dropout`` rates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

import torch
from torch import nn
from xlstm import (
    FeedForwardConfig,
    mLSTMBlockConfig,
    mLSTMLayerConfig,
    sLSTMBlockConfig,
    sLSTMLayerConfig,
    xLSTMBlockStack,
    xLSTMBlockStackConfig,
)

from .errors import ModelConfigError, ModelInputError

LOG = logging.getLogger(__name__)

SLSTMBackend = Literal["auto", "vanilla", "cuda"]


@dataclass(frozen=True)
class EncoderConfig:
    """Sizes of the xLSTM encoder (PRD 4.2)."""

    hidden: int = 1024
    """Embedding width of every block and of the output state (PRD 4.2: 1024)."""
    num_blocks: int = 6
    """Number of xLSTM blocks (PRD 4.2: 6)."""
    slstm_at: tuple[int, ...] = (0, 1)
    """0-based block indices that are sLSTM blocks; all others are mLSTM (PRD 4.2: layers 1-2)."""
    dropout: tuple[float, ...] = (0.1, 0.1, 0.1, 0.15, 0.15, 0.2)
    """Dropout rate of each block, one per block (PRD 4.2 progressive dropout)."""
    num_heads: int = 4
    """Heads of sLSTM and mLSTM cells (xlstm default 4; the sLSTM CUDA kernel is precompiled for 4)."""
    conv1d_kernel_size: int = 4
    """Causal conv width inside each block (xlstm default 4; 0 disables it in sLSTM blocks)."""
    mlstm_proj_factor: float = 2.0
    """mLSTM up-projection factor (xlstm default 2.0)."""
    qkv_proj_blocksize: int = 4
    """mLSTM block-diagonal q/k/v projection block size (xlstm default 4)."""
    slstm_ffn_proj_factor: float = 1.3
    """Gated feed-forward up-projection after each sLSTM (xlstm default 1.3)."""
    ffn_activation: Literal["gelu", "relu", "swish", "selu"] = "gelu"
    """Activation of the sLSTM blocks' gated feed-forward (xlstm default gelu)."""
    slstm_backend: SLSTMBackend = "auto"
    """'vanilla' (Python loop over time, CPU/GPU), 'cuda' (compiled kernel), or 'auto' (cuda on a GPU)."""
    slstm_cuda_dtype: Literal["bfloat16", "float32"] = "bfloat16"
    """Compute dtype of the sLSTM CUDA kernel (xlstm default bfloat16; ignored by 'vanilla')."""

    def __post_init__(self) -> None:
        if self.hidden <= 0 or self.num_blocks <= 0:
            raise ModelConfigError("encoder.hidden and encoder.num_blocks must be positive")
        if len(self.dropout) != self.num_blocks:
            raise ModelConfigError(
                f"encoder.dropout: needs {self.num_blocks} rates (one per block), got {len(self.dropout)}"
            )
        for i, p in enumerate(self.dropout):
            if not 0.0 <= p < 1.0:
                raise ModelConfigError(f"encoder.dropout[{i}]: {p} is not in [0, 1)")
        for i, at in enumerate(self.slstm_at):
            if not 0 <= at < self.num_blocks:
                raise ModelConfigError(f"encoder.slstm_at[{i}]: {at} is not a block index < {self.num_blocks}")
        if len(set(self.slstm_at)) != len(self.slstm_at):
            raise ModelConfigError("encoder.slstm_at: duplicate block index")
        if self.hidden % self.num_heads != 0:
            raise ModelConfigError(f"encoder.num_heads: {self.num_heads} does not divide hidden {self.hidden}")
        inner = round(self.mlstm_proj_factor * self.hidden)
        if inner % self.num_heads != 0 or inner % self.qkv_proj_blocksize != 0:
            raise ModelConfigError(
                f"encoder.mlstm_proj_factor: inner width {inner} must be divisible by num_heads "
                f"and qkv_proj_blocksize"
            )


def resolve_slstm_backend(requested: SLSTMBackend, device: torch.device) -> Literal["vanilla", "cuda"]:
    """'auto' means the CUDA kernel on a CUDA device and the vanilla loop elsewhere."""
    if requested == "auto":
        return "cuda" if device.type == "cuda" else "vanilla"
    if requested == "cuda" and device.type != "cuda":
        raise ModelConfigError("encoder.slstm_backend: 'cuda' needs a CUDA device")
    return requested


def build_block_stack(cfg: EncoderConfig, context_length: int, backend: Literal["vanilla", "cuda"]) -> xLSTMBlockStack:
    """The package's ``xLSTMBlockStack`` configured from ``cfg`` (dropout 0; set per block later)."""
    has_mlstm = len(cfg.slstm_at) < cfg.num_blocks
    mlstm = (
        mLSTMBlockConfig(
            mlstm=mLSTMLayerConfig(
                conv1d_kernel_size=cfg.conv1d_kernel_size,
                qkv_proj_blocksize=cfg.qkv_proj_blocksize,
                num_heads=cfg.num_heads,
                proj_factor=cfg.mlstm_proj_factor,
            )
        )
        if has_mlstm
        else None
    )
    slstm = (
        sLSTMBlockConfig(
            slstm=sLSTMLayerConfig(
                backend=backend,
                num_heads=cfg.num_heads,
                conv1d_kernel_size=cfg.conv1d_kernel_size,
                bias_init="powerlaw_blockdependent",
                dtype=cfg.slstm_cuda_dtype,
            ),
            feedforward=FeedForwardConfig(proj_factor=cfg.slstm_ffn_proj_factor, act_fn=cfg.ffn_activation),
        )
        if cfg.slstm_at
        else None
    )
    stack_cfg = xLSTMBlockStackConfig(
        mlstm_block=mlstm,
        slstm_block=slstm,
        context_length=context_length,  # DESIGN 5: context_length >= lookback
        num_blocks=cfg.num_blocks,
        embedding_dim=cfg.hidden,
        add_post_blocks_norm=True,  # final LayerNorm (PRD 4.2)
        dropout=0.0,
        slstm_at=list(cfg.slstm_at),
    )
    return xLSTMBlockStack(stack_cfg)


class XLSTMEncoder(nn.Module):
    """(B, T, F) features -> (B, hidden) last hidden state. Causal: position t sees inputs <= t only."""

    def __init__(self, cfg: EncoderConfig, in_features: int, context_length: int,
                 backend: Literal["vanilla", "cuda"] = "vanilla") -> None:
        super().__init__()
        self.cfg = cfg
        self.in_features = in_features
        self.context_length = context_length
        self.backend = backend
        self.input_proj = nn.Linear(in_features, cfg.hidden)  # 7N+6 -> hidden
        self.stack = build_block_stack(cfg, context_length, backend)
        for block, p in zip(self.stack.blocks, cfg.dropout, strict=True):
            for module in block.modules():
                if isinstance(module, nn.Dropout):
                    module.p = p

    def forward_sequence(self, x: torch.Tensor) -> torch.Tensor:
        """Hidden state at every position: (B, T, F) -> (B, T, hidden)."""
        if x.ndim != 3 or x.shape[-1] != self.in_features:
            raise ModelInputError(f"encoder input must be (B, T, {self.in_features}), got {tuple(x.shape)}")
        if x.shape[1] > self.context_length:
            raise ModelInputError(f"sequence length {x.shape[1]} exceeds context length {self.context_length}")
        h = self.input_proj(x)  # (B, T, H)
        return self.stack(h)  # (B, T, H)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Last hidden state: (B, T, F) -> (B, hidden)."""
        return self.forward_sequence(x)[:, -1, :]  # (B, H)
