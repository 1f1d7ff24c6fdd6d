"""One task-list item (`- [x] \\`rms_norm.rs\\` 抽出 (RMSNorm)`) read into a `Task`.

The kind comes from the verb outside code spans; paths are the code spans that look like paths; symbols
are a parenthesis holding only identifiers; a check task's other code spans are the commands it runs.
"""

from __future__ import annotations

import re

from refactor_tool.roadmap.blocks import CODE, Item
from refactor_tool.roadmap.model import Task, TaskKind, TaskState
from refactor_tool.roadmap.vocabulary import TASK_WORDS, WITHIN_AFTER, WITHIN_BEFORE, first_kind

#: `rms_norm.rs`, `bit_ttt/layers/`, `legacy/`, `src/lib.rs`; not `pub use`, `cargo test`, `TTTLayer`
_PATH = re.compile(r"^(?:[\w.-]+/)+$|^(?:[\w.-]+/)*[\w-][\w.-]*\.[A-Za-z0-9]{1,8}$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?$")
_PARENTHESIS = re.compile(r"[(（]([^()（）]*)[)）]")


def is_path(text: str) -> bool:
    return bool(_PATH.match(text.strip()))


def read_task(item: Item, phase: int) -> Task:
    inline = item.inline
    prose = inline.prose
    kind = first_kind(_PARENTHESIS.sub(" ", prose), TASK_WORDS) or TaskKind.OTHER
    files: list[str] = []
    within: list[str] = []
    commands: list[str] = []
    pieces = inline.pieces
    for index, (piece_kind, content) in enumerate(pieces):
        if piece_kind != CODE:
            continue
        span = content.strip()
        if is_path(span):
            target = within if _names_a_place(pieces, index) else files
            target.append(span.removeprefix("./"))
        elif kind is TaskKind.CHECK:
            commands.append(span)
    return Task(
        phase=phase,
        text=inline.plain.strip(),
        state=TaskState.DONE if item.checked else TaskState.OPEN,
        kind=kind,
        files=tuple(files),
        symbols=_symbols(inline.plain),
        within=tuple(within),
        commands=tuple(commands),
        line=item.line,
    )


def _names_a_place(pieces: tuple[tuple[str, str], ...], index: int) -> bool:
    """`lib.rs から` / "from `lib.rs`": the path is where the change happens, not what it acts on."""
    after = pieces[index + 1][1].lstrip() if index + 1 < len(pieces) and pieces[index + 1][0] != CODE else ""
    before = pieces[index - 1][1].rstrip().lower() if index > 0 and pieces[index - 1][0] != CODE else ""
    return after.startswith(WITHIN_AFTER) or any(before.endswith(" " + word) or before == word
                                                for word in WITHIN_BEFORE)


def _symbols(plain: str) -> tuple[str, ...]:
    """Names from the first parenthesis made only of identifiers: `(save_training_state, load_start_step)`."""
    for match in _PARENTHESIS.finditer(plain):
        parts = [part.strip() for part in re.split(r"[,、，]", match.group(1))]
        if parts and all(_IDENTIFIER.match(part) and not is_path(part) for part in parts):
            return tuple(part.removesuffix("()") for part in parts)
    return ()
