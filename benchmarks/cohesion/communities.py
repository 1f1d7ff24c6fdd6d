"""Communities of the affinity graph: Louvain at a few resolutions and seeds; of the partitions
within the file budget, the finest whose modularity is close to the best one (a maintainer splits
where the seams are, and more small cohesive modules beat fewer mixed ones)."""

from __future__ import annotations

import networkx as nx

RESOLUTIONS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
SEEDS = (0, 1, 2)
#: A partition this close to the best modularity (as a share of it) counts as just as good.
TOLERANCE = 0.9


def communities(graph: nx.Graph, budget: int, tolerance: float = TOLERANCE) -> list[set[int]]:
    """The finest near-best Louvain partition with at most `budget` communities of linked units
    (or, when every one has more, the one with fewest); unlinked units come back alone."""
    linked = graph.subgraph([n for n in graph if graph.degree(n, weight="weight") > 0])
    if linked.number_of_nodes() == 0:
        return [set(graph)]
    found: list[tuple[float, int, list[set[int]]]] = []
    for resolution in RESOLUTIONS:
        for seed in SEEDS:
            parts = [set(p) for p in nx.community.louvain_communities(
                linked, weight="weight", resolution=resolution, seed=seed)]
            found.append((nx.community.modularity(linked, parts, weight="weight"), len(parts), parts))
    fits = [f for f in found if f[1] <= budget]
    if not fits:
        parts = min(found, key=lambda f: (f[1], -f[0]))[2]
    else:
        best = max(q for q, _, _ in fits)
        near = [f for f in fits if f[0] >= best * tolerance]
        parts = max(near, key=lambda f: (f[1], f[0]))[2]
    alone = [n for n in graph if n not in linked]
    return [*parts, *({n} for n in alone)]
