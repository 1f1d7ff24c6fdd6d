"""The wiring `refactor-tool split` writes into a facade, recognised so merging a split back removes it.

A split package's `__init__` carries generated helpers (late cross-module bindings, a `__dir__` hiding
submodules, a `__getattr__` serving rebound globals, a module class forwarding patches), merged
`__annotations__`, and `_ORIGIN_FILE` standing in for the old `__file__`; split's one list of the names
it generates is `refactor_tool.split.emit.names`. Once everything is one module again the helpers are
wrong (they look up the submodules in `sys.modules`), so they go, and `_ORIGIN_FILE` is `__file__` again.
"""

from __future__ import annotations

import re

from refactor_tool.merging.parts import BodyStatement
from refactor_tool.split.emit.names import DOCSTRING_PHRASES, ORIGIN_FILE, RECOGNISED

_DOCSTRINGS = [
    re.compile(re.escape(template).replace(re.escape("{module}"), r"[\w.]+"), re.IGNORECASE)
    for template in DOCSTRING_PHRASES
]


def generated(name: str) -> bool:
    return name in RECOGNISED


def generated_docstring(docstring: str) -> bool:
    """The docstring a split gives each module it writes (says where the code came from, nothing more)."""
    text = " ".join(docstring.split())
    return any(pattern.search(text) for pattern in _DOCSTRINGS)


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
