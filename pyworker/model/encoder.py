"""The encoder config (every kind) and the xLSTM encoder: input projection, the `xlstm` block stack.

``EncoderConfig.kind`` picks the encoder: ``xlstm`` (this module, the default), or the PRD 14.1
Plan B encoders ``lstm`` (:mod:`.encoder_lstm`) and ``transformer`` (:mod:`.encoder_transformer`);
:func:`pyworker.model.encoder_kinds.build_encoder` dispatches. Fields marked "(xlstm only)" are
ignored by the other kinds, "(transformer only)" likewise.

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
EncoderKind = Literal["xlstm", "lstm", "transformer"]


@dataclass(frozen=True)
class EncoderConfig:
    """Kind and sizes of the encoder (PRD 4.2; PRD 14.1 for the Plan B kinds)."""

    kind: EncoderKind = "xlstm"
    """'xlstm' (PRD 4.2), or the PRD 14.1 Plan B encoders 'lstm' (torch LSTM stack) and 'transformer'
    (causal temporal Transformer). Absent in older configs and members: they load as 'xlstm'."""
    hidden: int = 1024
    """Embedding width of every block and of the output state (PRD 4.2: 1024)."""
    num_blocks: int = 6
    """Number of blocks (PRD 4.2: 6): xLSTM blocks, LSTM layers or Transformer layers."""
    slstm_at: tuple[int, ...] = (0, 1)
    """(xlstm only) 0-based block indices that are sLSTM blocks; all others are mLSTM (PRD 4.2: layers 1-2)."""
    dropout: tuple[float, ...] = (0.1, 0.1, 0.1, 0.15, 0.15, 0.2)
    """Dropout rate of each block, one per block (PRD 4.2 progressive dropout)."""
    num_heads: int = 4
    """Heads of sLSTM and mLSTM cells (xlstm default 4; the sLSTM CUDA kernel is precompiled for 4), or
    attention heads of the transformer (must divide hidden). Unused by lstm."""
    conv1d_kernel_size: int = 4
    """(xlstm only) Causal conv width inside each block (xlstm default 4; 0 disables it in sLSTM blocks)."""
    mlstm_proj_factor: float = 2.0
    """(xlstm only) mLSTM up-projection factor (xlstm default 2.0)."""
    qkv_proj_blocksize: int = 4
    """(xlstm only) mLSTM block-diagonal q/k/v projection block size (xlstm default 4)."""
    slstm_ffn_proj_factor: float = 1.3
    """(xlstm only) Gated feed-forward up-projection after each sLSTM (xlstm default 1.3)."""
    ffn_activation: Literal["gelu", "relu", "swish", "selu"] = "gelu"
    """Activation of the sLSTM blocks' gated feed-forward (xlstm default gelu) or of the transformer's."""
    slstm_backend: SLSTMBackend = "auto"
    """(xlstm only) 'vanilla' (Python loop over time), 'cuda' (compiled kernel), or 'auto' (cuda on a GPU)."""
    slstm_cuda_dtype: Literal["bfloat16", "float32"] = "bfloat16"
    """(xlstm only) Compute dtype of the sLSTM CUDA kernel (xlstm default bfloat16; ignored by 'vanilla')."""
    transformer_ffn_factor: float = 4.0
    """(transformer only) Feed-forward width as a multiple of hidden (Vaswani et al. 2017: 4)."""
    transformer_positions: Literal["learned", "sinusoidal"] = "learned"
    """(transformer only) Position encoding over the lookback: a learned table or fixed sinusoids."""
    transformer_norm_first: bool = True
    """(transformer only) Pre-LayerNorm layers (stable without warm-up tricks) plus a final LayerNorm."""

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
        if self.kind == "transformer":
            if self.hidden % self.num_heads != 0:
                raise ModelConfigError(f"encoder.num_heads: {self.num_heads} does not divide hidden {self.hidden}")
            if round(self.transformer_ffn_factor * self.hidden) < 1:
                raise ModelConfigError(f"encoder.transformer_ffn_factor: {self.transformer_ffn_factor} gives no width")
        if self.kind == "xlstm":
            self._check_xlstm()
        elif self.slstm_at:
            # sLSTM positions mean nothing to the other kinds; store [] so a resolved lstm or
            # transformer config (and its checkpoint header) does not claim sLSTM blocks.
            object.__setattr__(self, "slstm_at", ())

    def _check_xlstm(self) -> None:
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


def check_sequence(x: torch.Tensor, in_features: int, context_length: int) -> None:
    """Every encoder kind's input contract: (B, T, F) with T <= the context length (lookback)."""
    if x.ndim != 3 or x.shape[-1] != in_features:
        raise ModelInputError(f"encoder input must be (B, T, {in_features}), got {tuple(x.shape)}")
    if x.shape[1] > context_length:
        raise ModelInputError(f"sequence length {x.shape[1]} exceeds context length {context_length}")


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
        check_sequence(x, self.in_features, self.context_length)
        h = self.input_proj(x)  # (B, T, H)
        return self.stack(h)  # (B, T, H)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Last hidden state: (B, T, F) -> (B, hidden)."""
        return self.forward_sequence(x)[:, -1, :]  # (B, H)
