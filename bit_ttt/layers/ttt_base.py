"""TTTBase: what every Test-Time-Training layer shares, the scan of its inner update over a sequence.

A TTT layer's hidden state is a model trained on the sequence while the layer reads it (Sun et al.
2024, arXiv 2407.04620, §2). As in the authors' ttt-lm-pytorch, subclasses differ in the inner
update; here they also bring their own views of the input, initial state and output projection.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Generic, TypeVar

import torch
from torch import nn

from bit_ttt.config import BitLlamaConfig

StateT = TypeVar("StateT")


class TTTBase(nn.Module, ABC, Generic[StateT]):
    """``forward(x, state) -> (y, new_state)``: views of ``x``, then the inner update chunk by chunk.

    Subclasses define ``views`` (projections, each with time at dimension ``time_dim``),
    ``init_state``, ``chunk_length``, ``output`` and the one thing that makes a TTT variant:
    ``inner_update``, which consumes one chunk of views and returns its outputs and the next state.
    """

    #: (the parallel form for whole sequences, the token-by-token form for decoding)
    forms: ClassVar[tuple[str, str]]
    #: The dimension of every view (and of the inner update's output) that is time.
    time_dim: ClassVar[int]
    #: The form `BitLlama.generate` prefills a prompt with; None: the parallel form, when it is exact.
    prefill_form: ClassVar[str | None] = None

    @classmethod
    @abstractmethod
    def from_config(cls, config: BitLlamaConfig) -> TTTBase[StateT]:
        """The layer a model of ``config`` uses."""

    @abstractmethod
    def views(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """What the inner loop reads from ``x`` (B, T, D), in at least float32."""

    @abstractmethod
    def init_state(self, batch_size: int, dtype: torch.dtype | None = None) -> StateT:
        """The state before any token."""

    @abstractmethod
    def chunk_length(self, state: StateT, form: str) -> int:
        """How many tokens the next inner update may take at once."""

    @abstractmethod
    def inner_update(
        self, views: tuple[torch.Tensor, ...], state: StateT, form: str, ttt_enabled: bool
    ) -> tuple[torch.Tensor, StateT]:
        """Outputs for one chunk of ``views`` and the state after it; no learning unless ``ttt_enabled``."""

    @abstractmethod
    def output(self, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """The layer's output (B, T, D) from the inner outputs ``z`` of the whole input ``x``."""

    def forward(
        self,
        x: torch.Tensor,
        state: StateT | None = None,
        form: str | None = None,
        ttt_enabled: bool = True,
    ) -> tuple[torch.Tensor, StateT]:
        """Run ``x`` (B, T, D) from ``state`` (fresh if None).

        ``form`` defaults to the parallel form for T > 1 and the token-by-token form for T == 1.
        ``ttt_enabled=False`` sets the inner learning rate to 0: the inner model keeps its initial weights.
        """
        B, T, _ = x.shape
        parallel, recurrent = self.forms
        form = form or (recurrent if T == 1 else parallel)
        if form not in self.forms:
            raise ValueError(f"form must be {parallel!r} or {recurrent!r}, got {form!r}")
        views = self.views(x)  # projections run under autocast, if any, then widen
        with torch.autocast(device_type=x.device.type, enabled=False):  # the inner loop stays wide
            state = self.init_state(B, x.dtype) if state is None else state
            outputs, start = [], 0
            while start < T:
                n = min(self.chunk_length(state, form), T - start)
                chunk = tuple(view.narrow(self.time_dim, start, n) for view in views)
                z, state = self.inner_update(chunk, state, form, ttt_enabled)
                outputs.append(z)
                start += n
            z = torch.cat(outputs, dim=self.time_dim)
        return self.output(z, x), state
