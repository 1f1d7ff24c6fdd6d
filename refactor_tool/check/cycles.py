"""import-cycle: cycles among the project's modules, new ones against the base failing, old ones listed.

Only imports that run as a module loads make a cycle; one that exists only through imports inside
functions or under `TYPE_CHECKING` is listed apart (it is how such cycles are broken on purpose).
Acyclic graphs, the common case, are recognised with the standard library's `graphlib`; networkx finds
the strongly connected components and the shortest cycle to show when there is something to show.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from refactor_tool.check.facts import Scope
from refactor_tool.check.findings import Finding, FindingKind
from refactor_tool.check.imports import ImportEdge, ModuleIndex


@dataclass(frozen=True, slots=True)
class Cycle:
    #: the modules of one strongly connected component
    modules: frozenset[str]
    #: one cycle through them, first module repeated at the end: (a, b, a)
    path: tuple[str, ...]
    #: the import that closes `path`: (importer, line)
    closing: tuple[str, int]

    def text(self) -> str:
        return " -> ".join(self.path)

    def as_dict(self) -> dict[str, object]:
        return {"modules": sorted(self.modules), "path": list(self.path), "line": self.closing[1]}

    def as_data(self) -> list[object]:
        return [sorted(self.modules), list(self.path), list(self.closing)]

    @classmethod
    def from_data(cls, data: list) -> Cycle:  # type: ignore[type-arg]
        modules, path, closing = data
        return cls(frozenset(modules), tuple(path), (closing[0], closing[1]))


@dataclass(frozen=True, slots=True)
class CycleReport:
    new: tuple[Cycle, ...]
    existing: tuple[Cycle, ...]
    #: cycles that only imports inside functions or under TYPE_CHECKING close
    deferred: tuple[Cycle, ...]

    def as_data(self) -> list[list[object]]:
        return [[cycle.as_data() for cycle in group] for group in (self.new, self.existing, self.deferred)]

    @classmethod
    def from_data(cls, data: list) -> CycleReport:  # type: ignore[type-arg]
        new, existing, deferred = ([Cycle.from_data(item) for item in group] for group in data)
        return cls(tuple(new), tuple(existing), tuple(deferred))


Graph = Mapping[str, Mapping[str, int]]


def graph_of(edges: Iterable[ImportEdge], *, loading_only: bool) -> dict[str, dict[str, int]]:
    """importer -> imported -> first line; `loading_only` keeps the imports that run as a module loads."""
    graph: dict[str, dict[str, int]] = {}
    for edge in edges:
        if loading_only and edge.scope is not Scope.MODULE:
            continue
        targets = graph.setdefault(edge.importer, {})
        targets[edge.imported] = min(edge.line, targets.get(edge.imported, edge.line))
    return graph


def has_cycle(graph: Graph) -> bool:
    try:
        graphlib.TopologicalSorter({node: tuple(targets) for node, targets in graph.items()}).prepare()
    except graphlib.CycleError:
        return True
    return False


def components(graph: Graph) -> list[frozenset[str]]:
    """Strongly connected components with a cycle, largest first (networkx, imported only when needed)."""
    if not has_cycle(graph):
        return []
    import networkx as nx

    digraph = nx.DiGraph((a, b) for a, targets in graph.items() for b in targets)
    found = [frozenset(c) for c in nx.strongly_connected_components(digraph) if len(c) > 1]
    return sorted(found, key=lambda c: (-len(c), sorted(c)))


def shortest_cycle(graph: Graph, modules: frozenset[str], prefer: Graph | None = None) -> Cycle:
    """The shortest cycle in `modules`, through an import `prefer` lacks (a new one) when there is one."""
    import networkx as nx

    inside = nx.DiGraph((a, b) for a in modules for b in graph.get(a, {}) if b in modules)
    edges = sorted(inside.edges)
    new = [(a, b) for a, b in edges if prefer is not None and b not in prefer.get(a, {})]
    best: tuple[str, ...] | None = None
    closing = edges[0]
    for a, b in new or edges:
        back = nx.shortest_path(inside, b, a)
        if best is None or len(back) + 1 < len(best):
            best, closing = (a, *back), (a, b)
    assert best is not None
    return Cycle(modules, best, (closing[0], graph[closing[0]][closing[1]]))


def find_cycles(head: Graph, head_all: Graph, base: Graph | None) -> CycleReport:
    """Cycles of `head`; with a `base`, a cycle whose modules were already one cycle there is old."""
    base_components = components(base) if base is not None else []
    new: list[Cycle] = []
    existing: list[Cycle] = []
    for component in components(head):
        old = any(component <= before for before in base_components)
        cycle = shortest_cycle(head, component, prefer=base if base is not None and not old else None)
        (existing if old or base is None else new).append(cycle)
    covered = [cycle.modules for cycle in (*new, *existing)]
    deferred = [shortest_cycle(head_all, c) for c in components(head_all)
                if not any(c <= cover for cover in covered)]
    return CycleReport(tuple(new), tuple(existing), tuple(deferred))


def cycle_findings(report: CycleReport, index: ModuleIndex) -> tuple[Finding, ...]:
    """One finding per new cycle, at the import that closes it."""
    return tuple(
        Finding(FindingKind.IMPORT_CYCLE, index.path_of(cycle.closing[0]), cycle.closing[1],
                f"new import cycle: {cycle.text()}", subject=" -> ".join(sorted(cycle.modules)))
        for cycle in report.new
    )
