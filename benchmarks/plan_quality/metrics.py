"""How close a planned layout is to the humans' one, over the top-level names both place.

MoJoFM (Wen & Tzerpos 2004): 100 % minus the share of the largest possible MoJo distance that the
planned layout is from the humans'; MoJo itself is Wen & Tzerpos' optimal algorithm (moves from
each planned module's dominant human module, joins from a maximum bipartite matching). The adjusted
Rand index is Hubert & Arabie's (1985), from the contingency table.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from math import comb

import networkx as nx

#: A layout: each object (a top-level name) -> the module holding it.
Layout = Mapping[str, str]


def _common(planned: Layout, truth: Layout) -> list[str]:
    return sorted(planned.keys() & truth.keys())


def mojo(planned: Layout, truth: Layout) -> int:
    """mno(A, B): the fewest moves and joins turning `planned` (A) into `truth` (B).

    Each planned module goes to a human module where most of its objects are (its moves are the rest);
    a maximum matching between planned modules and those dominant human modules gives the most
    groups `g`, so the joins are `l - g` (Wen & Tzerpos' optimal MoJo, tags = human modules).
    """
    objects = _common(planned, truth)
    tags: dict[str, Counter[str]] = defaultdict(Counter)
    for name in objects:
        tags[planned[name]][truth[name]] += 1
    moves = 0
    graph = nx.Graph()
    top = [("planned", module) for module in tags]
    graph.add_nodes_from(top)
    for module, counts in tags.items():
        best = max(counts.values())
        moves += sum(counts.values()) - best
        for human, count in counts.items():
            if count == best:
                graph.add_edge(("planned", module), ("human", human))
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=top)
    groups = sum(1 for node in top if node in matching)
    return moves + len(tags) - groups


def _largest_mojo(truth: Layout, objects: list[str]) -> int:
    """max over all A of mno(A, B) = n - g, g built from B's module sizes in ascending order."""
    sizes = sorted(Counter(truth[name] for name in objects).values())
    groups = 0
    for size in sizes:
        if groups < size:
            groups += 1
    return len(objects) - groups


def mojofm(planned: Layout, truth: Layout) -> float:
    """(1 - mno(A, B) / max mno(any A, B)) * 100, in percent."""
    objects = _common(planned, truth)
    largest = _largest_mojo(truth, objects)
    if largest == 0:
        return 100.0
    return (1 - mojo(planned, truth) / largest) * 100


def adjusted_rand(planned: Layout, truth: Layout) -> float:
    """Hubert & Arabie's ARI: (index - expected) / (max - expected) over pairs of objects."""
    objects = _common(planned, truth)
    cells = Counter((planned[name], truth[name]) for name in objects)
    rows = Counter(planned[name] for name in objects)
    columns = Counter(truth[name] for name in objects)
    index = sum(comb(n, 2) for n in cells.values())
    row_pairs = sum(comb(n, 2) for n in rows.values())
    column_pairs = sum(comb(n, 2) for n in columns.values())
    total = comb(len(objects), 2)
    if total == 0:
        return 1.0
    expected = row_pairs * column_pairs / total
    largest = (row_pairs + column_pairs) / 2
    if largest == expected:
        return 1.0 if index == expected else 0.0
    return (index - expected) / (largest - expected)


def normalised(module: str) -> str:
    """`pkg._exceptions` -> `exception`: last component, no underscores, lower case, no plural -s."""
    word = re.sub(r"[^a-z0-9]", "", module.rsplit(".", 1)[-1].lower())
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def names_right(planned: Layout, truth: Layout, names: Mapping[str, str]) -> float:
    """Share of planned modules whose name (`names[module]`) matches, normalised, the human module
    holding most of their objects."""
    objects = _common(planned, truth)
    holders: dict[str, Counter[str]] = defaultdict(Counter)
    for name in objects:
        holders[planned[name]][truth[name]] += 1
    if not holders:
        return 0.0
    right = 0
    for module, counts in holders.items():
        human = max(sorted(counts), key=lambda h: counts[h])
        right += normalised(names.get(module, module)) == normalised(human)
    return right / len(holders)
