"""What each name in a test file stands for, read from its imports with `ast` (cheap, gather only).

`from unittest import mock as m` makes `m.patch` the real `unittest.mock.patch`; `mp = MonkeyPatch()`
and `with MonkeyPatch.context() as mp` make `mp` a monkeypatch like pytest's fixture.
"""

from __future__ import annotations

import ast

from refactor_tool.syntax.dotted import dotted

MOCK = "unittest.mock"
_MONKEYPATCH_TYPES = frozenset({"pytest.MonkeyPatch", "_pytest.monkeypatch.MonkeyPatch"})


class ImportTable:
    """Local names bound by imports anywhere in the file (later bindings win), and monkeypatch names."""

    def __init__(self, tree: ast.Module) -> None:
        self.names: dict[str, str] = {}
        self.monkeypatches: set[str] = set()
        nodes = sorted(
            (
                n
                for n in ast.walk(tree)
                if isinstance(n, ast.Import | ast.ImportFrom | ast.Assign | ast.With)
            ),
            key=lambda n: (n.lineno, n.col_offset),
        )
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.names[local] = alias.name if alias.asname else local
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        self.names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in nodes:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    self._maybe_monkeypatch(target.id, node.value)
            elif isinstance(node, ast.With):
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name):
                        self._maybe_monkeypatch(item.optional_vars.id, item.context_expr)

    def _maybe_monkeypatch(self, name: str, value: ast.expr) -> None:
        if isinstance(value, ast.Call):
            callee = self.qualify(dotted(value.func) or "").removesuffix(".context")
            if callee in _MONKEYPATCH_TYPES:
                self.monkeypatches.add(name)

    def qualify(self, name: str) -> str:
        """The dotted name `name` stands for after the imports (`m.patch` -> `unittest.mock.patch`)."""
        head, _, rest = name.partition(".")
        full = self.names.get(head, head) + (f".{rest}" if rest else "")
        if full == "mock" or full.startswith("mock."):
            full = MOCK + full.removeprefix("mock")  # the `mock` backport is unittest.mock
        return full
