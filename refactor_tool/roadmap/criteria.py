"""A success criterion (`1. **全テスト通過**: \\`cargo test --workspace\\``) read into a `Criterion`."""

from __future__ import annotations

import re

from refactor_tool.roadmap.blocks import Item
from refactor_tool.roadmap.model import Criterion, CriterionKind
from refactor_tool.roadmap.vocabulary import CRITERION_WORDS, first_kind, normalise

_NUMBER = re.compile(r"\d+")


def read_criterion(item: Item) -> Criterion:
    inline = item.inline
    title = inline.strong[0].strip() if inline.strong else ""
    command = inline.code[0].strip() if inline.code else None
    kind = first_kind(inline.prose, CRITERION_WORDS)
    if kind is None:
        kind = CriterionKind.COMMAND if command else CriterionKind.UNKNOWN
    number = None
    if kind is CriterionKind.FILE_SIZE:
        found = _NUMBER.search(normalise(inline.prose))
        number = int(found.group()) if found else None
    return Criterion(kind, title, inline.plain.strip(), command, number, item.line)
