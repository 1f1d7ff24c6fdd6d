"""Cut a dependency-ordered sequence of atoms into modules under a line budget, with few cut edges.

Atoms are strongly connected groups of units. Ordering them topologically (dependencies first, ties
by source position, so the author's grouping survives) and cutting the order into contiguous
segments always yields an acyclic graph of modules: a segment only imports from earlier ones.
A dynamic program picks the cut points minimising `MODULE_COST * modules + cut edges`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

#: One more module is worth this many imports between modules.
MODULE_COST = 6


@dataclass(frozen=True, slots=True)
class Atom:
    """A strongly connected group of units: nothing smaller can be placed alone."""

    key: int
    units: tuple[int, ...]
    lines: int
    imports: frozenset[int]
    private: bool = False


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
            max_segments: int) -> list[list[int]] | None:
    """Best contiguous cut of `order`, or None when it needs more than `max_segments` segments."""
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
        imports: dict[int, int] = {}
        for i in range(j - 1, -1, -1):
            atom = order[i]
            lines += atoms[atom].lines
            for statement in atoms[atom].imports:
                imports[statement] = imports.get(statement, 0) + 1
            cut += sum(1 for dep in deps.successors(atom) if dep in position and position[dep] < i)
            cut -= sum(1 for user in deps.predecessors(atom) if user in position and i < position[user] < j)
            size = lines + 4 + len(imports) + (cut + 3) // 4
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


def merge_tiny(segments: list[list[int]], atoms: dict[int, Atom], budget: int) -> list[list[int]]:
    """Fold segments of a few lines into a neighbour: still contiguous in the order, so still acyclic.

    Merges stay within the budget, with room for the imports the merged module needs.
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
            fits = [n for n in (k - 1, k + 1) if 0 <= n < len(result) and sizes[n] + size + 6 <= budget]
            if not fits:
                continue
            target = min(fits, key=lambda n: sizes[n])
            low, high = min(k, target), max(k, target)
            result[low:high + 1] = [result[low] + result[high]]
            changed = True
            break
    return result


def minimum_segments(order: list[int], atoms: dict[int, Atom], budget: int) -> int:
    """A lower bound, for the error message when the file budget cannot be met."""
    total = sum(atoms[a].lines for a in order)
    return max(1, math.ceil(total / max(budget, 1)))


def with_common_module(segments: list[list[int]], order: list[int], atoms: dict[int, Atom],
                       deps: nx.DiGraph, budget: int, max_segments: int) -> tuple[list[list[int]], bool]:
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
    if not rest or sum(atoms[a].lines for a in common) > budget or (len(common) == len(segments[0]) and \
            set(common) == set(segments[0])):
        return segments, False
    tail = segment(rest, atoms, deps, budget, max_segments - 1)
    if tail is None:
        return segments, False
    candidate = [common, *tail]
    if len(candidate) <= len(segments) + 1:
        return candidate, True
    return segments, False
