"""Model files: packed ternary weights (5 trits per byte), float exports and the engine's plain safetensors.

A packed file is a safetensors file: each BitLinear weight ``name`` becomes ``name.ternary``
(uint8, base-3 packed) plus ``name.scale`` (float32); everything else stays float. A float export
is the plain state dict. Both carry the config (and a packed file the ternary shapes) in their
metadata, so the file alone rebuilds the model. This module is the only model code that touches files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import safetensors.torch
import torch
from safetensors import safe_open
from torch import nn

from bit_ttt.files import atomic_write
from bit_ttt.layers.bit_linear import BitLinear, weight_quant
from bit_ttt.layers.packing import pack_ternary, unpack_ternary

PACKED_FORMAT = "bit_ttt.packed/1"
FLOAT_FORMAT = "bit_ttt.float/1"


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
            tensors[f"{key}.ternary"] = pack_ternary(ternary).cpu().contiguous()
            tensors[f"{key}.scale"] = scale.detach().float().reshape(1).cpu().contiguous()
            shapes[key] = list(ternary.shape)
    for key, tensor in model.state_dict().items():
        if key not in shapes:
            tensors[key] = tensor.detach().cpu().contiguous()
    metadata = {
        "format": PACKED_FORMAT,
        "config": json.dumps(config),
        "ternary_shapes": json.dumps(shapes),
    }
    atomic_write(Path(path), safetensors.torch.save(tensors, metadata=metadata))


def save_float_module(model: nn.Module, config: dict[str, object], path: str | os.PathLike[str]) -> None:
    """Write ``model``'s state dict as float safetensors with the config in the metadata (no side file)."""
    tensors = {k: v.detach().cpu().clone().contiguous() for k, v in model.state_dict().items()}
    metadata = {"format": FLOAT_FORMAT, "config": json.dumps(config)}
    atomic_write(Path(path), safetensors.torch.save(tensors, metadata=metadata))


def file_metadata(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """The metadata of a safetensors file (empty if it has none), or None if it is not one."""
    try:
        with safe_open(os.fspath(path), framework="pt") as handle:
            return dict(handle.metadata() or {})
    except Exception:  # safetensors raises its own error types for every malformed header
        return None


def saved_config(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The config a packed or float export carries in its metadata (None for other files)."""
    metadata = file_metadata(path) or {}
    if metadata.get("format") not in (PACKED_FORMAT, FLOAT_FORMAT) or "config" not in metadata:
        return None
    config: dict[str, Any] = json.loads(metadata["config"])
    return config


def read_float_weights(path: str | os.PathLike[str]) -> dict[str, torch.Tensor]:
    """Every tensor of a plain safetensors file (a float export, or an engine checkpoint)."""
    return safetensors.torch.load_file(os.fspath(path))


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
