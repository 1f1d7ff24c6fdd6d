"""A roadmap file read into a `Roadmap`: the blocks walked once, each placed by the headings above it.

A phase is a heading `Phase N` / `フェーズN` at any level and lasts until the next heading of its level
or higher; task items and expected trees belong to it. Tables are known by their columns, success
criteria by their heading, the plan by its mermaid `gantt` block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Fence, Heading, Item, Paragraph, Table, read_blocks
from refactor_tool.roadmap.criteria import read_criterion
from refactor_tool.roadmap.gantt import is_gantt, read_gantt
from refactor_tool.roadmap.model import (
    Criterion,
    ExpectedTree,
    GanttItem,
    Limit,
    Phase,
    Roadmap,
    Task,
    Timebox,
)
from refactor_tool.roadmap.tables import read_limits, read_timeboxes, table_section
from refactor_tool.roadmap.tasks import read_task
from refactor_tool.roadmap.trees import looks_like_tree, read_tree
from refactor_tool.roadmap.vocabulary import (
    GOAL_WORDS,
    LABEL,
    PHASE_TITLE,
    Section,
    normalise,
    section_of,
)


def read_roadmap(path: Path) -> Roadmap:
    """Read and parse the roadmap at `path`; any problem is one `InputError` naming the file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such roadmap file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a roadmap file", path=path) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise InputError("roadmap is not UTF-8 text", path=path, line=line) from None
    except OSError as error:
        raise InputError(f"cannot read the roadmap: {error.strerror}", path=path) from None
    return parse_roadmap(text, str(path))


@dataclass
class _PhaseDraft:
    number: int
    title: str
    label: str
    line: int
    goal: str = ""
    tasks: list[Task] = field(default_factory=list)
    trees: list[ExpectedTree] = field(default_factory=list)

    def freeze(self) -> Phase:
        return Phase(self.number, self.title, self.label, self.goal, tuple(self.tasks), tuple(self.trees),
                     self.line)


@dataclass
class _Scope:
    level: int
    phase: _PhaseDraft | None
    section: Section | None


@dataclass
class _Reading:
    """The roadmap while it is being read; `Roadmap` is its frozen form."""

    path: str
    title: str = ""
    phases: list[_PhaseDraft] = field(default_factory=list)
    timeboxes: list[Timebox] = field(default_factory=list)
    limits: list[Limit] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    gantt: list[GanttItem] = field(default_factory=list)
    scopes: list[_Scope] = field(default_factory=list)

    @property
    def phase(self) -> _PhaseDraft | None:
        return next((scope.phase for scope in reversed(self.scopes) if scope.phase), None)

    @property
    def section(self) -> Section | None:
        return next((scope.section for scope in reversed(self.scopes) if scope.section), None)


def parse_roadmap(text: str, path: str) -> Roadmap:
    reading = _Reading(path)
    for block in read_blocks(text.removeprefix("\ufeff")):
        if isinstance(block, Heading):
            _heading(reading, block)
        elif isinstance(block, Item):
            _item(reading, block)
        elif isinstance(block, Paragraph):
            _paragraph(reading, block)
        elif isinstance(block, Fence):
            _fence(reading, block)
        elif isinstance(block, Table):
            _table(reading, block)
    if not reading.phases:
        raise InputError(
            "no phases found: a phase is a heading like `## Phase 1: title` or `## フェーズ1: タイトル`",
            path=path, line=1,
        )
    return Roadmap(
        path=path,
        title=reading.title,
        phases=tuple(draft.freeze() for draft in reading.phases),
        timeboxes=tuple(reading.timeboxes),
        limits=tuple(reading.limits),
        criteria=tuple(reading.criteria),
        gantt=tuple(reading.gantt),
    )


def _heading(reading: _Reading, heading: Heading) -> None:
    while reading.scopes and reading.scopes[-1].level >= heading.level:
        reading.scopes.pop()
    if heading.level == 1 and not reading.title:
        reading.title = heading.text
    match = PHASE_TITLE.match(normalise(heading.text))
    draft = None
    if match:
        number = int(match.group(1))
        earlier = next((phase for phase in reading.phases if phase.number == number), None)
        if earlier is not None:
            raise InputError(f"phase {number} appears twice (first at line {earlier.line})",
                             path=reading.path, line=heading.line)
        title = _after_number(heading.text)
        label_match = LABEL.search(title)
        label = label_match.group(1).strip() if label_match else ""
        title = title[: label_match.start()].strip() if label_match else title
        draft = _PhaseDraft(number, title, label, heading.line)
        reading.phases.append(draft)
    section = None if draft else section_of(heading.text)
    reading.scopes.append(_Scope(heading.level, draft, section))


def _after_number(text: str) -> str:
    """The heading's own words after `Phase 1:` (kept as written, not normalised)."""
    for index, char in enumerate(text):
        if char.isdigit():
            rest = text[index:].lstrip("0123456789０１２３４５６７８９")
            return rest.lstrip(" :：.-–—\u3000").strip()
    return text


def _item(reading: _Reading, item: Item) -> None:
    """A task-list item inside a phase is a task; any item under the success criteria is a criterion."""
    phase = reading.phase
    if item.checked is not None and phase is not None:
        phase.tasks.append(read_task(item, phase.number))
    elif reading.section is Section.CRITERIA:
        reading.criteria.append(read_criterion(item))


def _paragraph(reading: _Reading, paragraph: Paragraph) -> None:
    phase = reading.phase
    inline = paragraph.inline
    if phase is None or phase.goal or not inline.strong:
        return
    if normalise(inline.strong[0]) in GOAL_WORDS:
        label_end = inline.plain.find(inline.strong[0]) + len(inline.strong[0])
        phase.goal = inline.plain[label_end:].lstrip(" :：").strip()


def _fence(reading: _Reading, fence: Fence) -> None:
    if is_gantt(fence):
        reading.gantt.extend(read_gantt(fence, reading.path))
        return
    phase = reading.phase
    if phase is not None and (reading.section is Section.EXPECTED or looks_like_tree(fence)):
        phase.trees.append(read_tree(fence, reading.path))


def _table(reading: _Reading, table: Table) -> None:
    section = table_section(table)
    if section is None and reading.section in (Section.TIMEBOXES, Section.LIMITS):
        section = reading.section  # the right place with the wrong columns: say which columns are missing
    if section is Section.TIMEBOXES:
        for box in read_timeboxes(table, reading.path):
            if any(earlier.phase == box.phase for earlier in reading.timeboxes):
                raise InputError(f"phase {box.phase} has a second timebox row", path=reading.path,
                                 line=box.line)
            reading.timeboxes.append(box)
    elif section is Section.LIMITS:
        reading.limits.extend(read_limits(table, reading.path))
