"""Markdown read as Markdown (markdown-it-py's token stream), flattened into the few blocks a roadmap uses.

Headings, task-list items (`- [x]`), ordered-list items, paragraphs, fenced code and tables, each with
its 1-based line and its inline text split into plain text, code spans and bold runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

CODE = "code"
TEXT = "text"


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of inline Markdown: `pieces` keeps text and code spans in order, `strong` the bold runs."""

    pieces: tuple[tuple[str, str], ...]
    strong: tuple[str, ...]

    @property
    def plain(self) -> str:
        return "".join(content for _kind, content in self.pieces)

    @property
    def code(self) -> tuple[str, ...]:
        return tuple(content for kind, content in self.pieces if kind == CODE)

    @property
    def prose(self) -> str:
        """The text without its code spans, so `cargo check` never reads as the verb "check"."""
        return "".join(content if kind == TEXT else " " for kind, content in self.pieces)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Item:
    """A list item; `checked` is True / False for a task-list item (`[x]` / `[ ]`), None otherwise."""

    ordered: bool
    checked: bool | None
    inline: Inline
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    inline: Inline
    line: int


@dataclass(frozen=True, slots=True)
class Fence:
    info: str
    lines: tuple[str, ...]
    #: the line of the first content line (the one after the opening ```)
    line: int


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Inline, ...]
    line: int

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.plain.strip() for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Table:
    header: Row
    rows: tuple[Row, ...]


Block = Heading | Item | Paragraph | Fence | Table

_PARSER = MarkdownIt("commonmark").enable("table")


def read_blocks(text: str) -> tuple[Block, ...]:
    return tuple(_blocks(_PARSER.parse(text)))


def _blocks(tokens: Sequence[Token]) -> Iterator[Block]:
    lists: list[bool] = []  # open lists, True when ordered
    in_item = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            in_item += 1
            first = tokens[index + 2] if index + 2 < len(tokens) else None
            if first is not None and first.type == "inline":
                yield _item(lists[-1], first)
                index += 3
                continue
        elif kind == "list_item_close":
            in_item -= 1
        elif kind == "heading_open":
            yield Heading(int(token.tag[1:]), _inline(tokens[index + 1].children or []).plain.strip(), _line(token))
            index += 3
            continue
        elif kind == "inline" and not in_item:
            yield Paragraph(_inline(token.children or []), _line(token))
        elif kind == "fence":
            yield Fence(token.info.strip(), tuple(token.content.splitlines()), _line(token) + 1)
        elif kind == "table_open":
            table, index = _table(tokens, index)
            yield table
            continue
        index += 1


def _item(ordered: bool, inline: Token) -> Item:
    children = list(inline.children or [])
    checked: bool | None = None
    if children and children[0].type == "text":
        head = children[0].content
        mark = head[:4]
        if mark in ("[x] ", "[X] ", "[ ] ") or head in ("[x]", "[X]", "[ ]"):
            checked = mark[1] in "xX"
            rest = Token("text", "", 0, content=head[4:])
            children = [rest, *children[1:]]
    return Item(ordered, checked, _inline(children), _line(inline))


def _table(tokens: Sequence[Token], index: int) -> tuple[Table, int]:
    rows: list[Row] = []
    cells: list[Inline] = []
    line = 0
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            cells, line = [], _line(token)
        elif token.type == "inline":
            cells.append(_inline(token.children or []))
        elif token.type in ("th_close", "td_close") and tokens[index - 1].type != "inline":
            cells.append(Inline((), ()))  # an empty cell has no inline token
        elif token.type == "tr_close":
            rows.append(Row(tuple(cells), line))
        index += 1
    return Table(rows[0], tuple(rows[1:])), index + 1


def _inline(children: Sequence[Token]) -> Inline:
    pieces: list[tuple[str, str]] = []
    strong: list[str] = []
    bold: list[str] | None = None
    for child in children:
        if child.type == "strong_open":
            bold = []
        elif child.type == "strong_close" and bold is not None:
            strong.append("".join(bold))
            bold = None
        elif child.type in ("text", "code_inline", "softbreak", "hardbreak"):
            content = child.content if child.type in ("text", "code_inline") else " "
            pieces.append((CODE if child.type == "code_inline" else TEXT, content))
            if bold is not None:
                bold.append(content)
    return Inline(tuple(pieces), tuple(strong))


def _line(token: Token) -> int:
    return (token.map[0] if token.map else 0) + 1
