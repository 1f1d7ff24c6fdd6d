"""Statements in a project's files that set names on a module: what a split's facade must pass on.

`mock.patch("smtplib.socket")`, `monkeypatch.setattr(ftplib, "CRLF", ...)`, `smtplib.socket = fake`,
`support.swap_attr(shutil, "open", ...)`, `setattr(mod, "X", v)`, `patch.multiple("mod", X=...)`: before
a split each of these changed the global the module's code reads; after it, only the facade's copy,
unless the facade forwards the change.
Gathered with `ast` only (cheap), resolving local names through the file's imports.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from refactor_tool.split.patch_targets.calls import MULTIPLE_OPTIONS
from refactor_tool.split.patch_targets.imports import ImportTable
from refactor_tool.syntax.dotted import dotted

#: Last segments of callees that set an attribute named by a string after the object: `setattr(obj, "x", v)`.
_OBJECT_SETTERS = frozenset({"setattr", "delattr", "object", "swap_attr", "patch_object"})
#: ... and of callees whose first argument is the dotted path itself: `mock.patch("mod.x")`.
_PATH_SETTERS = frozenset({"patch", "setattr", "delattr"})


@dataclass(frozen=True, slots=True)
class ModuleWrite:
    """`line` of a file sets `name` on the module."""

    line: int
    name: str
    code: str
    #: `mock.patch("mod.x")` and the like: a dotted string a rewrite could re-aim at the new module.
    by_path: bool = False


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Finder:
    def __init__(self, tree: ast.Module, module: str, source: str) -> None:
        self.imports = ImportTable(tree)
        self.module = module
        self.lines = source.splitlines()
        self.found: list[ModuleWrite] = []

    def is_module(self, node: ast.expr) -> bool:
        written = dotted(node)
        return written is not None and self.imports.qualify(written) == self.module

    def add(self, node: ast.AST, name: str, *, by_path: bool = False) -> None:
        line = getattr(node, "lineno", 0)
        code = self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""
        self.found.append(ModuleWrite(line, name, code[:80], by_path))

    def target(self, node: ast.expr) -> None:
        if isinstance(node, ast.Attribute) and self.is_module(node.value):
            self.add(node, node.attr)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for element in node.elts:
                self.target(element)

    def call(self, node: ast.Call) -> None:
        callee = dotted(node.func) or ""
        verb = callee.rpartition(".")[2]
        args = node.args
        if verb in _OBJECT_SETTERS and len(args) >= 2 and self.is_module(args[0]):
            name = _string(args[1])
            if name is not None:
                self.add(node, name)
        path = _string(args[0]) if args else None
        if verb in _PATH_SETTERS and path is not None and path.rpartition(".")[0] == self.module:
            self.add(node, path.rpartition(".")[2], by_path=True)
        if verb == "multiple" and args and (path == self.module or self.is_module(args[0])):
            for keyword in node.keywords:
                if keyword.arg is not None and keyword.arg not in MULTIPLE_OPTIONS:
                    self.add(node, keyword.arg)


def module_writes(source: str, module: str) -> tuple[ModuleWrite, ...]:
    """Every statement of `source` that sets a name on `module` (dotted), in source order."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return ()
    finder = _Finder(tree, module, source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                finder.target(target)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            finder.target(node.target)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                finder.target(target)
        elif isinstance(node, ast.Call):
            finder.call(node)
    return tuple(sorted(finder.found, key=lambda w: w.line))
