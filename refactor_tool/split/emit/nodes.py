"""LibCST builders for the statements a split writes itself: imports, re-exports, comments, assignments.

Everything generated goes through these (or `parse_template_statement`), so it is always valid code in
one consistent format: one line when it fits in `WIDTH`, else names packed into parenthesised lines
with a trailing comma.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Iterable, Sequence

import libcst as cst

WIDTH = 88
_INDENT = "    "


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


def _alias(name: str, marked: bool, asname: str | None = None) -> cst.ImportAlias:
    target = asname if asname is not None else (name if marked else None)
    return cst.ImportAlias(
        name=dotted_expression(name),
        asname=cst.AsName(name=cst.Name(target)) if target is not None else None,
    )


def _packed(aliases: list[cst.ImportAlias]) -> tuple[list[cst.ImportAlias], cst.LeftParen, cst.RightParen]:
    """Names packed into lines of at most `WIDTH` inside parentheses, with a trailing comma (a long
    import stays a few lines, not one line per name)."""
    def newline(indent: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(last_line=cst.SimpleWhitespace(indent))

    texts = [cst.Module([]).code_for_node(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in aliases]
    spaced: list[cst.ImportAlias] = []
    used = len(_INDENT)
    for number, (alias, text) in enumerate(zip(aliases, texts, strict=True)):
        used += len(text) + 1
        following = texts[number + 1] if number + 1 < len(texts) else None
        if following is None:
            whitespace: cst.BaseParenthesizableWhitespace = newline("")
        elif used + 1 + len(following) + 1 > WIDTH:
            whitespace, used = newline(_INDENT), len(_INDENT)
        else:
            whitespace, used = cst.SimpleWhitespace(" "), used + 1
        spaced.append(alias.with_changes(comma=cst.Comma(whitespace_after=whitespace)))
    return spaced, cst.LeftParen(whitespace_after=newline(_INDENT)), cst.RightParen()


def import_from(module: str, names: Iterable[str], *, marked: Collection[str] = (),
                renamed: dict[str, str] | None = None) -> cst.SimpleStatementLine:
    """`from module import a, b` (`module` may start with dots); names in `marked` are written `a as a`,
    the form linters read as a deliberate re-export; `renamed` gives other `as` names."""
    renamed = renamed or {}
    dots = len(module) - len(module.lstrip("."))
    rest = module[dots:]
    aliases = [_alias(n, n in marked, renamed.get(n)) for n in names]
    node = cst.ImportFrom(
        module=dotted_expression(rest) if rest else None,
        names=aliases,
        relative=[cst.Dot()] * dots,
    )
    line = cst.SimpleStatementLine(body=[node])
    if len(cst.Module(body=[line]).code.rstrip("\n")) > WIDTH and len(aliases) > 1:
        spaced, lpar, rpar = _packed(aliases)
        line = cst.SimpleStatementLine(body=[node.with_changes(names=spaced, lpar=lpar, rpar=rpar)])
    return line


def plain_import(dotted: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=dotted_expression(dotted))])])


def assignment(target: str, value: cst.BaseExpression) -> cst.SimpleStatementLine:
    """`target = value` for a dotted target (`_module.name = name`)."""
    return cst.SimpleStatementLine(
        body=[cst.Assign(targets=[cst.AssignTarget(target=dotted_expression(target))], value=value)]
    )


def deletion(names: Sequence[str]) -> cst.SimpleStatementLine:
    elements = [cst.Element(value=cst.Name(n)) for n in names]
    target: cst.BaseDelTargetExpression = (
        cst.Name(names[0]) if len(names) == 1 else cst.Tuple(elements=elements, lpar=[], rpar=[])
    )
    return cst.SimpleStatementLine(body=[cst.Del(target=target)])


def string(text: str) -> cst.SimpleString:
    return cst.SimpleString(repr(text) if '"' in text else f'"{text}"')


def code(statements: Sequence[cst.BaseStatement]) -> str:
    """The statements as source text (each keeps its own leading comments and blank lines)."""
    return cst.Module(body=list(statements)).code if statements else ""
