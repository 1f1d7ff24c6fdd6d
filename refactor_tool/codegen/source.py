"""The split module parsed once with LibCST: each top-level statement's exact text, comments included.

Statements are sliced verbatim (`code_for_node` keeps the comments and blank lines above each one);
only statements that need a rewrite (relative imports at a new depth, `__file__`) are transformed.
"""

from __future__ import annotations

from collections.abc import Collection

import libcst as cst

from refactor_tool.errors import InputError

ORIGIN_FILE = "_ORIGIN_FILE"


class _ShiftRelative(cst.CSTTransformer):
    """`from .x import y` one package deeper becomes `from ..x import y` (also inside functions)."""

    def __init__(self, extra: int) -> None:
        self.extra = extra

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        if not updated.relative or self.extra == 0:
            return updated
        return updated.with_changes(relative=[cst.Dot()] * (len(updated.relative) + self.extra))


class _ReplaceFile(cst.CSTTransformer):
    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value=ORIGIN_FILE) if updated.value == "__file__" else updated


class ParsedModule:
    def __init__(self, source: str, path: str, expected: int,
                 relative: frozenset[int] = frozenset()) -> None:
        self.relative = relative
        try:
            self.module = cst.parse_module(source)
        except cst.ParserSyntaxError as error:
            raise InputError(f"syntax error: {error.message}", path=path, line=error.raw_line) from error
        if len(self.module.body) != expected:
            raise InputError(f"cannot match statements ({len(self.module.body)} vs {expected})", path=path)
        self._empty = cst.Module(body=[], default_newline=self.module.default_newline,
                                 default_indent=self.module.default_indent)

    @property
    def header(self) -> str:
        return "".join(self._empty.code_for_node(line) for line in self.module.header)

    @property
    def footer(self) -> str:
        return "".join(self._empty.code_for_node(line) for line in self.module.footer)

    def code(self, node: cst.CSTNode) -> str:
        if isinstance(node, cst.Module):
            return node.code
        return self._empty.code_for_node(node)

    def statement(self, index: int, *, extra_depth: int = 0, rewrite_file: bool = False,
                  strip_leading: bool = False) -> str:
        node = self.module.body[index]
        if extra_depth and index in self.relative:
            node = node.visit(_ShiftRelative(extra_depth))
        if rewrite_file:
            node = node.visit(_ReplaceFile())
        if strip_leading:
            node = node.with_changes(leading_lines=())
        return self.code(node)

    def filtered_import(self, index: int, keep: Collection[str], extra_depth: int) -> str | None:
        """The import statement keeping only the aliases whose bound names are in `keep`."""
        line = self.module.body[index]
        assert isinstance(line, cst.SimpleStatementLine)
        parts: list[cst.BaseSmallStatement] = []
        for small in line.body:
            if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
                continue
            aliases = [a for a in small.names if _bound(a, isinstance(small, cst.Import)) in keep]
            if not aliases:
                continue
            cleaned = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in aliases]
            if isinstance(small, cst.ImportFrom):
                dots = [cst.Dot()] * (len(small.relative) + extra_depth) if small.relative else []
                parts.append(small.with_changes(names=cleaned, relative=dots, lpar=None, rpar=None))
            else:
                parts.append(small.with_changes(names=cleaned))
        if not parts:
            return None
        parts = [p.with_changes(semicolon=cst.MaybeSentinel.DEFAULT) for p in parts]
        return self.code(cst.SimpleStatementLine(body=parts))


def _bound(alias: cst.ImportAlias, plain_import: bool) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    dotted = _dotted(alias.name)
    return dotted.split(".")[0] if plain_import else dotted


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""
