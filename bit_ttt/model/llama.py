"""BitLlama: embedding → TTT/SwiGLU blocks → RMSNorm → full-precision lm_head; no attention.

The TTT states are the model's memory of the context: ``forward`` takes and returns them, so a
caller can prefill, decode token by token, or keep learning across calls. The model itself keeps
no state between calls and reads or writes no file (`checkpoint_io` does, behind thin wrappers).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt.config import BitLlamaConfig
from bit_ttt.layers.bit_linear import BitLinear
from bit_ttt.layers.rms_norm import RMSNorm
from bit_ttt.model.architecture import variant_of
from bit_ttt.model.block import BitLlamaBlock, BlockState, LayerState  # noqa: F401 (LayerState: kept at its old path)
from bit_ttt.model.checkpoint_io import (
    install_packed,
    read_float_weights,
    read_packed,
    save_packed_module,
)

ModelStates = tuple[BlockState, ...]


class BitLlama(nn.Module):
    """The Bit-TTT language model. ``forward(ids, states) -> (logits, states)``.

    With ``tie_embeddings`` the output projection reuses ``embed.weight`` and no ``lm_head`` module
    exists, so the state dict holds no shared tensor and saves with plain safetensors.
    """

    def __init__(self, config: BitLlamaConfig) -> None:
        super().__init__()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.hidden_dim)
        self.layers = nn.ModuleList(BitLlamaBlock(config) for _ in range(config.num_layers))
        self.norm_f = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        if not config.tie_embeddings:
            self.lm_head = nn.Linear(config.hidden_dim, config.vocab_size, bias=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Embedding and lm_head at the variant's scales: N(0, 0.02), or the engine's N(0, 1) and Kaiming."""
        variant = variant_of(self.config)
        nn.init.normal_(self.embed.weight, std=variant.embedding_std)
        if not self.config.tie_embeddings:
            nn.init.normal_(self.lm_head.weight, std=variant.head_std)

    def reset_ttt_state(self) -> None:
        """Kept from when the model held the TTT states of its last `generate`: it holds none now (a
        `stream` does), so every `generate` starts from the initial state unless ``states`` are given."""

    def output_weight(self) -> torch.Tensor:
        return self.embed.weight if self.config.tie_embeddings else self.lm_head.weight

    def forward(
        self,
        input_ids: torch.Tensor,
        states: ModelStates | list[BlockState] | None = None,
        form: str | None = None,
        ttt_enabled: bool = True,
    ) -> tuple[torch.Tensor, ModelStates]:
        """Logits (B, T, V) for ``input_ids`` (B, T), continuing from ``states`` (fresh if None).

        ``ttt_enabled=False`` zeroes every inner learning rate: the control with no test-time learning.
        """
        if states is not None and len(states) != len(self.layers):
            raise ValueError(f"expected {len(self.layers)} layer states, got {len(states)}")
        h = self.embed(input_ids)  # (B, T, D)
        new_states = []
        for i, block in enumerate(self.layers):
            h, state = block(
                h, None if states is None else states[i], form=form, ttt_enabled=ttt_enabled
            )
            new_states.append(state)
        h = self.norm_f(h)
        return F.linear(h, self.output_weight()), tuple(new_states)  # (B, T, V)

    @torch.no_grad()
    def generate(
        self,
        input_ids: torch.Tensor,
        max_new_tokens: int,
        temperature: float = 1.0,
        top_k: int | None = None,
        seed: int | None = None,
        states: ModelStates | None = None,
        ttt_enabled: bool = True,
    ) -> torch.Tensor:
        """Prefill ``input_ids`` (B, T), then decode token by token carrying the states.

        Returns ids (B, T + max_new_tokens); :meth:`stream` gives the tokens one by one, and the states.
        """
        new_ids = self.stream(input_ids, max_new_tokens, temperature, top_k, seed, states, ttt_enabled)
        return torch.cat([input_ids, *new_ids], dim=1)

    def stream(
        self,
        input_ids: torch.Tensor,
        max_new_tokens: int,
        temperature: float = 1.0,
        top_k: int | None = None,
        seed: int | None = None,
        states: ModelStates | None = None,
        ttt_enabled: bool = True,
    ) -> TokenStream:
        """Each new token (B, 1) as soon as it is sampled, so callers can print while decoding.

        The prompt is prefilled in the TTT layer's ``prefill_form``: in one pass where that equals
        decoding (reference), token by token where the engine does so (cortex). ``temperature <= 0``
        is greedy. The stream's ``states`` are those after the last token fed: pass them back as
        ``states`` to continue.
        """
        generator = None
        if seed is not None:
            generator = torch.Generator(device=input_ids.device)
            generator.manual_seed(seed)
        return TokenStream(self, input_ids, max_new_tokens, temperature, top_k, generator, states, ttt_enabled)

    @torch.no_grad()
    def precompute_for_inference(self) -> None:
        """Cache every BitLinear's ternary weights for eval mode (``train()`` drops the caches)."""
        for module in self.modules():
            if isinstance(module, BitLinear):
                module.precompute_for_inference()

    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def save_packed(self, path: str | os.PathLike[str]) -> None:
        """Write the model with ternary weights at 5 per byte plus one float scale each."""
        save_packed_module(self, self.config.to_dict(), path)

    @classmethod
    def load_packed(cls, path: str | os.PathLike[str]) -> BitLlama:
        """Rebuild a model from :meth:`save_packed` output, with the exact saved ternary weights.

        The model comes back in eval mode, using the ternary cache; ``train()`` makes it trainable.
        """
        contents = read_packed(path)
        model = cls(BitLlamaConfig.from_dict(contents.config))
        install_packed(model, contents)
        return model.eval()

    @classmethod
    def from_safetensors(cls, path: str | os.PathLike[str], config: BitLlamaConfig) -> BitLlama:
        """Load a plain float safetensors state dict (e.g. the Rust engine's, with ``variant="cortex"``).

        Like :meth:`load_packed`, the model comes back in eval mode.
        """
        model = cls(config)
        model.load_state_dict(read_float_weights(path), strict=True)
        return model.eval()


class TokenStream(Iterator[torch.Tensor]):
    """The tokens of one `BitLlama.stream` call, (B, 1) each; ``states`` holds the TTT states so far.

    The states belong to the stream, not to the model, so two streams of one model never mix.
    """

    def __init__(
        self,
        model: BitLlama,
        input_ids: torch.Tensor,
        max_new_tokens: int,
        temperature: float,
        top_k: int | None,
        generator: torch.Generator | None,
        states: ModelStates | None,
        ttt_enabled: bool,
    ) -> None:
        self.states: ModelStates | None = states
        self._tokens = self._decode(model, input_ids, max_new_tokens, temperature, top_k, generator, ttt_enabled)

    def __iter__(self) -> TokenStream:
        return self

    def __next__(self) -> torch.Tensor:
        return next(self._tokens)

    @torch.no_grad()
    def _decode(
        self,
        model: BitLlama,
        input_ids: torch.Tensor,
        max_new_tokens: int,
        temperature: float,
        top_k: int | None,
        generator: torch.Generator | None,
        ttt_enabled: bool,
    ) -> Iterator[torch.Tensor]:
        form = model.layers[0].ttt.prefill_form
        logits, self.states = model(input_ids, self.states, form=form, ttt_enabled=ttt_enabled)
        for _ in range(max_new_tokens):
            next_ids = sample_next_token(logits[:, -1], temperature, top_k, generator)  # (B, 1)
            yield next_ids
            logits, self.states = model(next_ids, self.states, ttt_enabled=ttt_enabled)


def detach_states(states: ModelStates) -> ModelStates:
    """The same TTT states cut from the autograd graph, e.g. between truncated-BPTT windows."""
    return tuple(state.detach() for state in states)


def sample_next_token(
    logits: torch.Tensor, temperature: float, top_k: int | None, generator: torch.Generator | None
) -> torch.Tensor:
    """One token per row of ``logits`` (B, V): greedy at temperature <= 0, else top-k softmax sampling."""
    if temperature <= 0:
        return logits.argmax(dim=-1, keepdim=True)
    logits = logits.float() / temperature
    if top_k is not None:
        kth = torch.topk(logits, min(top_k, logits.shape[-1]), dim=-1).values[:, -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, dim=-1)
    return torch.multinomial(probs, 1, generator=generator)  # (B, 1)
