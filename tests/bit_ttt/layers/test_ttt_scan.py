"""TTTBase (in layers/ttt.py): the scan every TTT layer shares; a variant is its inner update (and its views, state, output)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import torch

from bit_ttt import CortexTTT, TTTBase, TTTLayer


@dataclass(frozen=True)
class MeanState:
    """The committed sum and count of whole chunks, and the tokens of the chunk in progress."""

    total: torch.Tensor  # (B, D)
    count: int
    pending: torch.Tensor  # (B, D)
    pending_count: int


class RunningMean(TTTBase[MeanState]):
    """The smallest TTT layer: its inner model is the mean of the tokens seen, updated once per chunk of 3."""

    forms = ("chunked", "per_token")
    time_dim = 1

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim
        self.chunks: list[int] = []

    @classmethod
    def from_config(cls, config):  # type: ignore[no-untyped-def]
        return cls(config.hidden_dim)

    def views(self, x: torch.Tensor) -> tuple[torch.Tensor]:
        return (x.double(),)

    def init_state(self, batch_size: int, dtype: torch.dtype | None = None) -> MeanState:
        zeros = torch.zeros(batch_size, self.dim, dtype=torch.float64)
        return MeanState(zeros, 0, zeros, 0)

    def chunk_length(self, state: MeanState, form: str) -> int:
        return 3 - state.pending_count if form == "chunked" else 1

    def inner_update(self, views, state, form, ttt_enabled):  # type: ignore[no-untyped-def]
        (x,) = views
        self.chunks.append(x.shape[1])
        mean = state.total / max(state.count, 1)  # every token of a chunk reads the last committed memory
        out = mean[:, None].expand_as(x)
        if not ttt_enabled:
            return out, state
        pending, n = state.pending + x.sum(1), state.pending_count + x.shape[1]
        if n < 3 and form == "chunked":
            return out, MeanState(state.total, state.count, pending, n)
        return out, MeanState(state.total + pending, state.count + n, torch.zeros_like(pending), 0)

    def output(self, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return z.to(x.dtype)


def test_the_base_runs_chunks_aligned_to_the_state_across_calls() -> None:
    layer = RunningMean(4)
    x = torch.randn(2, 8, 4)
    y, state = layer(x)
    assert layer.chunks == [3, 3, 2] and (state.count, state.pending_count) == (6, 2)
    layer.chunks.clear()
    y_a, mid = layer(x[:, :4])
    y_b, end = layer(x[:, 4:], mid)
    assert layer.chunks == [3, 1, 2, 2]  # the second call finishes the chunk the first one began
    torch.testing.assert_close(torch.cat([y_a, y_b], 1), y)
    torch.testing.assert_close(end.total, state.total)
    torch.testing.assert_close(end.pending, state.pending)


def test_forms_and_the_control_come_from_the_base() -> None:
    layer = RunningMean(4)
    x = torch.randn(1, 5, 4)
    layer(x[:, :1])
    assert layer.chunks == [1]  # T == 1 defaults to the per-token form
    _, state = layer(x, ttt_enabled=False)
    assert (state.count, state.pending_count) == (0, 0)
    with pytest.raises(ValueError, match="'chunked' or 'per_token'"):
        layer(x, form="dual")


def test_the_real_layers_override_the_inner_update_not_the_scan() -> None:
    for cls in (TTTLayer, CortexTTT):
        assert issubclass(cls, TTTBase) and "forward" not in vars(cls)
        assert {"inner_update", "views", "init_state", "output"} <= set(vars(cls))
