"""Rewrite one module's imports for its new home: imports of merged modules go, relative imports are re-aimed.

`from pkg.a import X` of a merged module disappears (X is now defined alongside), `from pkg.a import X as Y`
becomes `Y = X`, and a module object (`from pkg import a`, `import pkg.a as a`) is dissolved by rewriting
`a.X` to `X`. Relative imports of anything else are recomputed from the merged module's package.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from refactor_tool.errors import PlanError
from refactor_tool.merging.model import SourceModule
from refactor_tool.merging.touched import index_statements
from refactor_tool.split.emit.names import ORIGIN_FILE, RECOGNISED
from refactor_tool.syntax.dotted import dotted, dotted_node
from refactor_tool.syntax.matching import pair_statements
from refactor_tool.syntax.modnames import relative, resolve


class InternalImports(cst.CSTTransformer):
    """Drops imports of the merged modules and re-aims relative imports, anywhere in the module."""

    def __init__(
        self,
        source: SourceModule,
        merged: frozenset[str],
        defined: frozenset[str],
        target: SourceModule,
    ) -> None:
        super().__init__()
        self.source = source
        self.merged = merged
        self.packages = frozenset(name.rpartition(".")[0] for name in merged) - {""}
        self.defined = defined
        self.target_package = target.package
        self.target_name = target.name
        self.module_aliases: set[str] = set()
        self.dropped = 0
        self.functions = 0
        #: The merged module whose `__all__` this one re-exports (a split's facade does that).
        self.all_from: str | None = None

    def _absolute(self, node: cst.ImportFrom) -> str:
        module = dotted(node.module) if node.module is not None else None
        return resolve(self.source.package, len(node.relative), module, path=self.source.path)

    def _is_internal(self, absolute: str, name: str) -> bool:
        return absolute in self.merged or (
            absolute in self.packages
            and name in self.defined
            and f"{absolute}.{name}" not in self.merged
        )

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.BaseSmallStatement | cst.FlattenSentinel[cst.BaseSmallStatement] | cst.RemovalSentinel:
        absolute = self._absolute(updated_node)
        if isinstance(updated_node.names, cst.ImportStar):
            if absolute in self.merged:
                self.dropped += 1
                return cst.RemoveFromParent()
            return self._reaimed(updated_node, absolute)
        kept: list[cst.ImportAlias] = []
        renames: list[cst.BaseSmallStatement] = []
        for alias in updated_node.names:
            name = dotted(alias.name) or ""
            local = alias.evaluated_alias or name
            if f"{absolute}.{name}" == self.target_name:
                kept.append(
                    alias
                )  # the merged module itself, e.g. `doctest.testmod(mod)`: still valid
            elif f"{absolute}.{name}" in self.merged:
                self.module_aliases.add(local)
            elif self._is_internal(absolute, name):
                if name == "__all__" and absolute in self.merged:
                    self.all_from = absolute
                if local != name:
                    renames.append(
                        cst.Assign(
                            targets=(cst.AssignTarget(cst.Name(local)),), value=cst.Name(name)
                        )
                    )
            else:
                kept.append(alias)
        self.dropped += len(updated_node.names) - len(kept)
        if kept:
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            node = self._reaimed(updated_node.with_changes(names=tuple(kept)), absolute)
            return cst.FlattenSentinel((node, *renames)) if renames else node
        if renames:
            return cst.FlattenSentinel(renames)
        return cst.RemoveFromParent()

    def rewrites(self, node: ast.Import | ast.ImportFrom) -> bool:
        """Whether this import (seen by `ast`) is one the transform changes: relative or internal."""
        if isinstance(node, ast.Import):
            return any(alias.name in self.merged for alias in node.names)
        if node.level:
            return True
        module = node.module or ""
        return any(
            self._is_internal(module, alias.name) or f"{module}.{alias.name}" in self.merged
            for alias in node.names
        ) or (module in self.merged)

    def _reaimed(self, node: cst.ImportFrom, absolute: str) -> cst.ImportFrom:
        if not node.relative:
            return node
        level, module = relative(self.target_package, absolute)
        if level == 0:
            return node.with_changes(relative=(), module=dotted_node(module))
        return node.with_changes(
            relative=tuple(cst.Dot() for _ in range(level)),
            module=dotted_node(module) if module else None,
        )

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        kept = []
        for alias in updated_node.names:
            name = dotted(alias.name) or ""
            if name in self.merged and name != self.target_name:
                self.module_aliases.add(alias.evaluated_alias or name)
            else:
                kept.append(alias)
        self.dropped += len(updated_node.names) - len(kept)
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(names=tuple(kept))

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        if dotted(updated_node.value) in self.module_aliases:
            return updated_node.attr
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        """A split's `_ORIGIN_FILE` stood in for `__file__`; merged back, `__file__` is right again."""
        if updated_node.value == ORIGIN_FILE:
            return updated_node.with_changes(value="__file__")
        return updated_node

    def leave_Assign(
        self, original_node: cst.Assign, updated_node: cst.Assign
    ) -> cst.Assign | cst.RemovalSentinel:
        """`_ORIGIN_FILE = ...` (a split's stand-in for `__file__`) is not needed once merged back."""
        targets = [t.target for t in original_node.targets]
        if any(isinstance(t, cst.Name) and t.value == ORIGIN_FILE for t in targets):
            return cst.RemoveFromParent()
        return updated_node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions += 1

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.functions -= 1
        return updated_node

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._refuse_rebinding(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._refuse_rebinding(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._refuse_rebinding(node.target)

    def _refuse_rebinding(self, target: cst.BaseExpression) -> None:
        """`mod.X = v` in a function would become a local `X = v` once `mod` is dissolved."""
        elements = [e.value for e in target.elements] if isinstance(target, cst.Tuple) else [target]
        for element in elements:
            if (
                self.functions
                and isinstance(element, cst.Attribute)
                and dotted(element.value) in self.module_aliases
            ):
                raise PlanError(
                    f"a function assigns `{dotted(element)}`; merged, that would bind a local name. "
                    "Declare it `global` in the merged code by hand",
                    path=self.source.path,
                )


class _BareNames(cst.CSTVisitor):
    """Finds names used as values (not as `.attr`), to catch module objects we could not dissolve."""

    def __init__(self, wanted: frozenset[str]) -> None:
        super().__init__()
        self.wanted = wanted
        self.found: list[str] = []

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.wanted:
            self.found.append(node.value)


def _visit(
    statement: cst.BaseStatement, visitor: cst.CSTTransformer
) -> tuple[cst.BaseStatement, ...]:
    """Transform one top-level statement as part of a module, so emptied lines and bodies are handled."""
    return tuple(cst.Module(body=(statement,)).visit(visitor).body)


def _deleted(statement: ast.Delete) -> list[ast.expr]:
    """The targets of `del a, b` and of `del (a, b)` (the form a long list wraps in)."""
    return [e for t in statement.targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]


def rewrite_imports(
    module: cst.Module,
    tree: ast.Module,
    source: SourceModule,
    merged: Sequence[str],
    defined: frozenset[str],
    target: SourceModule,
) -> tuple[cst.Module, int, str | None]:
    """The module with internal imports gone; refuses a merged module used as an object (`f(mod)`)."""
    transformer = InternalImports(source, frozenset(merged), defined, target)
    index = index_statements(module.body, tree)
    # A split's wiring helpers (`_bind_late`, ...) name the modules being merged; merge drops them.
    wiring = set(index.mentioning(RECOGNISED)) | {
        i for i, group in enumerate(pair_statements(module.body, tree.body))
        if any(isinstance(s, ast.FunctionDef) and s.name in RECOGNISED for s in group)
    }
    body: list[tuple[cst.BaseStatement, ...]] = [(s,) for s in module.body]
    for position in index.with_imports(transformer.rewrites):
        if position not in wiring:
            body[position] = _visit(module.body[position], transformer)
    roots = frozenset(a.split(".")[0] for a in transformer.module_aliases)
    # `del _units, _pricing` at the end of a split package's `__init__` only unbinds its submodules.
    wiring |= {i for i, group in enumerate(pair_statements(module.body, tree.body))
               if all(isinstance(s, ast.Delete) and all(isinstance(t, ast.Name) and t.id in roots
                                                        for t in _deleted(s)) for s in group)}
    for position in index.mentioning(frozenset({ORIGIN_FILE}) - roots):
        body[position] = tuple(n for s in body[position] for n in _visit(s, transformer))
    if roots:
        aliases = frozenset(a for a in transformer.module_aliases if "." not in a)
        for position in (p for p in index.mentioning(roots) if p not in wiring):
            body[position] = tuple(n for s in body[position] for n in _visit(s, transformer))
            bare = _BareNames(aliases)
            for statement in body[position]:
                statement.visit(bare)
            if bare.found:
                raise PlanError(
                    f"uses the merged module object {sorted(set(bare.found))} other than as "
                    "`module.name`; rewrite those uses first",
                    path=source.path,
                )
    flat = tuple(statement for statements in body for statement in statements)
    return module.with_changes(body=flat), transformer.dropped, transformer.all_from
