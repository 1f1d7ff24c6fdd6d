"""Make a partition a valid plan with the smallest moves: imports between the new modules acyclic,
every module under the line limit, no more modules than the file budget. A module's lines are
what `Sizer` says: `sizes.module_bound` of what it holds (`Pieces.bound`), never a count of our own.

Acyclic means the modules can be ranked so that every use points to a module of lower or equal
rank. The ranking chosen is the one with the least use weight against it; then, in dependency
order, each unit that would import from a higher rank moves to the allowed module it is most
attached to (a group of units that use each other moves as one).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable

import networkx as nx

#: unit -> module number
Partition = dict[int, int]


class Sizer:
    """The lines a module holding some units takes as written (`bound` of them, cached), and their
    own lines (`lines`, for preferences such as "small" modules, never for the limit)."""

    def __init__(self, bound: Callable[[frozenset[int]], int], lines: dict[int, int]) -> None:
        self._bound = bound
        self.lines = lines
        self._known: dict[frozenset[int], int] = {}

    @classmethod
    def summing(cls, lines: dict[int, int]) -> Sizer:
        """Modules as long as their units together (for planning on a bare graph)."""
        return cls(lambda keys: sum(lines[k] for k in keys), lines)

    def of(self, members: Iterable[int]) -> int:
        key = frozenset(members)
        if key not in self._known:
            self._known[key] = self._bound(key)
        return self._known[key]

    def body(self, members: Iterable[int]) -> int:
        return sum(self.lines[u] for u in members)

    def sizes(self, partition: Partition) -> dict[int, int]:
        return {module: self.of(units) for module, units in members_of(partition).items()}

    def fits(self, partition: Partition, target: int, moved: Iterable[int], cap: int) -> bool:
        """Whether module `target` stays within `cap` with the units `moved` added."""
        return self.of({u for u, m in partition.items() if m == target} | set(moved)) <= cap


def members_of(partition: Partition) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for unit, module in partition.items():
        found[module].add(unit)
    return found


def module_graph(partition: Partition, uses: nx.DiGraph) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(set(partition.values()))
    for u, v in uses.edges:
        a, b = partition.get(u), partition.get(v)
        if a is not None and b is not None and a != b:
            weight = graph[a][b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
    return graph


def _ranking(graph: nx.DiGraph) -> list[int]:
    """Modules from most depended upon to least, with little use weight pointing up the ranking:
    greedy by net outgoing weight, then adjacent swaps while they help."""
    def against(order: list[int]) -> int:
        rank = {m: n for n, m in enumerate(order)}
        return sum(d["weight"] for a, b, d in graph.edges(data=True) if rank[a] < rank[b])

    order = sorted(graph, key=lambda m: (graph.out_degree(m, weight="weight")
                                         - graph.in_degree(m, weight="weight"), m))
    cost = against(order)
    improved = True
    while improved:
        improved = False
        for i in range(len(order) - 1):
            trial = [*order[:i], order[i + 1], order[i], *order[i + 2:]]
            trial_cost = against(trial)
            if trial_cost < cost:
                order, cost, improved = trial, trial_cost, True
    return order


def _attachment(unit: int, affinity: nx.Graph, partition: Partition) -> dict[int, float]:
    pull: dict[int, float] = defaultdict(float)
    if unit in affinity:
        for other, data in affinity[unit].items():
            if other in partition:
                pull[partition[other]] += data["weight"]
    return pull


def make_acyclic(partition: Partition, uses: nx.DiGraph, affinity: nx.Graph, sizer: Sizer,
                 cap: int) -> Partition:
    """Every use then points to a module of lower or equal rank (see the module docstring)."""
    result = dict(partition)
    if nx.is_directed_acyclic_graph(module_graph(result, uses)):
        return result
    rank = {m: n for n, m in enumerate(_ranking(module_graph(result, uses)))}
    inside = uses.subgraph(result)
    condensed = nx.condensation(inside)
    for atom in reversed(list(nx.topological_sort(condensed))):  # dependencies first
        members = condensed.nodes[atom]["members"]
        floor = max((rank[result[d]] for m in members for d in inside.successors(m) if d not in members),
                    default=-1)
        pull: dict[int, float] = defaultdict(float)
        for member in members:
            for module, weight in _attachment(member, affinity, result).items():
                pull[module] += weight
            pull[result[member]] += 1e-6  # ties: stay
        allowed = [m for m in rank if rank[m] >= floor]
        roomy = [m for m in allowed if all(result[x] == m for x in members) or sizer.fits(result, m, members, cap)]
        target = max(roomy or allowed, key=lambda m: (pull.get(m, 0.0), -rank[m]))
        for member in members:
            result[member] = target
    return result


def _merge_cost(a: int, b: int, between: dict[tuple[int, int], float], volume: dict[int, float]) -> float:
    """Higher for pairs whose links join them more than they lead elsewhere: the share of the two
    modules' link weight that lies between them. (Average linkage by lines, which favoured any
    small module, put pexpect's exceptions into its spawn class's module: benchmark median ARI
    unchanged, mean 0.46 -> 0.47; pexpect 0.32 -> 0.41, json 0.31 -> 0.39, urllib 0.17 -> 0.24.)"""
    return between.get((min(a, b), max(a, b)), 0.0) / ((volume[a] + volume[b]) or 1.0)


def fit_budget(partition: Partition, uses: nx.DiGraph, affinity: nx.Graph, sizer: Sizer,
               cap: int, budget: int, keep_acyclic: bool = True) -> Partition:
    """Merge the most attached pair of modules, within the limit and without making a cycle, until
    at most `budget` remain; when no pair fits, the file budget gives way (the split reports it)."""
    result = dict(partition)
    degree = dict(affinity.degree(weight="weight"))
    while len(set(result.values())) > budget:
        held = members_of(result)
        size = {m: sizer.body(units) for m, units in held.items()}
        volume = {m: sum(degree.get(u, 0.0) for u in units) for m, units in held.items()}
        between: dict[tuple[int, int], float] = defaultdict(float)
        for u, v, data in affinity.edges(data=True):
            a, b = result.get(u), result.get(v)
            if a is not None and b is not None and a != b:
                between[(min(a, b), max(a, b))] += data["weight"]
        graph = module_graph(result, uses)
        pairs = sorted(itertools.combinations(sorted(size), 2),
                       key=lambda p: -_merge_cost(*p, between, volume) - 1e-9 * (size[p[0]] + size[p[1]] < cap))
        chosen = None
        for a, b in pairs:
            if sizer.of(held[a] | held[b]) > cap:
                continue
            if keep_acyclic and graph.number_of_edges():
                merged = nx.contracted_nodes(graph, a, b, self_loops=False)
                if not nx.is_directed_acyclic_graph(merged):
                    continue
            chosen = (a, b)
            break
        if chosen is None:
            break
        a, b = chosen
        result = {u: (a if m == b else m) for u, m in result.items()}
    return result


def split_module(partition: Partition, module: int, affinity: nx.Graph) -> Partition:
    """Cut one module in two where it is least attached (Kernighan-Lin bisection of its units)."""
    members = sorted(u for u, m in partition.items() if m == module)
    sub = affinity.subgraph(members)
    if sub.number_of_edges():
        _, right = nx.community.kernighan_lin_bisection(sub, weight="weight", seed=0)
    else:
        right = set(members[len(members) // 2:])
    fresh = max(partition.values()) + 1
    return {u: (fresh if u in right else m) for u, m in partition.items()}


def oversized(partition: Partition, sizer: Sizer, cap: int) -> list[int]:
    """Modules over the limit that moving statements can shrink (more than one unit), largest first."""
    held = members_of(partition)
    size = {m: sizer.of(units) for m, units in held.items()}
    return sorted((m for m in size if size[m] > cap and len(held[m]) > 1), key=lambda m: -size[m])
