"""LibCST builders for the statements a split writes itself: imports, re-exports, comments, assignments.

Everything generated goes through these (or `parse_template_statement`), so it is always valid code in
one consistent format: imports by `plan.sizes.wrap_from_import` (one line when it fits in `WIDTH`, else
names packed into parenthesised lines), the rule planning counts lines by.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Iterable, Sequence

import libcst as cst

from refactor_tool.split.plan.sizes import WIDTH, wrap_from_import


def wrapped(text: str) -> list[str]:
    """A comment's text in lines that fit, never breaking a word, a path or `code`."""
    return textwrap.wrap(text, WIDTH - 2, break_on_hyphens=False, break_long_words=False)


def comment_lines(*texts: str) -> list[cst.EmptyLine]:
    """`# text` lines to put above a statement."""
    return [cst.EmptyLine(comment=cst.Comment(f"# {text}" if text else "#")) for text in texts]


def commented(statement: cst.BaseStatement, *texts: str, blank: bool = False) -> cst.BaseStatement:
    """The statement with comment lines above it (and a blank line before them when `blank`)."""
    lines = ([cst.EmptyLine()] if blank else []) + comment_lines(*texts)
    return statement.with_changes(leading_lines=[*lines, *statement.leading_lines])


def dotted_expression(dotted: str) -> cst.Name | cst.Attribute:
    head, *rest = dotted.split(".")
    node: cst.Name | cst.Attribute = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def import_from(module: str, names: Iterable[str], *, marked: Collection[str] = (),
                renamed: dict[str, str] | None = None, reserve: int = 0) -> cst.SimpleStatementLine:
    """`from module import a, b` (`module` may start with dots); names in `marked` are written `a as a`,
    the form linters read as a deliberate re-export; `renamed` gives other `as` names; `reserve`: room
    its one line leaves for a comment."""
    renamed = renamed or {}
    pieces = []
    for name in names:
        target = renamed.get(name, name if name in marked else None)
        pieces.append(name if target is None else f"{name} as {target}")
    statement = cst.parse_statement(wrap_from_import(module, pieces, reserve=reserve))
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def plain_import(dotted: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=dotted_expression(dotted))])])


def assignment(target: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """`target = value` for a dotted target (`_module.name = name`)."""
    return cst.SimpleStatementLine(
        body=[cst.Assign(targets=[cst.AssignTarget(target=dotted_expression(target))], value=value)]
    )


def deletion(names: Sequence[str]) -> cst.SimpleStatementLine:
    """`del a, b`, or the names packed in parentheses the way imports wrap when that is too long."""
    text = f"del {', '.join(names)}\n"
    if len(text) > WIDTH + 1:
        text = "del (" + wrap_from_import("_", names).partition("(")[2]
    statement = cst.parse_statement(text)
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


def string(text: str) -> cst.SimpleString:
    return cst.SimpleString(repr(text) if '"' in text else f'"{text}"')


def code(statements: Sequence[cst.BaseStatement]) -> str:
    """The statements as source text (each keeps its own leading comments and blank lines)."""
    return cst.Module(body=list(statements)).code if statements else ""
