"""Classes that share a group of definitions no module can hold, and what code run while loading reaches.

Definitions that use each other while the module loads must share a module (`plan.pieces`); when
such a group is over the limit and holds classes of a quarter of the limit or more, splitting their
bodies makes it smaller (`classes_in_big_groups`). Once split, a group still over the limit has each
such class split further, by as many lines as the group is over (`tighter_targets`): enum's `Enum`
and `Flag` share one with `IntFlag` and `FlagBoundary` through `Enum = Flag = EJECT = ... = None`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

from refactor_tool.split.plan.cycles import load_order
from refactor_tool.split.plan.parts import link_parts
from refactor_tool.split.plan.pieces import read_pieces
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement

#: The fewest lines a class statement is asked to shrink to.
_SMALLEST_TARGET = 10


def _over_limit(analysis: ModuleAnalysis, hot_uses: Mapping[int, frozenset[str]], cap: int,
                links: Mapping[int, tuple[int, str]]) -> Iterator[tuple[list[Statement], int]]:
    """For each group over `cap` lines, its classes of a quarter of the limit or more and its excess."""
    graph = link_parts(build_units(analysis, cap), links)
    pieces = read_pieces(graph, analysis, hot_uses, links, cap)
    for key, piece in pieces.pieces.items():
        excess = pieces.bound([key]) - cap
        if len(piece.statements) < 2 or excess <= 0:
            continue
        yield [analysis.statements[i] for i in piece.statements if analysis.statements[i].definition == "class"
               and analysis.statements[i].span >= cap // 4], excess


def classes_in_big_groups(analysis: ModuleAnalysis, hot_uses: Mapping[int, frozenset[str]], cap: int,
                          chosen: set[int]) -> list[Statement]:
    """The classes, besides those `chosen` already, whose bodies split to make their groups fit."""
    return [s for classes, _ in _over_limit(analysis, hot_uses, cap, {}) for s in classes if s.index not in chosen]


def tighter_targets(analysis: ModuleAnalysis, hot_uses: Mapping[int, frozenset[str]], cap: int,
                    links: Mapping[int, tuple[int, str]], targets: Mapping[int, int]) -> dict[int, int]:
    """For each group still over the limit once the classes were split (`analysis` holds the kept
    class statements and the parts, `links` as `ClassSplits.links`), each class statement of a quarter
    of the limit or more -> the lines it should shrink to; empty when every group fits or no class
    can be asked for less."""
    tighter: dict[int, int] = {}
    for classes, excess in _over_limit(analysis, hot_uses, cap, links):
        for statement in classes:
            target = max(_SMALLEST_TARGET, statement.span - excess)
            if target < targets.get(statement.index, cap):
                tighter[statement.index] = target
    return tighter


def unbound_when_run(analysis: ModuleAnalysis, links: Mapping[int, tuple[int, str]],
                     hot_uses: Mapping[int, frozenset[str]], cap: int) -> Callable[[str, str], bool]:
    """`mark_loading`'s `unbound` for the split module `analysis` (`ClassSplits`' fields)."""
    graph = link_parts(build_units(analysis, cap), links)
    order = load_order(graph, analysis, hot_uses)
    return lambda definition, name: definition in graph.definer and order.unbound_when_run(
        graph.definer[definition], name)


def mark_loading(statements: list[Statement], reached: frozenset[str], reads: Mapping[str, frozenset[str]],
                 unbound: Callable[[str, str], bool] | None = None) -> None:
    """Give the definitions that code run while the module loads may call their `uses_while_loading`: a
    function all it reads when called, a class what its methods that run then read. Planning sees a
    part module's methods as run only when called (its class statement imports them), so a definition
    they reach (enum's `_proto_member`, whose `__set_name__` `EnumType.__new__` runs for `class Enum`)
    is not seen running, and a name it reads from a module loaded later must be read there.

    `unbound(definition, name)`: whether the module binds `name` only after every statement that may
    run `definition` (`plan.cycles.LoadOrder`): no call made while it loads can read that name."""
    for number, statement in enumerate(statements):
        if not statement.defines or statement.defines[0] not in reached:
            continue
        name = statement.defines[0]
        used = reads.get(name, frozenset()) if statement.definition == "class" else statement.uses_call
        if unbound is not None:
            used = frozenset(n for n in used if not unbound(name, n))
        if statement.definition in ("class", "function") and used & statement.uses_call:
            statements[number] = replace(statement, uses_while_loading=used & statement.uses_call)
