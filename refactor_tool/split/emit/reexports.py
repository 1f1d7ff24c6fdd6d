"""The original's imports in the facade, marked as kept on purpose where its own code does not use them.

They stay because they were attributes of the old module: `mod.json`, `mock.patch("argparse._sys.exit")`,
`from mod import Path` keep working. To linters an import nothing uses is a finding (F401), so such a
statement ends with `# noqa: F401` (on its first line, where linters look for it), as written by hand.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Sequence

import libcst as cst

NOQA = "# noqa: F401"


def _bound(alias: cst.ImportAlias, plain: bool) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = cst.Module([]).code_for_node(alias.name)
    return name.split(".")[0] if plain else name


def _unused(line: cst.SimpleStatementLine, unused: Collection[str]) -> bool:
    return any(
        isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar)
        and any(_bound(a, isinstance(small, cst.Import)) in unused for a in small.names)
        for small in line.body
    )


def _with_noqa(comment: cst.Comment | None) -> cst.Comment:
    return cst.Comment(NOQA if comment is None else f"{comment.value}  {NOQA}")


def kept_import(text: str, unused: Collection[str]) -> str:
    """`text` (one import statement with the comments above it) ending its first line with `# noqa: F401`
    when it binds a name in `unused`; unchanged otherwise."""
    module = cst.parse_module(text)
    if len(module.body) != 1 or not isinstance(module.body[0], cst.SimpleStatementLine):
        return text
    line = module.body[0]
    if not _unused(line, unused) or NOQA in text:
        return text
    last = line.body[-1]
    if isinstance(last, cst.ImportFrom) and isinstance(last.lpar, cst.LeftParen) and isinstance(
            last.lpar.whitespace_after, cst.ParenthesizedWhitespace):
        after = last.lpar.whitespace_after
        first = after.first_line.with_changes(whitespace=cst.SimpleWhitespace("  "),
                                              comment=_with_noqa(after.first_line.comment))
        lpar = last.lpar.with_changes(whitespace_after=after.with_changes(first_line=first))
        line = line.with_changes(body=[*line.body[:-1], last.with_changes(lpar=lpar)])
    elif isinstance(last, cst.ImportFrom) and isinstance(last.lpar, cst.LeftParen) and (
            broken := _first_line_end(last)) is not None:
        # `from inspect import (getblock, getfile,` / `    isclass)`: the first line ends after a comma.
        names = list(last.names)
        comma = names[broken].comma
        assert isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
        first = comma.whitespace_after.first_line
        first = first.with_changes(whitespace=cst.SimpleWhitespace("  "), comment=_with_noqa(first.comment))
        names[broken] = names[broken].with_changes(comma=comma.with_changes(
            whitespace_after=comma.whitespace_after.with_changes(first_line=first)))
        line = line.with_changes(body=[*line.body[:-1], last.with_changes(names=names)])
    else:
        trailing = line.trailing_whitespace
        line = line.with_changes(trailing_whitespace=trailing.with_changes(
            whitespace=cst.SimpleWhitespace("  "), comment=_with_noqa(trailing.comment)))
    return module.with_changes(body=[line]).code


def _first_line_end(statement: cst.ImportFrom) -> int | None:
    """The name whose comma ends the first line of a parenthesised import, if a comma does."""
    names = statement.names if isinstance(statement.names, Sequence) else ()
    for position, alias in enumerate(names):
        if isinstance(alias.comma, cst.Comma) and isinstance(alias.comma.whitespace_after, cst.ParenthesizedWhitespace):
            return position
    return None


class _NoqaStars(cst.CSTTransformer):
    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        if not any(isinstance(s, cst.ImportFrom) and isinstance(s.names, cst.ImportStar) for s in updated.body):
            return updated
        trailing = updated.trailing_whitespace
        if trailing.comment is not None and "noqa" in trailing.comment.value:
            return updated
        comment = cst.Comment(STAR_NOQA if trailing.comment is None else f"{trailing.comment.value}  {STAR_NOQA}")
        return updated.with_changes(trailing_whitespace=trailing.with_changes(
            whitespace=cst.SimpleWhitespace("  "), comment=comment))


STAR_NOQA = "# noqa: F403"


def copied_star(text: str) -> str:
    """A star import copied into a module besides the one holding the original: each such line says
    `# noqa: F403` (linters count the original; the copy only puts the same names here)."""
    return cst.parse_module(text).visit(_NoqaStars()).code


class _NoqaImports(cst.CSTTransformer):
    """`# noqa: F401` on module-level imports (in `if` and `try` blocks too) binding one of `names`."""

    def __init__(self, names: Collection[str]) -> None:
        self.names = names

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        if len(updated.body) != 1 or not _unused(updated, self.names):
            return updated
        comment = updated.trailing_whitespace.comment
        if comment is not None and "noqa" in comment.value:
            return updated
        return cst.parse_module(kept_import(cst.Module([updated]).code, self.names)).body[0]


def bound_by_imports(text: str) -> set[str]:
    """Names the module-level imports of `text` bind (those in `if` and `try` blocks included)."""
    found: set[str] = set()
    pending: list[ast.AST] = list(ast.parse(text).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found |= {a.asname or a.name for a in node.names if a.name != "*"}
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            pending += [child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)]
            pending += [h for h in getattr(node, "handlers", ())]
        elif isinstance(node, ast.ExceptHandler):
            pending += node.body
    return found


def read_names(text: str) -> set[str]:
    """Every name `text` reads, in nested scopes too."""
    return {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)}


def marked_statements(statements: Sequence[cst.BaseStatement], names: Collection[str]) -> list[cst.BaseStatement]:
    """`statements` with `# noqa: F401` on their imports of `names` (those in `if` and `try` blocks too)."""
    return [statement.visit(_NoqaImports(names)) for statement in statements]


def marked_unused(text: str, names: Collection[str]) -> str:
    """`text` with `# noqa: F401` on the imports of `names`: bound here, read by the other modules of the
    split (the original read them), so kept on purpose."""
    if not names:
        return text
    return cst.parse_module(text).visit(_NoqaImports(names)).code
