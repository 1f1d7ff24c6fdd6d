"""import-cycle: cycles among the project's modules, new ones against the base failing, old ones listed.

Only imports that run as a module loads make a cycle; one that exists only through imports inside
functions or under `TYPE_CHECKING` is listed apart (it is how such cycles are broken on purpose).
The strongly connected components come from Tarjan's algorithm and the cycle to show from a
breadth-first search, both here rather than from networkx: importing networkx costs about 0.12 s of CPU,
more than the whole graph step of lint-imports (benchmarks/bench_check.py), and these two textbook
algorithms are 60 lines, checked against networkx's on random graphs in the tests.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from refactor_tool.check.facts import Scope
from refactor_tool.check.findings import Finding, FindingKind

if TYPE_CHECKING:
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
    return bool(components(graph))


def components(graph: Graph) -> list[frozenset[str]]:
    """Strongly connected components with a cycle, largest first (Tarjan's algorithm, without recursion)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in order:
                    order[successor] = low[successor] = len(order)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], order[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == order[node]:
                    component = {stack.pop()}
                    while node not in component:
                        component.add(stack.pop())
                    on_stack.difference_update(component)
                    if len(component) > 1:
                        found.append(frozenset(component))
    return sorted(found, key=lambda c: (-len(c), sorted(c)))


def _shortest_path(graph: Graph, modules: frozenset[str], start: str, goal: str) -> tuple[str, ...]:
    """The shortest import chain from `start` to `goal` inside `modules` (breadth first, names in order)."""
    came_from: dict[str, str] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [goal]
            while path[-1] != start:
                path.append(came_from[path[-1]])
            return tuple(reversed(path))
        for successor in sorted(graph.get(node, ())):
            if successor in modules and successor not in came_from:
                came_from[successor] = node
                queue.append(successor)
    raise ValueError(f"no path from {start} to {goal}")  # pragma: no cover - both are in one component


def shortest_cycle(graph: Graph, modules: frozenset[str], prefer: Graph | None = None) -> Cycle:
    """The shortest cycle in `modules`, through an import `prefer` lacks (a new one) when there is one."""
    edges = sorted((a, b) for a in modules for b in graph.get(a, {}) if b in modules)
    new = [(a, b) for a, b in edges if prefer is not None and b not in prefer.get(a, {})]
    best: tuple[str, ...] | None = None
    closing = edges[0]
    for a, b in new or edges:
        back = _shortest_path(graph, modules, b, a)
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
