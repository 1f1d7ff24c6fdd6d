"""The wiring `refactor-tool split` writes into a facade, recognised so merging a split back removes it.

A split package's `__init__` carries generated helpers: late cross-module bindings (`_SPLIT_LATE`), a
`__dir__` hiding submodules (`_SPLIT_HIDDEN`), a `__getattr__` serving rebound globals
(`_LIVE_GLOBALS`, `_ORIGINAL_GETATTR`), a module class forwarding patches (`_SPLIT_USERS`,
`_SplitModule`), merged `__annotations__`, and `_ORIGIN_FILE` standing in for the old `__file__`. Once everything is one module again they are wrong (they look up the submodules in
`sys.modules`), so they go, and `_ORIGIN_FILE` is `__file__` again.
"""

from __future__ import annotations

import re

from refactor_tool.merging.parts import BodyStatement

#: Names only refactor-tool's split generates (see refactor_tool/split/emit/facade.py).
GENERATED = frozenset(
    {
        "_SPLIT_LATE",
        "_SPLIT_HIDDEN",
        "_LIVE_GLOBALS",
        "_ORIGINAL_GETATTR",
        "_split_module",
        "_split_names",
        "_split_name",
        "_split_home",
    }
)
ORIGIN_FILE = "_ORIGIN_FILE"
#: The split's naming convention for its helpers (`_SPLIT_USERS`, `_SplitModule`, `_split_home`), so
#: helpers it adds later are recognised too.
_CONVENTION = re.compile(r"_SPLIT_[A-Z_]+|_Split[A-Z]\w*|_split_\w+")


def generated(name: str) -> bool:
    return name in GENERATED or _CONVENTION.fullmatch(name) is not None


def is_scaffolding(statement: BodyStatement) -> bool:
    """A statement that only exists to wire a split package together."""
    facts = statement.facts
    if any(generated(n) for n in facts.binds | facts.uses) or facts.binds == {ORIGIN_FILE}:
        return True
    return (
        facts.binds == {"__annotations__"}
        and ".__annotations__" in statement.code
        and "modules[" in statement.code
    )
