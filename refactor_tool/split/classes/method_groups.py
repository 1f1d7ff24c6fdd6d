"""Partition a class's movable methods into cohesive groups that each fit in a mixin, and name them.

Methods that call each other (`self.x()`, `cls.x`) are joined in a graph; its communities (Louvain,
fixed seed, so the same class always splits the same way) are cut down to the size budget and packed
into as few groups as possible, preferring groups they are connected to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

import networkx as nx

from refactor_tool.split.classes.class_members import Unit

_STOP_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "do", "for", "from", "get", "has", "in", "is", "make"}
    | {"new", "of", "on", "or", "set", "the", "to", "with", "self", "cls"}
)


def _graph(units: Sequence[Unit]) -> nx.Graph:
    """Nodes are positions in `units` (integers, so set order and hence the result never vary)."""
    graph = nx.Graph()
    owner = {name: position for position, unit in enumerate(units) for name in unit.names}
    for position, unit in enumerate(units):
        graph.add_node(position, lines=unit.lines)
    for position, unit in enumerate(units):
        for other in sorted({owner[r] for r in unit.reaches if r in owner} - {position}):
            weight = graph.get_edge_data(position, other, {"weight": 0})["weight"]
            graph.add_edge(position, other, weight=weight + 1)
    return graph


def _size(graph: nx.Graph, nodes: Collection[int]) -> int:
    return sum(graph.nodes[n]["lines"] for n in nodes)


def _fit(graph: nx.Graph, nodes: set[int], capacity: int) -> list[set[int]]:
    """Bisect a community (Kernighan-Lin, fixed seed) until every part fits; a lone node always fits."""
    if _size(graph, nodes) <= capacity or len(nodes) == 1:
        return [nodes]
    first, second = nx.algorithms.community.kernighan_lin_bisection(
        graph.subgraph(sorted(nodes)), weight="weight", seed=0
    )
    return _fit(graph, set(first), capacity) + _fit(graph, set(second), capacity)


def _pack(graph: nx.Graph, parts: list[set[int]], capacity: int) -> list[set[int]]:
    """First-fit decreasing, choosing among the bins with room the one most connected to the part."""
    bins: list[set[int]] = []
    for part in sorted(parts, key=lambda p: (-_size(graph, p), min(p))):
        size = _size(graph, part)
        room = [b for b in bins if _size(graph, b) + size <= capacity]
        if not room:
            bins.append(set(part))
            continue

        def links(candidate: set[int], part: set[int] = part) -> int:
            return sum(
                graph.get_edge_data(a, b, {"weight": 0})["weight"] for a in part for b in candidate
            )

        best = max(room, key=lambda b: (links(b), -bins.index(b)))
        best |= part
    return bins


def partition(units: Sequence[Unit], capacity: int) -> list[tuple[Unit, ...]]:
    """Groups of `units`, each at most `capacity` lines unless a single unit is larger on its own.

    Groups come largest first; inside a group, units keep their order in the class. The same units
    always give the same groups (fixed seeds, integer nodes).
    """
    if not units:
        return []
    graph = _graph(units)
    communities = nx.algorithms.community.louvain_communities(graph, weight="weight", seed=0)
    parts = [part for community in communities for part in _fit(graph, set(community), capacity)]
    groups = [tuple(units[n] for n in sorted(b)) for b in _pack(graph, parts, capacity)]
    return sorted(groups, key=lambda g: (-sum(u.lines for u in g), units.index(g[0])))


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w.lower() for w in spaced.split("_") if len(w) > 1 and not w.isdigit()]


def group_word(group: Sequence[Unit], used: Collection[str]) -> str:
    """The word that best says what a group does: the word of its method names covering most lines.

    Words already naming another group of the same class are skipped; ties go to the word that
    appears first. Falls back to the name of the group's largest method.
    """
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for unit in group:
        for word in dict.fromkeys(_words(unit.name)):
            if word in _STOP_WORDS:
                continue
            counts[word] += unit.lines
            first_seen.setdefault(word, len(first_seen))
    ranked = sorted(counts, key=lambda w: (-counts[w], first_seen[w]))
    for word in ranked:
        if word.capitalize() not in used:
            return word.capitalize()
    largest = max(group, key=lambda u: u.lines)
    return "".join(w.capitalize() for w in _words(largest.name)) or "Methods"


def mixin_names(
    class_name: str, groups: Sequence[Sequence[Unit]], taken: Collection[str]
) -> list[str]:
    """`_<Class>Part<Word>` for each group, unique among themselves and the module's other names."""
    stem = f"_{class_name.lstrip('_')}Part"
    names: list[str] = []
    used: set[str] = set()
    for group in groups:
        word = group_word(group, used)
        used.add(word)
        name, number = f"{stem}{word}", 2
        while name in taken or name in names:
            name, number = f"{stem}{word}{number}", number + 1
        names.append(name)
    return names
