"""What the cohesion planner places: pieces of units, and which uses between them bind the plan.

A use is *hard* when the split must import it at the top of the user's module: the user needs the
name while the module loads, or the user itself runs while the module loads (`cycles.deferrable`
says no). Every other use happens only when a function runs; the facade can bind it late once all
modules are loaded (emit's rule: a name whose home module comes later is bound late), so it is
*soft*: it pulls definitions together but may point either way between modules. A piece is a
group of units that use each other through hard uses: nothing smaller can be placed alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import networkx as nx

from refactor_tool.split.plan.cycles import deferrable, hot_units
from refactor_tool.split.plan.units import UnitGraph
from refactor_tool.syntax.facts.model import ModuleAnalysis


@dataclass(frozen=True, slots=True)
class Piece:
    """Units that must share a module, keyed by the first unit; what it defines and how long it is.

    `kind` is what a reader sees: "class", "function", "data" (names bound by plain statements) or
    "code" (statements binding no name).
    """

    key: int
    units: tuple[int, ...]
    statements: tuple[int, ...]
    names: tuple[str, ...]
    lines: int
    first_line: int
    kind: str


@dataclass(frozen=True, slots=True)
class Pieces:
    """The pieces of a module and the uses between them: edges carry the names used, and `eager`
    when the user's own statements read them while loading (base classes, decorators, defaults)
    rather than only because the user runs while loading."""

    analysis: ModuleAnalysis
    graph: UnitGraph
    pieces: dict[int, Piece]
    piece_of: dict[int, int]  # unit -> piece
    hard: nx.DiGraph
    soft: nx.DiGraph

    @property
    def source(self) -> str:
        return self.analysis.source

    def in_source_order(self) -> list[int]:
        """Piece keys by their first statement."""
        return sorted(self.pieces)

    def label(self, key: int) -> str:
        piece = self.pieces[key]
        return piece.names[0] if piece.names else f"line {piece.first_line}"

    def uses(self) -> nx.DiGraph:
        """Every use between pieces, hard or soft."""
        return nx.compose(self.hard, self.soft)

    def restrict(self, keys: Iterable[int]) -> Pieces:
        """The same pieces limited to `keys` (to plan some of them on their own)."""
        keys = set(keys)
        return replace(self, pieces={k: p for k, p in self.pieces.items() if k in keys},
                       hard=self.hard.subgraph(keys).copy(), soft=self.soft.subgraph(keys).copy())


def _kind(analysis: ModuleAnalysis, statements: tuple[int, ...], names: tuple[str, ...]) -> str:
    kinds = {analysis.statements[i].definition for i in statements} - {""}
    if "class" in kinds:
        return "class"
    if kinds:
        return "function"
    return "data" if names else "code"


def _add(graph: nx.DiGraph, a: int, b: int, names: set[str] | frozenset[str], eager: bool) -> None:
    if graph.has_edge(a, b):
        graph[a][b]["names"] = graph[a][b]["names"] | frozenset(names)
        graph[a][b]["eager"] = graph[a][b]["eager"] or eager
    else:
        graph.add_edge(a, b, names=frozenset(names), eager=eager)


def read_pieces(graph: UnitGraph, analysis: ModuleAnalysis) -> Pieces:
    """Pieces of the movable units: strongly connected groups of their hard uses."""
    movable = graph.graph.subgraph(graph.movable())
    hot = hot_units(graph, analysis)
    hard_units = nx.DiGraph()
    hard_units.add_nodes_from(movable)
    soft_units: list[tuple[int, int]] = []
    for u, v in movable.edges:
        if deferrable(graph, analysis, hot, u, v):
            soft_units.append((u, v))
        else:
            hard_units.add_edge(u, v)
    pieces: dict[int, Piece] = {}
    piece_of: dict[int, int] = {}
    for component in nx.strongly_connected_components(hard_units):
        units = tuple(sorted(component))
        statements = tuple(sorted(i for u in units for i in graph.units[u]))
        names = tuple(dict.fromkeys(n for u in units for n in graph.symbols(u, analysis)))
        key = units[0]
        pieces[key] = Piece(key=key, units=units, statements=statements, names=names,
                            lines=sum(graph.lines[u] for u in units),
                            first_line=analysis.statements[statements[0]].start,
                            kind=_kind(analysis, statements, names))
        piece_of.update(dict.fromkeys(units, key))
    hard, soft = nx.DiGraph(), nx.DiGraph()
    hard.add_nodes_from(pieces)
    soft.add_nodes_from(pieces)
    import_time = {u: {n for i in graph.units[u] for n in analysis.statements[i].uses_import} for u in movable}
    for u, v in hard_units.edges:
        if piece_of[u] != piece_of[v]:
            names = graph.graph[u][v]["names"]
            _add(hard, piece_of[u], piece_of[v], names, bool(names & import_time[u]))
    for u, v in soft_units:
        a, b = piece_of[u], piece_of[v]
        if a != b and not hard.has_edge(a, b):
            _add(soft, a, b, graph.graph[u][v]["names"], False)
    soft.remove_edges_from([e for e in soft.edges if hard.has_edge(*e)])
    return Pieces(analysis=analysis, graph=graph, pieces=pieces, piece_of=piece_of, hard=hard, soft=soft)
