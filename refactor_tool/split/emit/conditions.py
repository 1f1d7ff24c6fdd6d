"""Re-exports of names the original binds under a condition, imported under the same condition.

typing_extensions binds dozens of names in one branch of `if hasattr(typing, "NoDefault"): ...
else: ...` or `if sys.version_info >= (3, 13): ...`. The facade can import such a name only where it
exists; when the branch that binds it is plain (its `if` test or the `else` of one, the name bound
directly in it and nowhere else) and the test reads only what the facade has imported by then, the
facade asks the same question (`if not hasattr(typing, "NoDefault"): from ._attrs import _no_init`),
as a person would write it. Other names keep the `try: ... except ImportError` of `guarded_imports`.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.syntax.facts.model import StatementKind

#: Calls a mirrored test may make: they read state, they change none.
_READERS = frozenset({"hasattr", "getattr", "isinstance", "callable", "len"})
_PLAIN = (ast.Name, ast.Attribute, ast.Constant, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Tuple,
          ast.Subscript, ast.Call, ast.Load, ast.cmpop, ast.boolop, ast.unaryop, ast.Slice, ast.keyword)


def _bound_directly(body: list[ast.stmt]) -> set[str]:
    found: set[str] = set()
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
            found.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            found |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return found


def _bound_anywhere(body: list[ast.stmt]) -> set[str]:
    module = ast.Module(body=body, type_ignores=[])
    return {n.id for n in ast.walk(module) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} | {
        n.name for n in ast.walk(module) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}


_DYNAMIC = frozenset({"exec", "eval", "globals", "vars", "setattr", "__import__"})


def _static(body: list[ast.stmt]) -> bool:
    """Whether a branch binds only what its statements name: no statement is a bare call (six's
    `exec_("def raise_from(...)")` binds `raise_from` unseen), no star import, no exec, setattr..."""
    module = ast.Module(body=body, type_ignores=[])
    for node in ast.walk(module):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return False
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return False
        if isinstance(node, ast.Name) and node.id in _DYNAMIC:
            return False
    return True


def _plain_test(test: ast.expr, available: Collection[str]) -> bool:
    for node in ast.walk(test):
        if not isinstance(node, _PLAIN):
            return False
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _READERS):
            return False
        if isinstance(node, ast.Name) and node.id not in available and node.id not in dir(builtins):
            return False
    return True


_INVERSE = {ast.Lt: ">=", ast.LtE: ">", ast.Gt: "<=", ast.GtE: "<", ast.Eq: "!=", ast.NotEq: "==",
            ast.In: "not in", ast.NotIn: "in", ast.Is: "is not", ast.IsNot: "is"}


def _negated(test: ast.expr, source: str) -> str:
    """`sys.version_info < (3, 13)` for `sys.version_info >= (3, 13)`, `not hasattr(...)`, `not (a or b)`."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _INVERSE:
        left, right = ast.get_source_segment(source, test.left), ast.get_source_segment(source, test.comparators[0])
        return f"{left} {_INVERSE[type(test.ops[0])]} {right}"
    text = ast.get_source_segment(source, test)
    return f"not ({text})" if isinstance(test, ast.BoolOp) else f"not {text}"


@dataclass(frozen=True, slots=True)
class _Branch:
    """Where the original binds a name: the `if` statement, its test (as written, one line), the
    negated test, and whether the name is bound in the `else`."""

    index: int
    test: str
    negated: str
    in_else: bool


def _branch(ctx: SplitContext, name: str, available: Collection[str]) -> _Branch | None:
    defined = ctx.analysis.defined.get(name, [])
    deleting = [s for s in ctx.analysis.statements if name in s.deletes]
    if len(defined) != 1 or deleting or name not in ctx.conditional:
        return None
    statement = ctx.analysis.statements[ctx.conditional[name]]
    source = "".join(ctx.parsed.lines[statement.start - 1:statement.end])
    tree = ast.parse(source)
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.If):
        return None
    node = tree.body[0]
    text = ast.get_source_segment(source, node.test) or "\n"
    if not _plain_test(node.test, available) or "\n" in text:
        return None
    if name in _bound_directly(node.body) and name not in _bound_anywhere(node.orelse) and _static(node.orelse):
        return _Branch(statement.index, text, _negated(node.test, source), in_else=False)
    plain_else = node.orelse and not (len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If))
    if plain_else and name in _bound_directly(node.orelse) and name not in _bound_anywhere(node.body) \
            and _static(node.body):
        return _Branch(statement.index, text, _negated(node.test, source), in_else=True)
    return None


def _available(ctx: SplitContext) -> set[str]:
    """Names the facade has imported before its re-exports: the original's imports above its code."""
    first_moved = min(ctx.moved, default=len(ctx.analysis.statements))
    return {n for s in ctx.analysis.statements if s.kind is StatementKind.IMPORT and s.index < first_moved
            and s.index not in ctx.moved for n in s.defines}


def mirrored_imports(ctx: SplitContext, module: str, names: list[str], *, marked: Collection[str] = ()
                     ) -> tuple[list[cst.BaseStatement], list[str]]:
    """`if <the original's test>: from module import names [else: ...]`, one per `if` of the original;
    and the names left over."""
    available = _available(ctx)
    branches: dict[int, tuple[_Branch, dict[bool, list[str]]]] = {}
    rest: list[str] = []
    for name in names:
        found = _branch(ctx, name, available)
        if found is None:
            rest.append(name)
        else:
            branches.setdefault(found.index, (found, {}))[1].setdefault(found.in_else, []).append(name)
    statements: list[cst.BaseStatement] = []
    for index, (branch, held) in branches.items():
        def block(held_names: list[str]) -> cst.IndentedBlock:
            return cst.IndentedBlock(body=[nodes.import_from(module, held_names, marked=marked)])

        if False in held:
            orelse = cst.Else(body=block(held[True])) if True in held else None
            statement = cst.If(test=cst.parse_expression(branch.test), body=block(held[False]), orelse=orelse)
        else:
            statement = cst.If(test=cst.parse_expression(branch.negated), body=block(held[True]))
        text = f"Bound on one branch of {ctx.where(index)} only."
        statements.append(nodes.commented(statement, *nodes.wrapped(text)))
    return statements, rest
