"""Ancestors of classes outside the package that the standard library defines (`enum.IntEnum` is an `enum.Enum`).

Only standard-library and builtin classes are looked up, by importing their (already safe) modules; third-party
bases stay opaque, so nothing of the user's environment runs.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import sys


def _name(cls: type) -> str:
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


@functools.lru_cache(maxsize=512)
def stdlib_ancestors(dotted: str) -> frozenset[str]:
    """Names of every class in the MRO of the stdlib/builtin class `dotted` (empty when unknown)."""
    module_name, _, qualname = dotted.rpartition(".")
    if not module_name:
        cls = getattr(builtins, dotted, None)
    elif module_name.split(".")[0] in sys.stdlib_module_names:
        try:
            cls = importlib.import_module(module_name)
            for part in qualname.split("."):
                cls = getattr(cls, part)
        except (ImportError, AttributeError):
            return frozenset()
    else:
        return frozenset()
    if not isinstance(cls, type):
        return frozenset()
    names = {_name(base) for base in cls.__mro__}
    # Aliases such as `typing.Generic` report another module; keep the spelling used in the source too.
    return frozenset(names | {dotted})
