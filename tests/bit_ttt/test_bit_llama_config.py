"""BitLlamaConfig: validated on creation, JSON round trip."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bit_ttt import BitLlamaConfig


def test_defaults_and_derived_sizes():
    c = BitLlamaConfig(vocab_size=100, hidden_dim=64, num_layers=2)
    assert (c.variant, c.mini_batch_size, c.inner_lr, c.tie_embeddings) == (
        "reference",
        16,
        0.1,
        False,
    )
    assert (c.head_dim, c.intermediate_dim, c.cortex_dim) == (16, 256, 16)


def test_frozen():
    c = BitLlamaConfig(10, 8, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.hidden_dim = 16  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"vocab_size": 0}, "vocab_size"),
        ({"hidden_dim": -4}, "hidden_dim"),
        ({"num_layers": 1.5}, "num_layers"),
        ({"num_layers": True}, "num_layers"),
        ({"inner_lr": -0.1}, "inner_lr"),
        ({"inner_lr": float("nan")}, "inner_lr"),
        ({"ttt_base_lr": float("inf")}, "ttt_base_lr"),
        ({"mini_batch_size": 0}, "mini_batch_size"),
        ({"num_heads": 0}, "num_heads"),
        ({"num_heads": 3}, "num_heads"),
        ({"rms_norm_eps": 0.0}, "rms_norm_eps"),
        ({"variant": "rust"}, "variant"),
        ({"tie_embeddings": 1}, "tie_embeddings"),
        ({"variant": "cortex", "hidden_dim": 30, "num_heads": 2}, "hidden_dim"),
        ({"variant": "cortex", "tie_embeddings": True}, "tie_embeddings"),
    ],
)
def test_invalid_values_raise_value_error_naming_the_field(kwargs, field):
    args = {"vocab_size": 10, "hidden_dim": 32, "num_layers": 1, **kwargs}
    with pytest.raises(ValueError, match=field):
        BitLlamaConfig(**args)


def test_dict_round_trip_through_json():
    c = BitLlamaConfig(
        300, 48, 3, inner_lr=0.01, variant="cortex", mini_batch_size=32, rms_norm_eps=1e-6
    )
    data = json.loads(json.dumps(c.to_dict()))
    assert BitLlamaConfig.from_dict(data) == c


def test_from_dict_accepts_engine_files_and_rejects_unknown_keys():
    engine = {"vocab_size": 8000, "hidden_dim": 256, "n_layers": 4, "inner_lr": 0.1}
    assert BitLlamaConfig.from_dict(engine).num_layers == 4
    with pytest.raises(ValueError, match="n_heads"):
        BitLlamaConfig.from_dict({**engine, "n_heads": 8})
