"""The split module's statements as exact source slices; LibCST only for the few that are rewritten.

A statement's slice runs from the end of the previous statement to its own last line, so comments
and blank lines above it travel with it and concatenating all slices gives back the file. Statements
that need a rewrite (relative imports at a new depth, `__file__`, imports filtered to what a module
uses) are parsed on their own with LibCST and transformed, keeping their formatting.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import libcst as cst
from libcst.metadata import FunctionScope, GlobalScope, MetadataWrapper, Scope, ScopeProvider

from refactor_tool.errors import InputError
from refactor_tool.split.emit.names import ORIGIN_FILE
from refactor_tool.syntax.dotted import dotted
from refactor_tool.syntax.facts.model import Statement
from refactor_tool.syntax.source import source_lines


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


class _ReadThrough(cst.CSTTransformer):
    """`DEBUG` read inside a function becomes `_settings.DEBUG`: the global lives in (and is rebound in)
    module `_settings`, and the function must see its current value, not a copy imported once."""

    def __init__(self, reads: Mapping[cst.Name, str]) -> None:
        self.reads = reads

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        module = self.reads.get(original)
        return updated if module is None else cst.Attribute(value=cst.parse_expression(module), attr=updated)


class _ReadFacade(cst.CSTTransformer):
    """`globals()` becomes `vars(<namespace>)`: a function reading its module's names by a key when called
    (`globals()[self._name]`) finds them in the facade's namespace (`facts.namespace_reads_when_called`)."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if isinstance(updated.func, cst.Name) and updated.func.value == "globals" and not updated.args:
            return cst.Call(func=cst.Name("vars"), args=[cst.Arg(cst.parse_expression(self.namespace))])
        return updated


def _when_called(scope: Scope) -> bool:
    """Whether code of `scope` runs when a function is called: not at the top level or in a class body,
    nor in a module's `__getattr__` (a part module's, which serves its class statement the methods of
    the part's own class while that runs: `classes.body_split._tail`)."""
    called = False
    while not isinstance(scope, GlobalScope):
        if isinstance(scope, FunctionScope):
            node = getattr(scope, "node", None)
            if isinstance(scope.parent, GlobalScope) and isinstance(node, cst.FunctionDef) \
                    and node.name.value == "__getattr__":
                return False
            called = True
        scope = scope.parent
    return called


def read_through(module: cst.Module, homes: Mapping[str, str]) -> cst.Module:
    """`module` with each read of a global in `homes` made inside a function read as `home.name`
    (reads while the module loads, and names a function binds itself, stay as they are)."""
    wrapper = MetadataWrapper(module)
    scopes = {id(s): s for s in wrapper.resolve(ScopeProvider).values() if s is not None}.values()
    reads: dict[cst.Name, str] = {}
    for scope in scopes:
        for access in scope.accesses:
            node = access.node
            if (isinstance(node, cst.Name) and node.value in homes and _when_called(scope)
                    and all(isinstance(r.scope, GlobalScope) for r in access.referents)):
                reads[node] = homes[node.value]
    return wrapper.module.visit(_ReadThrough(reads)) if reads else wrapper.module


def read_facade(text: str, namespace: str | None) -> str:
    """`text` with its `globals()` reading `namespace` instead (`_ReadFacade`), or as it is (None)."""
    return cst.parse_module(text).visit(_ReadFacade(namespace)).code if namespace else text


class ParsedModule:
    def __init__(self, source: str, path: str, statements: Sequence[Statement],
                 relative: frozenset[int] = frozenset()) -> None:
        self.path = path
        self.relative = relative
        self.lines = source_lines(source)
        self.starts = [s.start for s in statements]
        self.ends = [s.end for s in statements]

    @property
    def header(self) -> str:
        """Comments (licence, shebang, encoding) above the first statement."""
        return "".join(self.lines[: self.starts[0] - 1]) if self.starts else "".join(self.lines)

    @property
    def footer(self) -> str:
        return "".join(self.lines[self.ends[-1]:]) if self.ends else ""

    def _slice(self, index: int, strip_leading: bool) -> str:
        begin = self.starts[index] - 1 if strip_leading or index == 0 else self.ends[index - 1]
        return "".join(self.lines[begin: self.ends[index]])

    def _parse(self, text: str, index: int) -> cst.Module:
        try:
            return cst.parse_module(text)
        except cst.ParserSyntaxError as error:
            raise InputError(f"LibCST cannot parse this statement: {error.message}", path=self.path,
                             line=self.starts[index]) from error

    def statement(self, index: int, *, extra_depth: int = 0, rewrite_file: bool = False,
                  strip_leading: bool = False, live: Mapping[str, str] | None = None,
                  namespace: str | None = None) -> str:
        """The statement's source; `live`: globals it reads when called from their home module
        (name -> the local name of that module, see `read_through`); `namespace`: what its `globals()`
        reads instead (the facade module, `_ReadFacade`)."""
        text = self._slice(index, strip_leading)
        shift = bool(extra_depth) and index in self.relative
        if not shift and not rewrite_file and not live and not namespace:
            return text
        module = self._parse(text, index)
        if live:
            module = read_through(module, live)
        if shift:
            module = module.visit(_ShiftRelative(extra_depth))
        if rewrite_file:
            module = module.visit(_ReplaceFile())
        return read_facade(module.code, namespace)

    def filtered_import(self, index: int, keep: Collection[str], extra_depth: int) -> str | None:
        """The import statement keeping only the aliases whose bound names are in `keep`."""
        module = self._parse(self._slice(index, strip_leading=True), index)
        line = module.body[0]
        assert isinstance(line, cst.SimpleStatementLine)
        filtered = _filtered_line(line, keep, extra_depth)
        return None if filtered is None else module.code_for_node(filtered)

    def bare_star(self, index: int, extra_depth: int) -> str:
        """Only the star imports of a `try`/`if` statement, in the same `try`/`if` (`except ImportError:
        pass`): what every other module needs of `try: from _locale import * / except ...: def ...`."""
        module = self._parse(self._slice(index, strip_leading=True), index)
        kept = _stars_only(module.body)
        statement = module.with_changes(body=kept).code
        return self.shifted(statement, index, extra_depth)

    def shifted(self, text: str, index: int, extra_depth: int) -> str:
        if not extra_depth or index not in self.relative:
            return text
        return self._parse(text, index).visit(_ShiftRelative(extra_depth)).code

    def filtered_block(self, index: int, keep: Collection[str], extra_depth: int) -> str | None:
        """An `if TYPE_CHECKING:` block keeping only the imports of names in `keep` (None if none)."""
        module = self._parse(self._slice(index, strip_leading=True), index)
        block = module.body[0]
        if not isinstance(block, cst.If) or not isinstance(block.body, cst.IndentedBlock):
            return self.statement(index, extra_depth=extra_depth, strip_leading=True)
        body: list[cst.BaseStatement] = []
        for line in block.body.body:
            if isinstance(line, cst.SimpleStatementLine) and all(
                    isinstance(s, (cst.Import, cst.ImportFrom)) for s in line.body):
                filtered = _filtered_line(line, keep, extra_depth)
                if filtered is not None:
                    body.append(filtered.with_changes(leading_lines=line.leading_lines))
            else:
                body.append(line)
        if not body:
            return None
        return module.with_changes(body=[block.with_changes(body=block.body.with_changes(body=body))]).code


def _filtered_line(line: cst.SimpleStatementLine, keep: Collection[str],
                   extra_depth: int) -> cst.SimpleStatementLine | None:
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
    return cst.SimpleStatementLine(body=parts)


def _is_star(line: cst.BaseStatement) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and any(
        isinstance(s, cst.ImportFrom) and isinstance(s.names, cst.ImportStar) for s in line.body)


def _stars_only(body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
    """The statements with everything but star imports (and the `try`/`if` around them) removed."""
    kept: list[cst.BaseStatement] = []
    for line in body:
        if _is_star(line):
            kept.append(line)
        elif isinstance(line, cst.Try):
            handlers = [h.with_changes(body=_block(h.body)) for h in line.handlers]
            orelse = line.orelse and _stars_only(line.orelse.body.body)
            kept.append(line.with_changes(body=_block(line.body), handlers=handlers,
                                          orelse=line.orelse.with_changes(body=line.orelse.body.with_changes(
                                              body=orelse)) if orelse else None, finalbody=None))
        elif isinstance(line, cst.If):
            orelse = line.orelse
            if isinstance(orelse, cst.Else):
                inner = _stars_only(orelse.body.body)
                orelse = orelse.with_changes(body=orelse.body.with_changes(body=inner)) if inner else None
            elif isinstance(orelse, cst.If):
                nested = _stars_only([orelse])
                orelse = nested[0] if nested else None
            kept.append(line.with_changes(body=_block(line.body), orelse=orelse))
    return kept


def _block(block: cst.BaseSuite) -> cst.BaseSuite:
    inner = _stars_only(block.body) if isinstance(block, cst.IndentedBlock) else []
    pass_line = cst.SimpleStatementLine(body=[cst.Pass()])
    return cst.IndentedBlock(body=inner or [pass_line])


def _bound(alias: cst.ImportAlias, plain_import: bool) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = dotted(alias.name) or ""
    return name.split(".")[0] if plain_import else name
