"""The values passed between the planner's stages: limits in, units between, groups out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """The hard constraints of a plan, as `refactor-tool plan` takes them.

    `max_lines` is strict, as in refactor-check (a module may have `max_lines - 1` lines);
    `acyclic_calls` also keeps call-time uses acyclic, which the current split needs (it defers no
    import), instead of only the uses made while the module loads.
    """

    max_lines: int
    max_new_files: int
    acyclic_calls: bool = True


@dataclass(frozen=True, slots=True)
class Unit:
    """Statements that must move together (every binding of a name, code mutating it), keyed by the
    index of the first one."""

    key: int
    statements: tuple[int, ...]
    names: tuple[str, ...]
    lines: int
    first_line: int
    kind: str  # "class", "function", "data" or "code" (statements binding no name)
    pinned: bool = False  # the module's own metadata (`__all__`, `__version__`): stays in the facade


@dataclass(frozen=True, slots=True)
class Group:
    """One planned module: what it holds, its name, and why those definitions belong together."""

    name: str
    names: tuple[str, ...]
    units: tuple[int, ...]
    lines: int
    reason: str
