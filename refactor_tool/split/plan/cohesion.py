"""The automatic plan: group definitions by cohesion, then satisfy the constraints with small moves.

`plan_groups(pieces, cap, budget)` -> `tuple[Group, ...]`, in the order the modules load: a weighted
graph of how strongly pieces belong together (`affinity`), its communities (`communities`), repaired
so that hard uses between modules are acyclic, every module's `sizes.module_bound` is within `cap`
and there are at most `budget` of them where the limit allows (`repair`, `moves`), then named
(`naming`) and explained (`reasons`). Part modules of split classes (`plan.parts`) are modules of
their own, named by their part, loaded before their class's module and after what they need.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from refactor_tool.split.plan.affinity import Weights, affinity, exception_classes
from refactor_tool.split.plan.communities import communities
from refactor_tool.split.plan.features import Features, chapters, implementations, read_features
from refactor_tool.split.plan.moves import break_cycles, dissolve, fold_small, peel
from refactor_tool.split.plan.naming import candidates, choose, definitions, qualifier, vocabulary
from refactor_tool.split.plan.pieces import Piece, Pieces
from refactor_tool.split.plan.reasons import reason
from refactor_tool.split.plan.repair import (
    Partition,
    Sizer,
    fit_budget,
    module_graph,
    oversized,
    split_module,
)
from refactor_tool.syntax.facts.model import Statement

__all__ = ["Group", "Weights", "order_modules", "plan_groups"]

_CLI = frozenset({"argparse", "optparse", "click", "ArgumentParser"})


@dataclass(frozen=True, slots=True)
class Group:
    """One planned module: its name, the pieces it holds, and why they belong together."""

    name: str
    pieces: tuple[int, ...]
    names: tuple[str, ...]
    lines: int
    reason: str


def _join_loose(partition: Partition, parts: list[set[int]], pieces: Pieces) -> Partition:
    """Pieces linked to nothing join the module of the piece before them in the source."""
    ordered = sorted(partition, key=lambda k: pieces.pieces[k].first_line)
    result = dict(partition)
    alone = {next(iter(p)) for p in parts if len(p) == 1}
    previous = None
    for key in ordered:
        if key in alone and previous is not None:
            result[key] = result[previous]
        previous = key
    return result


def authors_chapters(pieces: Pieces, features: dict[int, Features], links: nx.Graph) -> list[set[int]] | None:
    """The author's own grouping, when the source shows one: its order is deliberate and banner
    sections head at least three chapters covering most of the code. Code before the first
    section is a group of its own."""
    if links.graph.get("locality", 0.0) < 0.5:
        return None
    found: dict[int, set[int]] = defaultdict(set)
    for key, chapter in chapters(features, pieces.in_source_order()).items():
        found[chapter].add(key)
    covered = sum(pieces.pieces[k].lines for c, keys in found.items() if c >= 0 for k in keys)
    total = sum(p.lines for p in pieces.pieces.values()) or 1
    if len([c for c in found if c >= 0]) < 3 or covered * 5 < total * 3:
        return None
    return [found[c] for c in sorted(found)]


def partition_pieces(pieces: Pieces, links: nx.Graph, cap: int, budget: int, near_best: float,
                     seeds: list[set[int]] | None = None) -> Partition:
    """Communities of `links` (or the `seeds` given), repaired: hard uses acyclic between modules,
    modules under `cap` lines where moving pieces can do it, at most `budget` modules where the
    limit allows."""
    keys = pieces.in_source_order()
    lines = {k: pieces.pieces[k].lines for k in keys}
    sizer = Sizer(pieces.bound, lines)
    uses = pieces.hard
    parts = seeds or communities(links, budget, near_best)
    partition = _join_loose({u: n for n, p in enumerate(parts) for u in p}, parts, pieces)
    partition = fit_budget(partition, uses, links, sizer, cap, budget, keep_acyclic=False)
    partition = break_cycles(partition, uses, links, sizer, cap)
    for _ in range(2 * budget):
        partition = peel(partition, uses, links, sizer, cap)
        over = oversized(partition, sizer, cap)
        if not over:
            break
        partition = split_module(partition, over[0], links)
        partition = break_cycles(partition, uses, links, sizer, cap)
        partition = fit_budget(partition, uses, links, sizer, cap, budget)
    partition = dissolve(partition, uses, links, sizer, cap, budget)
    partition = _data_joins_its_user(fold_small(partition, uses, links, sizer, cap), pieces, sizer, cap)
    return _bare_statements_follow(partition, pieces, sizer, cap)


def _bare_statements_follow(partition: Partition, pieces: Pieces, sizer: Sizer, cap: int) -> Partition:
    """A statement that binds no name and uses none (a bare string documenting the assignment above
    it) goes with the piece before it in the source, where that module has room: an explicit plan,
    which lists names only, places it so too (`explicit._follow_users`), so a written plan gives
    back the same files."""
    result = dict(partition)
    uses = pieces.uses()
    previous = None
    for key in sorted(result, key=lambda k: pieces.pieces[k].first_line):
        bare = not pieces.pieces[key].names and not any(True for _ in uses.successors(key))
        if bare and previous is not None and result[key] != result[previous]:
            target = result[previous]
            if sizer.fits(result, target, [key], cap):
                result[key] = target
        previous = key
    return result


def _data_joins_its_user(partition: Partition, pieces: Pieces, sizer: Sizer, cap: int) -> Partition:
    """A module of plain data (no class, no function) that one other module alone uses joins it:
    sample data belongs with the command that shows it."""
    result = dict(partition)
    uses = pieces.uses()
    for module in sorted(set(result.values())):
        members = [k for k, m in result.items() if m == module]
        if not members or any(pieces.pieces[k].kind != "data" for k in members):
            continue
        users = {result[u] for k in members for u in uses.predecessors(k) if u in result} - {module}
        if len(users) != 1:
            continue
        (target,) = users
        size = sizer.of(k for k, m in result.items() if m in (module, target))
        trial = {k: (target if m == module else m) for k, m in result.items()}
        if size <= cap and nx.is_directed_acyclic_graph(module_graph(trial, pieces.hard)):
            result = trial
    return result


def parts_apart(partition: Partition, pieces: Pieces) -> Partition:
    """`partition` of the pieces besides part modules, with each part module a module of its own;
    what a part needs while loading leaves its class's module for one before it (a class and its
    part never share a module: the class imports the part while its body runs)."""
    result = dict(partition)
    fresh = max(result.values(), default=-1) + 1
    for part, owner in sorted(pieces.parts().items()):
        home = result.get(owner) if owner is not None else None
        needed: set[int] = set()
        todo = list(pieces.hard.successors(part)) if home is not None else []
        while todo:
            used = todo.pop()
            if used not in needed and used != owner and result.get(used) == home:
                needed.add(used)
                todo.extend(pieces.hard.successors(used))
        if needed:
            result.update(dict.fromkeys(needed, fresh))
            fresh += 1
        result[part] = fresh
        fresh += 1
    return result


def _late_names(order: list[int], late: dict[tuple[int, int], int]) -> int:
    rank = {m: n for n, m in enumerate(order)}
    return sum(n for (a, b), n in late.items() if rank[a] < rank[b])


def _respects(order: list[int], hard: nx.DiGraph) -> bool:
    rank = {m: n for n, m in enumerate(order)}
    return all(rank[b] < rank[a] for a, b in hard.edges)


def order_modules(partition: Partition, pieces: Pieces) -> list[int]:
    """Modules in load order: after every module they use while loading (hard uses, registrations of a
    key after the earlier ones: `pieces.REGISTERS_AFTER`), with as few
    names as possible used from modules loaded later (each such name is bound late by the facade).

    Greedy first (of the modules ready, the one others use most and which uses others least),
    then single moves of a module to another position while they bind fewer names late.
    """
    hard = nx.DiGraph()
    modules = sorted(set(partition.values()))
    hard.add_nodes_from(modules)
    for u, v in pieces.hard.edges:
        if partition.get(u) is not None and partition.get(v) is not None and partition[u] != partition[v]:
            hard.add_edge(partition[u], partition[v])
    late: dict[tuple[int, int], int] = defaultdict(int)
    for u, v, data in pieces.soft.edges(data=True):
        a, b = partition.get(u), partition.get(v)
        if a is not None and b is not None and a != b:
            late[(a, b)] += len(data["names"])
    first: dict[int, float] = defaultdict(lambda: float("inf"))
    for key, module in partition.items():
        first[module] = min(first[module], pieces.pieces[key].first_line)
    order: list[int] = []
    done: set[int] = set()
    while len(order) < len(modules):
        ready = [m for m in modules if m not in done and all(d in done for d in hard.successors(m))]
        if not ready:  # a hard cycle left by the repair: the caller reports it
            ready = [m for m in modules if m not in done]

        def balance(m: int) -> tuple[int, float]:
            used = sum(n for (a, b), n in late.items() if b == m and a not in done and a != m)
            using = sum(n for (a, b), n in late.items() if a == m and b not in done and b != m)
            return using - used, first[m]

        module = min(ready, key=balance)
        order.append(module)
        done.add(module)
    if not _respects(order, hard):
        return order
    cost = _late_names(order, late)
    improved = True
    while improved and cost:
        improved = False
        for module in list(order):
            rest = [m for m in order if m != module]
            for position in range(len(order)):
                trial = [*rest[:position], module, *rest[position:]]
                if trial != order and _respects(trial, hard) and _late_names(trial, late) < cost:
                    order, cost, improved = trial, _late_names(trial, late), True
                    break
    return order


def _hub(held: list[Piece], links: nx.Graph) -> tuple[Piece, int] | None:
    """The definition that half or more of the others in its group use or are used by, and how many."""
    keys = {p.key for p in held}
    if len(keys) < 3:
        return None
    inner = links.subgraph(keys)
    degree = {p.key: sum("uses" in d["signals"] for _, _, d in inner.edges(p.key, data=True)) for p in held
              if p.kind in ("class", "function") and p.names}
    if not degree:
        return None
    by_key = {p.key: p for p in held}
    best = max(sorted(degree), key=lambda k: (degree[k], by_key[k].lines))
    if degree[best] * 2 < len(keys) - 1:
        return None
    return by_key[best], degree[best]


def _state_lines(hub: tuple[Piece, int] | None, held: list[Piece], links: nx.Graph,
                 statements: tuple[Statement, ...]) -> int:
    """The lines of a hub holding a public setting (a global its own code rebinds with `global`:
    `TZPATH` and `reset_tzpath`) and of the pieces of its group it is linked to by uses; 0 for
    any other hub (a private flag such as `_shutdown` is no theme of its users)."""
    if hub is None or hub[0].names[0].startswith("_") or not any(statements[i].rebinds for i in hub[0].statements):
        return 0
    keys = {p.key for p in held}
    near = {v for _, v, d in links.edges(hub[0].key, data=True) if "uses" in d["signals"] and v in keys}
    return hub[0].lines + sum(p.lines for p in held if p.key in near)


def _qualifiers(source: str, known: frozenset[str]) -> dict[str, str]:
    """Each implementation of an interface of the module named after it, with a word in front, ->
    that word (`ThreadPoolExecutor(Executor)` -> thread). A subclass of a concrete class is a
    variant of it, named with it (pyflakes' `ExportBinding(Binding)` among the bindings)."""
    found = {name: qualifier(name, base, known) for name, base in implementations(source).items()}
    return {name: word for name, word in found.items() if word}


def _name_groups(order: list[int], partition: Partition, pieces: Pieces, features: dict[int, Features],
                 links: nx.Graph, taken: set[str], private: bool) -> tuple[Group, ...]:
    members: dict[int, list[int]] = defaultdict(list)
    for key in sorted(partition):
        members[partition[key]].append(key)
    errors = exception_classes(pieces, features, list(partition))
    known = vocabulary(pieces.source)
    qualified = _qualifiers(pieces.source, known)
    everything = sum(p.lines for p in pieces.pieces.values()) or 1
    statements = pieces.analysis.statements
    taken = set(taken)
    named: dict[int, tuple[str, str]] = {}
    for module in sorted(order, key=lambda m: min(pieces.pieces[k].first_line for k in members[m])):
        held = [pieces.pieces[k] for k in members[module]]
        part = next((p.part for p in held if p.part), None)
        if part is not None:
            named[module] = (part, "methods moved out of their class's body")
            continue
        titles: Counter[str] = Counter()
        for piece in held:
            if features[piece.key].section_title:
                titles[features[piece.key].section_title] += piece.lines
        used = {n for p in held for i in p.statements for n in statements[i].uses}
        hub = _hub(held, links)
        options = candidates(definitions(held, statements), titles, bool(used & _CLI),
                             sum(p.key in errors for p in held), known, hub,
                             sum(p.lines for p in held) / everything, _state_lines(hub, held, links, statements),
                             qualified)
        name, how = choose(options, taken, private)
        taken.add(name)
        named[module] = (name, how)
    groups = []
    for module in order:
        held = [pieces.pieces[k] for k in members[module]]
        name, how = named[module]
        groups.append(Group(name=name, pieces=tuple(p.key for p in held),
                            names=tuple(n for p in held for n in p.names),
                            lines=sum(p.lines for p in held), reason=reason(held, links, how)))
    return tuple(groups)


def plan_groups(pieces: Pieces, cap: int, budget: int, *, taken: frozenset[str] = frozenset(),
                private: bool = True, weights: Weights | None = None) -> tuple[Group, ...]:
    """The planned modules, in load order; `cap`: the most lines a module may take as written
    (`sizes.module_bound`); `taken`: module names not to use (part modules' names among them);
    `private`: names start with `_` (package layout)."""
    if not pieces.pieces:
        return ()
    parts = pieces.parts()
    core = pieces.without_parts() if parts else pieces
    keys = core.in_source_order()
    features = read_features(core)
    weights = weights or Weights()
    links = affinity(core, features, keys, weights)
    seeds = authors_chapters(core, features, links)
    partition = partition_pieces(core, links, cap, max(1, budget - len(parts)), weights.near_best, seeds)
    partition = parts_apart(partition, pieces)
    order = order_modules(partition, pieces)
    return _name_groups(order, partition, pieces, features, links, set(taken), private)
