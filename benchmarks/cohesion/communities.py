"""Communities of the affinity graph: Louvain at a few resolutions and seeds, the partition with the
best modularity among those within the file budget; loose ends joined to what they touch most."""

from __future__ import annotations

import networkx as nx

RESOLUTIONS = (0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0)
SEEDS = (0, 1, 2)


def communities(graph: nx.Graph, budget: int) -> list[set[int]]:
    """The most modular Louvain partition with at most `budget` communities of linked units (or,
    when every one has more, the one with fewest)."""
    linked = graph.subgraph([n for n in graph if graph.degree(n, weight="weight") > 0])
    if linked.number_of_nodes() == 0:
        return [set(graph)]
    found: list[tuple[bool, float, int, list[set[int]]]] = []
    for resolution in RESOLUTIONS:
        for seed in SEEDS:
            parts = [set(p) for p in nx.community.louvain_communities(
                linked, weight="weight", resolution=resolution, seed=seed)]
            quality = nx.community.modularity(linked, parts, weight="weight")
            found.append((len(parts) <= budget, quality, -len(parts), parts))
    fits = [f for f in found if f[0]]
    best = max(fits, key=lambda f: f[1]) if fits else max(found, key=lambda f: f[2])
    parts = best[3]
    alone = [n for n in graph if n not in linked]
    return [*parts, *({n} for n in alone)]
