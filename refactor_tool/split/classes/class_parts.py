"""LibCST building blocks for class splitting: match LibCST statements to `ast` ones, build a mixin.

Analysis runs on `ast` (fast, with line numbers); rewriting on LibCST (lossless). The two see the
same statements except that LibCST keeps `a = 1; b = 2` on one line, which `pair_statements` undoes.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

import libcst as cst

_NO_MIXINS = re.compile(r"(^|\.)(NamedTuple|TypedDict|Protocol)$")
_ENUM = re.compile(r"(Enum|Flag)$")
_SAFE_METACLASSES = frozenset({"ABCMeta", "type"})


def class_line_count(tree: ast.ClassDef) -> int:
    """Lines the class statement spans, decorators included."""
    first = min([tree.lineno, *(d.lineno for d in tree.decorator_list)])
    return (tree.end_lineno or tree.lineno) - first + 1


def body_statement_lines(statement: cst.BaseStatement, trees: Sequence[ast.stmt]) -> int:
    """Lines a body statement occupies, the blank lines and comments LibCST attaches above it included.

    Read from `ast` positions: generating each statement's code would cost as much as the whole split.
    """
    first = trees[0]
    start = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))])
    end = trees[-1].end_lineno or trees[-1].lineno
    return end - start + 1 + len(statement.leading_lines)


def _base_name(arg: cst.Arg) -> str:
    value = arg.value.value if isinstance(arg.value, cst.Subscript) else arg.value
    code = cst.Module([]).code_for_node(value)
    return code.replace(" ", "")


def mixin_refusal(node: cst.ClassDef) -> str | None:
    """Why ordinary mixin bases cannot be added to this class, or None when they can.

    NamedTuple, TypedDict and Protocol reject them; a custom metaclass may read, reject or rewrite
    the bases it is given (`EnumType` refuses a mixin in front of `Enum`); ABCMeta and type do not.
    """
    for arg in node.bases:
        found = _NO_MIXINS.search(_base_name(arg))
        if found:
            return f"derives from {found.group(2)}, which accepts no mixin bases"
    for keyword in node.keywords:
        if keyword.keyword is not None and keyword.keyword.value == "metaclass":
            name = _base_name(keyword)
            if name.rpartition(".")[2] not in _SAFE_METACLASSES:
                return f"has the metaclass {name}, which may read, reject or rewrite its bases"
    return None


def reads_own_namespace(node: cst.ClassDef) -> bool:
    """Whether something may inspect the class's own `__dict__` when the class is created.

    Class decorators (`@dataclass` writes `__eq__` unless the class defines it itself), explicit
    metaclasses and enums do; special methods then stay, since a copy in a mixin would go unseen.
    """
    return bool(node.decorators or node.keywords) or any(
        _ENUM.search(_base_name(a)) for a in node.bases
    )


def _docstring(class_name: str, count: int) -> cst.SimpleStatementLine:
    text = f'"""{count} methods of `{class_name}`, moved out of its body to keep files small; it inherits them."""'
    return cst.SimpleStatementLine([cst.Expr(cst.SimpleString(text))])


def _empty_slots() -> cst.SimpleStatementLine:
    """`__slots__ = ()`: the mixin adds no instance layout, so instances look exactly as before."""
    assign = cst.Assign([cst.AssignTarget(cst.Name("__slots__"))], cst.Tuple([]))
    return cst.SimpleStatementLine([assign], leading_lines=[cst.EmptyLine(indent=False)])


def _starts_with_blank(statement: cst.BaseStatement) -> bool:
    lines = statement.leading_lines
    return bool(lines) and lines[0].comment is None


def build_mixin(
    name: str,
    class_name: str,
    methods: Sequence[cst.BaseStatement],
    block: cst.IndentedBlock,
    method_count: int,
    *,
    slots: bool,
) -> cst.ClassDef:
    """A top-level `class <name>:` holding `methods` verbatim (comments, decorators, docstrings).

    With `slots` (the class defines `__slots__`) the mixin declares `__slots__ = ()`, or instances
    would gain a `__dict__`; otherwise it declares nothing, so `hasattr(cls, "__slots__")` holds as before.
    """
    first, *rest = methods
    if not _starts_with_blank(first):
        first = first.with_changes(
            leading_lines=[cst.EmptyLine(indent=False), *first.leading_lines]
        )
    body = cst.IndentedBlock(
        body=[
            _docstring(class_name, method_count),
            *([_empty_slots()] if slots else []),
            first,
            *rest,
        ],
        indent=block.indent,
    )
    return cst.ClassDef(
        name=cst.Name(name),
        body=body,
        leading_lines=[cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)],
    )


def with_bases_and_body(
    node: cst.ClassDef, mixins: Sequence[str], body: Sequence[cst.BaseStatement]
) -> cst.ClassDef:
    """The class with `mixins` first among its bases and `body` (never empty) as its statements.

    When the class's first statement moved, blank lines above the new first one are dropped, so the
    body does not open with an empty line; comments stay.
    """
    kept = list(body) or [cst.SimpleStatementLine([cst.Pass()])]
    original = node.body.body
    if original and kept[0] is not original[0]:
        lines = list(kept[0].leading_lines)
        while lines and lines[0].comment is None:
            lines.pop(0)
        kept[0] = kept[0].with_changes(leading_lines=lines)
    bases = [cst.Arg(cst.Name(m)) for m in mixins]
    if node.bases or node.keywords:
        bases = [
            b.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for b in bases
        ]
    return node.with_changes(bases=[*bases, *node.bases], body=node.body.with_changes(body=kept))
