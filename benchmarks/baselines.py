"""What BitLlama is compared with in the benchmarks (benchmark code only, not part of the package).

- `float_twin`: the same BitLlama with every ternary projection a plain float `nn.Linear` holding the
  same weight (TTT without ternarisation);
- `LlamaTransformer`: the architecture people would use instead, nanoGPT-sized and Llama-style:
  pre-RMSNorm blocks of causal multi-head attention with rotary positions and a SwiGLU MLP, float
  throughout, with a KV cache for decoding. Its MLP is 4·D wide like BitLlama's, so at the same width
  and depth the two have nearly the same parameter count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt import BitLinear, RMSNorm
from bit_ttt.layers.rotary import rotary

KVCache = tuple[tuple[torch.Tensor, torch.Tensor], ...]  # per layer: keys and values (B, nh, T, hd)


def float_twin(model: nn.Module) -> nn.Module:
    """Replace every BitLinear by an nn.Linear holding the same float weights (no quantisation)."""
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, BitLinear):
                linear = nn.Linear(child.in_features, child.out_features, bias=False)
                linear.weight = child.weight
                setattr(module, child_name, linear)
    return model


@dataclass(frozen=True, slots=True)
class LlamaConfig:
    vocab_size: int
    hidden_dim: int
    num_layers: int
    num_heads: int = 4
    rope_base: float = 10000.0
    rms_norm_eps: float = 1e-5

    @property
    def head_dim(self) -> int:
        return self.hidden_dim // self.num_heads


class CausalSelfAttention(nn.Module):
    def __init__(self, config: LlamaConfig) -> None:
        super().__init__()
        self.config = config
        self.qkv_proj = nn.Linear(config.hidden_dim, 3 * config.hidden_dim, bias=False)
        self.o_proj = nn.Linear(config.hidden_dim, config.hidden_dim, bias=False)

    def forward(self, x: torch.Tensor, cache: tuple[torch.Tensor, torch.Tensor] | None
                ) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        B, T, D = x.shape
        nh, hd = self.config.num_heads, self.config.head_dim
        q, k, v = self.qkv_proj(x).reshape(B, T, 3, nh, hd).permute(2, 0, 3, 1, 4)  # 3 x (B, nh, T, hd)
        start = 0 if cache is None else cache[0].shape[2]
        positions = torch.arange(start, start + T, device=x.device)  # (T,)
        q, k = rotary(q, positions, self.config.rope_base), rotary(k, positions, self.config.rope_base)
        if cache is not None:
            k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)  # (B, nh, start+T, hd)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=cache is None)  # one new token sees everything
        return self.o_proj(y.transpose(1, 2).reshape(B, T, D)), (k, v)


class FloatSwiGLU(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.gate_proj = nn.Linear(dim, hidden, bias=False)
        self.up_proj = nn.Linear(dim, hidden, bias=False)
        self.down_proj = nn.Linear(hidden, dim, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaBlock(nn.Module):
    def __init__(self, config: LlamaConfig) -> None:
        super().__init__()
        self.norm1 = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.attn = CausalSelfAttention(config)
        self.norm2 = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.mlp = FloatSwiGLU(config.hidden_dim, 4 * config.hidden_dim)

    def forward(self, x: torch.Tensor, cache: tuple[torch.Tensor, torch.Tensor] | None
                ) -> tuple[torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
        mixed, cache = self.attn(self.norm1(x), cache)
        h = x + mixed
        return h + self.mlp(self.norm2(h)), cache


class LlamaTransformer(nn.Module):
    """``forward(ids, cache) -> (logits, cache)``, the same calling convention as BitLlama's states."""

    def __init__(self, config: LlamaConfig) -> None:
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.hidden_dim)
        self.layers = nn.ModuleList(LlamaBlock(config) for _ in range(config.num_layers))
        self.norm_f = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.lm_head = nn.Linear(config.hidden_dim, config.vocab_size, bias=False)
        for name, param in self.named_parameters():  # GPT-2 / nanoGPT init
            if name.endswith("weight") and param.ndim == 2:
                std = 0.02 / math.sqrt(2 * config.num_layers) if name.endswith(("o_proj.weight", "down_proj.weight")) \
                    else 0.02
                nn.init.normal_(param, std=std)

    def forward(self, input_ids: torch.Tensor, cache: KVCache | None = None) -> tuple[torch.Tensor, KVCache]:
        h = self.embed(input_ids)  # (B, T, D)
        new = []
        for i, block in enumerate(self.layers):
            h, layer_cache = block(h, None if cache is None else cache[i])
            new.append(layer_cache)
        return self.lm_head(self.norm_f(h)), tuple(new)  # (B, T, V)
