"""What the cohesion planner places: pieces of units, and which uses between them bind the plan.

A use is *hard* when the split must import it at the top of the user's module: the user needs the
name while the module loads, or the user itself runs while the module loads (`cycles.deferrable`
says no). Every other use happens only when a function runs; the facade can bind it late once all
modules are loaded (emit's rule: a name whose home module comes later is bound late), so it is
*soft*: it pulls definitions together but may point either way between modules. A piece is a
group of units that use each other through hard uses: nothing smaller can be placed alone.

Part modules of split classes (`plan.parts`) are pieces too: their class uses them while loading
(the link edge, hard), what their methods use when called is soft. How many lines a module of
some pieces takes is `sizes.module_bound` of their `Shape` (`Pieces.bound`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import networkx as nx

from refactor_tool.split.plan.cycles import (
    HotUses,
    LoadOrder,
    Trigger,
    _running_names,
    deferrable,
    load_order,
    triggers,
)
from refactor_tool.split.plan.handed import handed_lines
from refactor_tool.split.plan.parts import LINK
from refactor_tool.split.plan.sizes import Shape, module_bound
from refactor_tool.split.plan.source_readers import NAMED_AS_BEFORE_LINES, reads_source
from refactor_tool.split.plan.units import UnitGraph, name_setters
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind


@dataclass(frozen=True, slots=True)
class Piece:
    """Units that must share a module, keyed by the first unit; what it defines and how long it is.

    `kind` is what a reader sees: "class", "function", "data" (names bound by plain statements) or
    "code" (statements binding no name). `imports`: the original import statements it uses (copied
    into its module); `reads_file`: it locates files by `__file__`; `part`: the module name when it
    is the part module of a split class; `from_facade`: names of the facade's own code it uses (only
    when called: what needs them while loading stays in the facade too).
    """

    key: int
    units: tuple[int, ...]
    statements: tuple[int, ...]
    names: tuple[str, ...]
    lines: int
    first_line: int
    kind: str
    imports: frozenset[int] = frozenset()
    reads_file: bool = False
    part: str | None = None
    #: Names it uses from the facade's own code (pinned there): its module binds them late.
    from_facade: frozenset[str] = frozenset()


#: The name on an edge from a registration to the earlier one of the same key (`Statement.registers`):
#: it loads after it, as if it used it while loading, though it imports nothing from it.
REGISTERS_AFTER = "<registers the same key after>"
#: The name on an edge from a statement to what code it runs while loading reads when called
#: (`_read_when_run`): it loads after it, though it imports nothing from it.
RUNS_WHAT_READS = "<runs code that reads it>"
#: Edges carrying only these names order modules and use nothing.
ORDER_ONLY = frozenset({REGISTERS_AFTER, RUNS_WHAT_READS})


@dataclass(frozen=True, slots=True)
class Pieces:
    """The pieces of a module and the uses between them: edges carry the names used, and `eager`
    when the user's own statements read them while loading (base classes, decorators, defaults)
    rather than only because the user runs while loading; `counted`: the names the user's module
    itself imports (see `without_parts`)."""

    analysis: ModuleAnalysis
    graph: UnitGraph
    pieces: dict[int, Piece]
    piece_of: dict[int, int]  # unit -> piece
    hard: nx.DiGraph
    soft: nx.DiGraph
    fixed: int = 0  # lines every new module repeats (futures, star imports, name setters)
    #: The uses of every piece of the module, for sizes: a module also imports from pieces left out.
    sizing: tuple[nx.DiGraph, nx.DiGraph] | None = None
    #: Whether a split class's module binds what its parts read when called into them (`plan.handed`),
    #: rather than the facade once every module is loaded; generation reads it here.
    hands_to_parts: bool = True

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
                       hard=self.hard.subgraph(keys).copy(), soft=self.soft.subgraph(keys).copy(),
                       sizing=self.sizing or (self.hard, self.soft))

    def parts(self) -> dict[int, int | None]:
        """Part piece -> the piece of its class, None where the class stays in the facade (its
        statement is in no piece: a part is still a module of its own, never merged with another).
        A piece holding a class and its part (they use each other while loading) is no part."""
        owners: dict[int, int | None] = {v: u for u, v, data in self.hard.edges(data=True) if LINK in data["names"]}
        units = self.graph.graph
        for key, piece in self.pieces.items():
            classes = {c for u in piece.units for c, _, data in units.in_edges(u, data=True) if LINK in data["names"]}
            if piece.part is not None and key not in owners and classes and classes <= self.graph.pinned:
                owners[key] = None
        return owners

    def without_parts(self) -> Pieces:
        """The pieces besides part modules, each class carrying what its parts use (so that the
        plan puts it after what they need while loading and near what they use when called); those
        names are not `counted` in the class's module, which does not import them."""
        parts = self.parts()
        rest = self.restrict(k for k in self.pieces if k not in parts)
        for part, owner in parts.items():
            if owner is None:
                continue
            for graph, own in ((self.hard, rest.hard), (self.soft, rest.soft)):
                for _, used, data in graph.out_edges(part, data=True):
                    if used in rest.pieces and used != owner:
                        _add(own, owner, used, data["names"], data["eager"], counted=frozenset())
        _hard_first(rest.hard, rest.soft)
        return rest

    def shape(self, keys: Iterable[int]) -> Shape:
        """The `Shape` of a module holding the pieces `keys`: what it imports from the others
        while loading is eager, what it uses only when called counts as bound late."""
        keys = set(keys)
        held = [self.pieces[k] for k in keys]

        def outside(graph: nx.DiGraph) -> tuple[tuple[str, ...], int]:
            names: set[str] = set()
            sources: set[int] = set()
            for key in keys:
                for _, used, data in graph.out_edges(key, data=True):
                    if used not in keys and data["counted"] - {LINK}:
                        names |= data["counted"] - {LINK}
                        sources.add(used)
            return tuple(sorted(names)), len(sources)

        hard, soft = self.sizing or (self.hard, self.soft)
        eager, eager_sources = outside(hard)
        late, late_sources = outside(soft)
        facade = frozenset().union(*(p.from_facade for p in held)) - set(late)
        if facade:  # declared late like the others, from one more module
            late, late_sources = tuple(sorted({*late, *facade})), late_sources + 1
        conditional = self.analysis.conditional_names()
        return Shape(body=sum(p.lines for p in held), copied=len(frozenset().union(*(p.imports for p in held))),
                     fixed=self.fixed, eager=eager, eager_sources=eager_sources, late=late,
                     late_sources=late_sources, reads_file=any(p.reads_file for p in held),
                     guarded=sum(1 for n in {*eager, *late} if n in conditional),
                     handed=handed_lines(self.analysis, self.graph.units, self.piece_of, hard, soft, keys,
                                         parts=self.hands_to_parts))

    def bound(self, keys: Iterable[int]) -> int:
        """The most lines a module holding the pieces `keys` takes as written (`sizes.module_bound`)."""
        return module_bound(self.shape(keys))


def _kind(analysis: ModuleAnalysis, statements: tuple[int, ...], names: tuple[str, ...]) -> str:
    kinds = {analysis.statements[i].definition for i in statements} - {""}
    if "class" in kinds:
        return "class"
    if kinds:
        return "function"
    return "data" if names else "code"


def _add(graph: nx.DiGraph, a: int, b: int, names: set[str] | frozenset[str], eager: bool,
         counted: frozenset[str] | None = None) -> None:
    counted = frozenset(names) if counted is None else counted
    if graph.has_edge(a, b):
        graph[a][b]["names"] = graph[a][b]["names"] | frozenset(names)
        graph[a][b]["eager"] = graph[a][b]["eager"] or eager
        graph[a][b]["counted"] = graph[a][b]["counted"] | counted
    else:
        graph.add_edge(a, b, names=frozenset(names), eager=eager, counted=counted)


def _hard_first(hard: nx.DiGraph, soft: nx.DiGraph) -> None:
    """A soft use beside a hard one is imported with it (its module loads first): one hard edge."""
    for a, b in [e for e in soft.edges if hard.has_edge(*e)]:
        hard[a][b]["counted"] = hard[a][b]["counted"] | soft[a][b]["counted"]
        soft.remove_edge(a, b)


def fixed_lines(analysis: ModuleAnalysis) -> int:
    """Lines every new module repeats: `from __future__` and star imports, the module's name setters (and
    the renaming at the end of those whose code a source-reading decorator decorates)."""
    setters = set(name_setters(analysis))
    return (NAMED_AS_BEFORE_LINES if reads_source(analysis) else 0) + sum(s.span for s in analysis.statements
               if s.kind in (StatementKind.FUTURE, StatementKind.STAR_IMPORT) or s.index in setters)


def read_pieces(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None = None,
                parts: Mapping[int, tuple[int, str]] | None = None, cap: int | None = None) -> Pieces:
    """Pieces of the movable units: strongly connected groups of their hard uses.

    `graph` has the link edges of `parts` already (`plan.parts.link_parts`); `hot_uses` narrows what
    classes run while the module loads (`cycles`). What a part module uses only when called is soft.
    A group over `cap` lines is read again for uses only run code makes hard (`_run_later`).
    """
    parts = parts or {}
    movable = graph.graph.subgraph(graph.movable())
    loading = load_order(graph, analysis, hot_uses)
    hot = set(loading.last_trigger)
    unit_of = {i: unit for unit, members in graph.units.items() for i in members}
    part_units = {unit_of[i]: name for i, (_, name) in parts.items() if i in unit_of}
    hard_units = nx.DiGraph()
    hard_units.add_nodes_from(movable)
    soft_units: list[tuple[int, int]] = []
    import_time = {u: {n for i in graph.units[u] for n in analysis.statements[i].uses_import} for u in movable}
    for u, v in movable.edges:
        names = graph.graph[u][v]["names"]
        if (u in part_units and not names & import_time[u]) or deferrable(graph, analysis, hot, u, v, hot_uses, loading):
            soft_units.append((u, v))
        else:
            hard_units.add_edge(u, v)
    order = _registration_order(analysis, unit_of, set(movable)) - set(hard_units.edges)
    hard_units.add_edges_from(order)
    runs_after = set() if cap is None else _run_later(graph, analysis, hot_uses, loading, hard_units, soft_units,
                                                      order, cap)
    import_of = {name: s.index for s in analysis.statements if s.kind is StatementKind.IMPORT
                 and s.index not in graph.moved_kinds for name in s.defines}
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
                            kind=_kind(analysis, statements, names),
                            imports=frozenset(import_of[n] for i in statements for n in analysis.statements[i].uses
                                              if n in import_of),
                            reads_file=any(analysis.statements[i].reads_file for i in statements),
                            part=next((part_units[u] for u in units if u in part_units), None),
                            from_facade=frozenset(n for u in units for v in graph.graph.successors(u)
                                                  if v in graph.pinned for n in graph.graph[u][v]["names"]))
        piece_of.update(dict.fromkeys(units, key))
    hard, soft = nx.DiGraph(), nx.DiGraph()
    hard.add_nodes_from(pieces)
    soft.add_nodes_from(pieces)
    for u, v in hard_units.edges:
        if piece_of[u] != piece_of[v] and (u, v) in order | runs_after:
            marker = REGISTERS_AFTER if (u, v) in order else RUNS_WHAT_READS
            _add(hard, piece_of[u], piece_of[v], {marker}, False, counted=frozenset())
        elif piece_of[u] != piece_of[v]:
            names = graph.graph[u][v]["names"]
            _add(hard, piece_of[u], piece_of[v], names, bool(names & import_time[u]) or LINK in names)
    for u, v in soft_units:
        a, b = piece_of[u], piece_of[v]
        if a != b:
            _add(soft, a, b, graph.graph[u][v]["names"], False)
    _hard_first(hard, soft)
    return Pieces(analysis=analysis, graph=graph, pieces=pieces, piece_of=piece_of, hard=hard, soft=soft,
                  fixed=fixed_lines(analysis))


def _run_later(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None, loading: LoadOrder,
               hard_units: nx.DiGraph, soft_units: list[tuple[int, int]], order: set[tuple[int, int]],
               cap: int) -> set[tuple[int, int]]:
    """In each group of units over `cap` lines that use each other while the module loads, the uses that
    code run while loading makes hard and `_read_when_run` may defer become soft; the statements running
    that code load after what it reads instead (the edges returned, added to `hard_units`)."""
    running: dict[int, frozenset[Trigger]] | None = None
    runs_after: set[tuple[int, int]] = set()
    for component in list(nx.strongly_connected_components(hard_units)):
        if len(component) < 2 or sum(graph.lines[u] for u in component) <= cap:
            continue
        running = triggers(graph, analysis, hot_uses) if running is None else running
        for u, v in [(a, b) for a in component for b in hard_units.successors(a) if b in component]:
            if (u, v) in order or not graph.graph.has_edge(u, v):
                continue
            after = _read_when_run(graph, analysis, hot_uses, loading, running, u, v)
            if after is not None:
                hard_units.remove_edge(u, v)
                soft_units.append((u, v))
                runs_after |= after
    runs_after -= set(hard_units.edges)
    hard_units.add_edges_from(runs_after)
    return runs_after


def _read_when_run(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None, loading: LoadOrder,
                   running: Mapping[int, frozenset[Trigger]], u: int, v: int) -> set[tuple[int, int]] | None:
    """Where unit `u` uses `v`'s names only in code run while the module loads, and reads them where they
    live when called (`Statement.uses_while_loading`, `emit.live_reads`): the statements that may run it
    while a name is bound already (typing's `List = _alias(list, 1, ...)` running `_type_check`, which
    reads `Generic`) must load after `v`, not `u` itself. Those (statement's unit, `v`); None where `u`
    must load after `v` (a name it needs while defined, read unknowingly, or run by the facade's code)."""
    names = graph.graph[u][v]["names"]
    if LINK in names or u not in running or loading.first_bound is None:
        return None
    statements = [analysis.statements[i] for i in graph.units[u]]
    if names & {n for s in statements for n in s.uses_import}:
        return None
    narrowed = _running_names(graph, u, hot_uses)
    read = names if narrowed is None else names & narrowed
    if not read <= {n for s in statements for n in s.uses_while_loading} or any(
            n not in loading.first_bound for n in read):
        return None
    found = set()
    for line, unit in running[u]:
        if unit is None or unit in graph.pinned or unit == u:
            return None
        if unit != v and any(loading.first_bound[n] < line for n in read):
            found.add((unit, v))
    return found


def _registration_order(analysis: ModuleAnalysis, unit_of: Mapping[int, int], movable: set[int]
                        ) -> set[tuple[int, int]]:
    """(unit, unit it must load after) for each movable registration and the one of the same key
    before it (`register(type)` of `@register(ClassType)`, then of `@register(TypeType)`): the one
    that runs last wins, so the later may load neither before the earlier nor in a module the
    earlier's module needs while loading (dill's `ClassType = type` beside `save_type`)."""
    last: dict[str, int] = {}
    found = set()
    for statement in analysis.statements:
        unit = unit_of.get(statement.index)
        for key in sorted(statement.registers):
            if unit in movable and last.get(key) not in (None, unit):
                found.add((unit, last[key]))
            if unit in movable:
                last[key] = unit
    return found
