"""BitLlamaConfig: validated on creation (one place), JSON round trip, presets as data."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bit_ttt import BitLlamaConfig
from bit_ttt.config import PRESETS
from bit_ttt.errors import ConfigFieldError


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
        ({"rope_theta": -1.0}, "rope_theta"),
        ({"conv_kernel": -1}, "conv_kernel"),
        ({"conv_kernel": True}, "conv_kernel"),
        ({"hidden_dim": 36, "num_heads": 4}, "2 · num_heads"),  # heads of 9 features: no pairs to rotate
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


def test_a_config_saved_before_positions_and_convolution_existed_is_rebuilt_without_them():
    old = BitLlamaConfig(256, 36, 1, num_heads=4, rope_theta=0.0, conv_kernel=0)  # odd heads: fine unrotated
    saved = {k: v for k, v in old.to_dict().items() if k not in ("rope_theta", "conv_kernel")}
    assert BitLlamaConfig.from_dict(saved) == old
    new, preset = BitLlamaConfig(256, 32, 1), BitLlamaConfig.from_preset("tiny")
    assert (new.rope_theta, new.conv_kernel) == (preset.rope_theta, preset.conv_kernel) == (10000.0, 4)


def test_every_field_says_what_it_is_for_the_generated_option():
    for spec in dataclasses.fields(BitLlamaConfig):
        assert spec.metadata.get("help", "").endswith("."), spec.name


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_valid_configs_that_options_override(name):
    config = BitLlamaConfig.from_preset(name)
    assert {k: getattr(config, k) for k in PRESETS[name]} == PRESETS[name] and config.vocab_size == 256
    assert BitLlamaConfig.from_preset(name, vocab_size=300, num_layers=1).num_layers == 1


def test_preset_sizes_grow_and_base_is_the_original_default_shape():
    shapes = [(PRESETS[n]["hidden_dim"], PRESETS[n]["num_layers"]) for n in ("tiny", "small", "base")]
    assert shapes == sorted(shapes) and shapes[-1] == (256, 8)
    with pytest.raises(ValueError, match="preset"):
        BitLlamaConfig.from_preset("huge")


def test_errors_carry_the_field_for_a_cli_to_name_its_option():
    with pytest.raises(ConfigFieldError) as info:
        BitLlamaConfig(10, 30, 1, num_heads=4)
    assert (info.value.field, info.value.value) == ("hidden_dim", 30)
    assert "num_heads = 4" in info.value.expected and isinstance(info.value, ValueError)
