"""No package binds a name of one of its own modules to something else (`refactor_tool.api.load` was a
function, so `refactor_tool.api.load.Definition` did not resolve and the module could not be reached)."""

from __future__ import annotations

import importlib
import pkgutil
import types

import refactor_tool


def _packages(root: types.ModuleType):
    yield root
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{root.__name__}."):
        if info.ispkg:
            yield importlib.import_module(info.name)


def test_every_module_is_reachable_by_its_dotted_name() -> None:
    shadowed = []
    for package in _packages(refactor_tool):
        exported = set(getattr(package, "__all__", ()))
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            bound = vars(package).get(info.name, module)
            if info.name in exported:  # names loaded on first use (refactor_tool.__getattr__)
                bound = getattr(package, info.name)
            if bound is not module:
                shadowed.append(f"{module.__name__} is shadowed by {type(bound).__name__} {info.name}")
    assert shadowed == []
