"""Cut a dependency-ordered sequence of atoms into modules under a line budget, with few cut edges.

Atoms are strongly connected groups of units. Ordering them topologically (dependencies first, ties
by source position, so the author's grouping survives) and cutting the order into contiguous
segments always yields an acyclic graph of modules: a segment only imports from earlier ones.
A dynamic program picks the cut points minimising `MODULE_COST * modules + cut edges`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from refactor_tool.split.plan.parts import LINK, linked
from refactor_tool.split.plan.sizes import Shape, module_bound

#: One more module is worth this many imports between modules.
MODULE_COST = 6


@dataclass(frozen=True, slots=True)
class Atom:
    """A strongly connected group of units: nothing smaller can be placed alone.

    `imports`: the original import statements it uses; `late`: names it uses only when called from
    atoms placed after it (`late_sources`), bound late; `reads_file`: it locates files by `__file__`.
    """

    key: int
    units: tuple[int, ...]
    lines: int
    imports: frozenset[int]
    private: bool = False
    late: frozenset[str] = frozenset()
    late_sources: frozenset[int] = frozenset()
    reads_file: bool = False


class _Outside:
    """What a growing segment imports from the atoms before it, kept up to date as atoms join it."""

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.sources: Counter[int] = Counter()

    def add(self, source: int, names: Iterable[str], sign: int) -> None:
        self.sources[source] += sign
        for name in names:
            if name != LINK:
                self.names[name] += sign

    def eager(self) -> tuple[tuple[str, ...], int]:
        return tuple(n for n, c in self.names.items() if c > 0), sum(1 for c in self.sources.values() if c > 0)


def shape_of(segment: Sequence[int], atoms: dict[int, Atom], deps: nx.DiGraph, fixed: int) -> Shape:
    """The `Shape` of a module holding `segment` (atoms in order; it imports from atoms before it)."""
    inside = set(segment)
    imports = {i for a in segment for i in atoms[a].imports}
    eager = {(dep, name) for a in segment for dep in deps.successors(a) if dep not in inside
             for name in deps[a][dep]["names"] if name != LINK}
    late = {n for a in segment for n in atoms[a].late}
    return Shape(body=sum(atoms[a].lines for a in segment), copied=len(imports), fixed=fixed,
                 eager=tuple(sorted({n for _, n in eager})), eager_sources=len({d for d, _ in eager}),
                 late=tuple(sorted(late)), late_sources=len({s for a in segment for s in atoms[a].late_sources}),
                 reads_file=any(atoms[a].reads_file for a in segment))


def order_atoms(atoms: dict[int, Atom], deps: nx.DiGraph) -> list[int]:
    """Dependencies before their users; among free choices, source order, except that a helper with
    a single user, if private (`_name`), is placed right before that user (a class keeps its private helpers)."""
    forward = nx.DiGraph()
    forward.add_nodes_from(atoms)
    forward.add_edges_from((v, u) for u, v in deps.edges if u in atoms and v in atoms)
    anchor: dict[int, int] = {}

    def anchored(atom: int, seen: frozenset[int] = frozenset()) -> int:
        if atom not in anchor:
            users = [u for u in forward.successors(atom)]
            if len(users) == 1 and users[0] not in seen and atoms[atom].private:
                anchor[atom] = anchored(users[0], seen | {atom})
            else:
                anchor[atom] = atoms[atom].key
        return anchor[atom]

    return list(nx.lexicographical_topological_sort(forward, key=lambda a: (anchored(a), atoms[a].key)))


def segment(order: list[int], atoms: dict[int, Atom], deps: nx.DiGraph, budget: int,
            max_segments: int, fixed: int = 0) -> list[list[int]] | None:
    """Best contiguous cut of `order` into modules whose `sizes.module_bound` is within `budget`
    (a single atom may be over it alone), or None when it needs more than `max_segments` modules.

    `fixed` lines are what every module repeats (futures, star imports, the module's name settings).
    """
    n = len(order)
    if n == 0:
        return []
    position = {atom: i for i, atom in enumerate(order)}
    inf = math.inf
    # best[j][k]: least cost covering order[:j] with k segments; back[j][k]: where the last one starts.
    best = [[inf] * (max_segments + 1) for _ in range(n + 1)]
    back = [[-1] * (max_segments + 1) for _ in range(n + 1)]
    best[0][0] = 0
    for j in range(1, n + 1):
        lines = 0
        cut = 0
        imports: set[int] = set()
        outside = _Outside()
        late: Counter[str] = Counter()
        late_sources: set[int] = set()
        reads_file = False
        for i in range(j - 1, -1, -1):
            atom = order[i]
            if i < j - 1 and linked(deps, atom, order[i + 1:j]):
                break  # a class and its part module never share a module
            lines += atoms[atom].lines
            imports |= atoms[atom].imports
            late.update(atoms[atom].late)
            late_sources |= atoms[atom].late_sources
            reads_file = reads_file or atoms[atom].reads_file
            for dep in deps.successors(atom):
                if dep in position and position[dep] < i:
                    cut += 1
                    outside.add(dep, deps[atom][dep]["names"], 1)
            for user in deps.predecessors(atom):
                if user in position and i < position[user] < j:
                    cut -= 1
                    outside.add(atom, deps[user][atom]["names"], -1)
            eager, sources = outside.eager()
            size = module_bound(Shape(lines, len(imports), fixed, eager, sources, tuple(late),
                                      len(late_sources), reads_file))
            if size > budget and i < j - 1:
                break
            cost = MODULE_COST + cut
            row_from, row_to = best[i], best[j]
            for k in range(max_segments):
                if row_from[k] + cost < row_to[k + 1]:
                    row_to[k + 1] = row_from[k] + cost
                    back[j][k + 1] = i
    counts = [k for k in range(1, max_segments + 1) if best[n][k] < inf]
    if not counts:
        return None
    k = min(counts, key=lambda c: (best[n][c], c))
    segments: list[list[int]] = []
    j = n
    while j > 0:
        i = back[j][k]
        segments.append(order[i:j])
        j, k = i, k - 1
    return segments[::-1]


def merge_tiny(segments: list[list[int]], atoms: dict[int, Atom], budget: int, deps: nx.DiGraph,
               fixed: int = 0) -> list[list[int]]:
    """Fold segments of a few lines into a neighbour: still contiguous in the order, so still acyclic.

    Merges keep the merged module's `sizes.module_bound` within the budget.
    """
    tiny = min(20, budget // 4)
    result = [list(s) for s in segments]
    changed = True
    while changed and len(result) > 1:
        changed = False
        sizes = [sum(atoms[a].lines for a in s) for s in result]
        for k, size in enumerate(sizes):
            if size >= tiny:
                continue
            fits = [n for n in (k - 1, k + 1) if 0 <= n < len(result) and module_bound(
                shape_of(result[min(k, n)] + result[max(k, n)], atoms, deps, fixed)) <= budget
                and not any(linked(deps, a, result[n]) for a in result[k])]
            if not fits:
                continue
            target = min(fits, key=lambda n: sizes[n])
            low, high = min(k, target), max(k, target)
            result[low:high + 1] = [result[low] + result[high]]
            changed = True
            break
    return result


def with_common_module(segments: list[list[int]], order: list[int], atoms: dict[int, Atom],
                       deps: nx.DiGraph, budget: int, max_segments: int, fixed: int = 0,
                       ) -> tuple[list[list[int]], bool]:
    """Move helpers used from several modules (and what they need) into one common module.

    Worth one extra module at most: feature modules then import the common one, not each other.
    """
    where = {atom: n for n, seg in enumerate(segments) for atom in seg}
    small = max(20, budget // 5)
    shared = set()
    for atom in order:
        homes = {where[u] for u in deps.predecessors(atom) if u in where}
        if len(homes) >= 2 and homes - {where[atom]} and atoms[atom].lines <= small:
            shared.add(atom)
    if not shared:
        return segments, False
    closure = set(shared)
    for atom in shared:
        closure |= {d for d in nx.descendants(deps, atom) if d in where}
    common = [a for a in order if a in closure]
    rest = [a for a in order if a not in closure]
    if not rest or module_bound(shape_of(common, atoms, deps, fixed)) > budget or (
            len(common) == len(segments[0]) and set(common) == set(segments[0])):
        return segments, False
    tail = segment(rest, atoms, deps, budget, max_segments - 1, fixed)
    if tail is None:
        return segments, False
    candidate = [common, *tail]
    if len(candidate) <= len(segments) + 1:
        return candidate, True
    return segments, False
