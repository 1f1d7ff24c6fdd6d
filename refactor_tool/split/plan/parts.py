"""Part modules of split classes in the plan: placed like any statement, after what they need, before their class.

A class split by body (`classes.body_split`) becomes its kept class statement plus one statement per
part module, which defines no module name. The class statement imports each part while its body
runs, so the plan links them with an edge that is never deferred (the part is loaded first) and
never lets the two share a module (the class would import its own module while it loads).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import networkx as nx

from refactor_tool.split.plan.units import UnitGraph

#: The name on a link edge: not an identifier, so no module name can be mistaken for it.
LINK = "<class body import>"


def link_parts(graph: UnitGraph, parts: Mapping[int, tuple[int, str]]) -> UnitGraph:
    """`graph` with an edge from each split class's unit to each of its parts' units.

    `parts` maps a part's statement index to (its class's statement index, its module name).
    """
    if not parts:
        return graph
    unit_of = {i: unit for unit, members in graph.units.items() for i in members}
    uses = graph.graph.copy()
    for part, (owner, _) in parts.items():
        uses.add_edge(unit_of[owner], unit_of[part], names={LINK})
    return replace(graph, graph=uses)


def linked(deps: nx.DiGraph, atom: int, others: Iterable[int]) -> bool:
    """Whether `atom` may not share a module with `others`: a class and its part, or two parts (a part
    module is named after its part and holds one class of the split class's name)."""
    others = set(others)
    if deps.nodes[atom].get("part") and any(deps.nodes[o].get("part") for o in others):
        return True
    return any(LINK in deps[atom][o]["names"] for o in deps.successors(atom) if o in others) or any(
        LINK in deps[o][atom]["names"] for o in deps.predecessors(atom) if o in others)


def part_module(units: Iterable[int], graph: UnitGraph, parts: Mapping[int, tuple[int, str]]) -> str | None:
    """The module name chosen for the part among `units` (the module holding it takes that name)."""
    for unit in sorted(units):
        for index in graph.units[unit]:
            if index in parts:
                return parts[index][1]
    return None
