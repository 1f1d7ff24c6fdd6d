"""Model files: packed ternary weights (5 trits per byte) and the engine's plain safetensors.

A packed file is a safetensors file: each BitLinear weight ``name`` becomes ``name.ternary``
(uint8, base-3 packed) plus ``name.scale`` (float32); everything else stays float. The config and
the ternary shapes sit in the metadata, so the file alone rebuilds the model.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import torch
from safetensors import safe_open
from safetensors.torch import save_file
from torch import nn

from bit_ttt.layers.bit_linear import BitLinear, weight_quant
from bit_ttt.layers.packing import pack_ternary, unpack_ternary

PACKED_FORMAT = "bit_ttt.packed/1"


@dataclass(frozen=True, slots=True)
class PackedContents:
    """What a packed file holds, unpacked: the config, float tensors, exact ternary weights."""

    config: dict[str, object]
    floats: dict[str, torch.Tensor]
    ternary: dict[str, tuple[torch.Tensor, torch.Tensor]]  # weight name -> (int8 ternary, scale)


def save_packed_module(
    model: nn.Module, config: dict[str, object], path: str | os.PathLike[str]
) -> None:
    """Write ``model`` with every BitLinear weight packed; a cached ternary weight is used as is."""
    tensors: dict[str, torch.Tensor] = {}
    shapes: dict[str, list[int]] = {}
    for module_name, module in model.named_modules():
        if isinstance(module, BitLinear):
            if module.inference_ternary is not None and module.inference_scale is not None:
                ternary, scale = module.inference_ternary, module.inference_scale
            else:
                ternary, scale = weight_quant(module.weight)
            key = f"{module_name}.weight"
            tensors[f"{key}.ternary"] = pack_ternary(ternary).contiguous()
            tensors[f"{key}.scale"] = scale.detach().float().reshape(1).contiguous()
            shapes[key] = list(ternary.shape)
    for key, tensor in model.state_dict().items():
        if key not in shapes:
            tensors[key] = tensor.detach().contiguous()
    metadata = {
        "format": PACKED_FORMAT,
        "config": json.dumps(config),
        "ternary_shapes": json.dumps(shapes),
    }
    save_file(tensors, os.fspath(path), metadata=metadata)


def read_packed(path: str | os.PathLike[str]) -> PackedContents:
    """Read a file written by :func:`save_packed_module` (a ValueError if it is not one)."""
    with safe_open(os.fspath(path), framework="pt") as handle:
        metadata = handle.metadata() or {}
        if metadata.get("format") != PACKED_FORMAT:
            raise ValueError(f"{os.fspath(path)}: not a bit_ttt packed model file")
        shapes: dict[str, list[int]] = json.loads(metadata["ternary_shapes"])
        tensors = {key: handle.get_tensor(key) for key in handle.keys()}  # noqa: SIM118
    ternary = {}
    for key, shape in shapes.items():
        packed = tensors.pop(f"{key}.ternary")
        scale = tensors.pop(f"{key}.scale").reshape(())
        ternary[key] = (unpack_ternary(packed, tuple(shape)), scale)
    return PackedContents(json.loads(metadata["config"]), tensors, ternary)


def install_packed(model: nn.Module, contents: PackedContents) -> None:
    """Load float tensors into ``model`` and give each BitLinear its exact ternary weight and scale."""
    modules = dict(model.named_modules())
    state = dict(contents.floats)
    for key, (ternary, scale) in contents.ternary.items():
        state[key] = ternary.to(torch.float32) * scale
    model.load_state_dict(state, strict=True)
    for key, (ternary, scale) in contents.ternary.items():
        module = modules[key.removesuffix(".weight")]
        assert isinstance(module, BitLinear)
        module.set_inference_weights(ternary, scale)
