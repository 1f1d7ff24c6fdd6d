"""Group statements that must move together into units, and link units by the names they use.

A unit is the smallest thing a plan may place: every binding of a name, every function that rebinds
a global (with the global and its readers), and module code that mutates or deletes a name defined
elsewhere (`Foo.x = 1`, `registry.append(f)`, `del helper`) travel as one.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement, StatementKind

#: Names whose statements belong to the module object the user imports (`__init__` or the shim).
PINNED_NAMES = frozenset({"__all__", "__getattr__", "__dir__"})
#: Names every module has without binding them.
MODULE_NAMES = frozenset(dir(builtins)) | {
    "__file__", "__name__", "__doc__", "__spec__", "__loader__", "__package__", "__builtins__", "__path__",
    "__cached__", "__annotations__", "__dict__", "__class__",
}


class _UnionFind:
    def __init__(self, items: list[int]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True, slots=True)
class UnitGraph:
    """Units (keyed by their first statement index), what they define, and a use graph between them.

    `graph` has an edge u -> v when unit u uses a name bound in unit v; `names` on the edge says which.
    `pinned` units stay in the module the user imports; `copied` statements are copied where used;
    `detached`: statements that change a name's object in a unit of their own (statement -> name,
    see `detached_mutations`).
    """

    units: dict[int, tuple[int, ...]]
    lines: dict[int, int]
    definer: dict[str, int]
    graph: nx.DiGraph
    pinned: frozenset[int]
    moved_kinds: frozenset[int]
    detached: Mapping[int, str] = field(default_factory=dict)

    def movable(self) -> list[int]:
        return [unit for unit in self.units if unit not in self.pinned]

    def symbols(self, unit: int, analysis: ModuleAnalysis) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for index in self.units[unit]:
            names.update(dict.fromkeys(analysis.statements[index].defines))
        return tuple(names)

    def label(self, unit: int, analysis: ModuleAnalysis) -> str:
        names = self.symbols(unit, analysis)
        return names[0] if names else analysis.statements[unit].label


def _moved_statements(analysis: ModuleAnalysis) -> list[Statement]:
    """CODE statements, plus imports whose names are rebound by code (they must travel with it)."""
    code_names = {
        name for s in analysis.statements if s.kind is StatementKind.CODE for name in s.defines
    }
    moved = []
    for statement in analysis.statements:
        if statement.kind is StatementKind.CODE or (statement.kind is StatementKind.IMPORT and code_names.intersection(statement.defines)):
            moved.append(statement)
    return moved


def shared_all(analysis: ModuleAnalysis) -> int | None:
    """The statement `__all__ = [...]` when it stays in the facade even though moved code extends it
    (`if _have_ssl: class SMTP_SSL ...; __all__.append("SMTP_SSL")`): the only binding of `__all__`, a
    literal (it reads no name), so the facade defines it before loading the new modules and they import
    the same list from it. Moved with them it would list names its new module does not define."""
    binding = [s for s in analysis.statements if "__all__" in s.defines]
    if len(binding) == 1 and binding[0].kind is StatementKind.CODE and not binding[0].uses:
        return binding[0].index
    return None


def build_units(analysis: ModuleAnalysis, cap: int | None = None, together: frozenset[str] = frozenset()
                ) -> UnitGraph:
    """The units of `analysis`; with `cap`, mutations that would make their name's unit over it
    (see `detached_mutations`) are units of their own; `together`: globals rebound with `global` whose
    readers stay with the code rebinding them (see `_read_in_facade`)."""
    moved = _moved_statements(analysis)
    shared = shared_all(analysis)
    indexes = [s.index for s in moved]
    uf = _UnionFind(indexes)
    definers: dict[str, list[int]] = {}
    for statement in moved:
        for name in statement.defines:
            definers.setdefault(name, []).append(statement.index)
    for same in definers.values():
        for other in same[1:]:
            uf.union(same[0], other)
    detached = detached_mutations(analysis, moved, definers, cap) if cap is not None else {}
    for statement in moved:
        for name in statement.rebinds:
            for other in definers.get(name, ()):
                uf.union(statement.index, other)
            # Code that only reads it may go elsewhere: when called, it reads it where it lives
            # (see `emit.live_reads`).
            for reader in moved:
                if name in reader.rebinds or (name in together and name in reader.uses_call):
                    uf.union(statement.index, reader.index)
        if _runs_in_facade(statement):
            # Runs in the facade: its `del`s clean the facade's namespace, and `__all__.extend(dir())`
            # must see every name; mutations reach moved objects through the re-exports.
            continue
        for name in (*statement.mutates, *statement.deletes):
            if name == "__all__" and shared is not None:
                continue  # it extends the facade's own list, imported from there
            if name in definers and statement.index not in detached:
                uf.union(statement.index, definers[name][0])
        for name in statement.deletes:
            # `I = OpcodeInfo; opcodes = [I(...)]; del I`: whatever reads the name while the module
            # runs must run before the `del`, so in the same module.
            if name in definers:
                for reader in moved:
                    if reader.index < statement.index and name in reader.uses_import:
                        uf.union(statement.index, reader.index)
    units: dict[int, list[int]] = {}
    for index in indexes:
        units.setdefault(uf.find(index), []).append(index)
    definer = {name: uf.find(found[0]) for name, found in definers.items()}
    graph = nx.DiGraph()
    graph.add_nodes_from(units)
    for statement in moved:
        unit = uf.find(statement.index)
        for name in statement.uses:
            target = definer.get(name)
            if target is None or target == unit:
                continue
            _use(graph, unit, target, name)
    for index, name in detached.items():
        for reader in _after_mutation(moved, index, name, definers[name][0]):
            if uf.find(reader.index) != uf.find(index):
                _use(graph, uf.find(reader.index), uf.find(index), name)
    pinned = _pinned(analysis, units, definer, graph) | _deleted_imports(analysis, moved, uf)
    pinned |= {uf.find(i) for i in name_setters(analysis)}
    pinned |= {uf.find(s.index) for s in moved if _runs_in_facade(s)}
    # Code that finds names by scanning its module (`globals()` in a function, a registry) sees every
    # name only in the facade; so does code handing its module out while it loads (`Enum._convert_`).
    pinned |= {uf.find(s.index) for s in moved if s.hands_out_module or (s.reads_globals and s.defines)}
    # `d = globals(); for ...: d["CO_" + v] = k; del d`: names written through the namespace exist
    # only where this runs, so it runs in the facade (moved readers get them bound late).
    final = set(analysis.final_names())
    for unit, members in units.items():
        if any(analysis.statements[i].introspects for i in members):
            names = {n for i in members for n in analysis.statements[i].defines}
            if names and not names & final:
                pinned.add(unit)
    pinned = _with_dependents(analysis, units, definer, graph, pinned)
    pinned = _lambdas_kept(analysis, units, definer, graph, pinned, uf, moved, cap)
    if kept := _read_in_facade(moved, uf, pinned) - together:
        return build_units(analysis, cap, together | kept)
    lines = {unit: sum(analysis.statements[i].span for i in members) for unit, members in units.items()}
    return UnitGraph(units={u: tuple(m) for u, m in units.items()}, lines=lines, definer=definer,
                     graph=graph, pinned=frozenset(pinned), moved_kinds=frozenset(indexes), detached=detached)


def _lambdas_kept(analysis: ModuleAnalysis, units: dict[int, list[int]], definer: dict[str, int],
                  graph: nx.DiGraph, pinned: set[int], uf: _UnionFind, moved: list[Statement],
                  cap: int | None) -> set[int]:
    """`pinned` plus the module globals bound to a lambda, with what needs them while loading, where
    that keeps at most a module's worth of other code in the facade: a lambda is pickled by value
    with its globals (dill, cloudpickle), by reference only where they are the namespace of the module
    its `__module__` names, the facade's. A compatibility block binding a lambda among the names
    everything uses (bottle's `if py3k:`, 58 lines pulling 1,860 more) would keep the whole module
    there: it moves."""
    lambdas = {uf.find(s.index) for s in moved if s.lambdas} - pinned
    if not lambdas:
        return pinned

    def lines(found: set[int]) -> int:
        return sum(analysis.statements[i].span for u in found for i in units[u])

    grown = _with_dependents(analysis, units, definer, graph, pinned | lambdas)
    # What they pull along may take at most a module's worth of lines (all of it without a limit).
    return grown if cap is None or lines(grown - pinned - lambdas) <= cap else pinned


def _read_in_facade(moved: list[Statement], uf: _UnionFind, pinned: set[int]) -> frozenset[str]:
    """Globals rebound with `global` that the facade's own code reads or rebinds: the facade cannot read
    them from another module when called, so all their code stays in one unit (there)."""
    found = set()
    for statement in moved:
        for name in statement.rebinds:
            code = [s for s in moved if name in s.rebinds or name in s.uses_call or name in s.uses_when_called]
            if any(uf.find(s.index) in pinned for s in code):
                found.add(name)
    return frozenset(found)


def _use(graph: nx.DiGraph, unit: int, target: int, name: str) -> None:
    if graph.has_edge(unit, target):
        graph[unit][target]["names"].add(name)
    else:
        graph.add_edge(unit, target, names={name})


def _mutation_of(statement: Statement) -> str | None:
    """The one name a plain statement changes the object of (`table["x"] = {...}`, `Foo.y = Bar`,
    `table.update(...)`), or None: it binds, deletes or rebinds names, or changes several."""
    if (statement.kind is not StatementKind.CODE or statement.defines or statement.deletes or statement.rebinds
            or statement.introspects or statement.hands_out_module or statement.reads_globals
            or len(set(statement.mutates)) != 1):
        return None
    return statement.mutates[0]


def _after_mutation(moved: list[Statement], index: int, name: str, home: int) -> list[Statement]:
    """What must see the change the statement `index` makes to `name`: the statements after it that
    read `name`, and the functions and classes before it that read it when called (they may be called
    while the module loads); `home` is where `name` is bound."""
    return [s for s in moved if name in s.uses and s.index != home
            and (s.index > index or (s.definition and name not in s.uses_import))]


def detached_mutations(analysis: ModuleAnalysis, moved: list[Statement], definers: dict[str, list[int]],
                       cap: int) -> dict[int, str]:
    """Statements that change a name's object (`module_info[operator] = dict(...)`, toolz) which may
    move apart from its binding, as the unit it would make with them is `cap` lines or more: each is
    placed after its name (it uses it while the module loads) and before what reads it afterwards
    (`_after_mutation`, uses of the name the plan orders like any other). Not when code between the
    binding and the change reads the name while the module loads: it must not see the change.
    Statement index -> the name it changes."""
    found: dict[int, str] = {}
    by_name: dict[str, list[int]] = {}
    for statement in moved:
        name = _mutation_of(statement)
        if name is not None and name in definers and name != "__all__" and len(definers[name]) == 1:
            by_name.setdefault(name, []).append(statement.index)
    spans = {s.index: s.span for s in moved}
    for name, changes in by_name.items():
        home = definers[name][0]
        if spans[home] + sum(spans[i] for i in changes) < cap:
            continue
        changing = set(changes)
        # Code that reads the name while loading, or runs a function of the module that reads it.
        calling = {n for s in moved if name in s.uses_call for n in s.defines}
        readers = [s.index for s in moved if home < s.index < changes[-1] and s.index not in changing
                   and (name in s.uses_import or s.executes & calling)]
        found.update({i: name for i in changes if not any(r < i for r in readers)})
    return found


def _runs_in_facade(statement: Statement) -> bool:
    """Star imports with more code around them that deletes names (`else: del (...)`, datetime), and
    module code that reads the whole namespace (`__all__.extend(dir())`)."""
    return (statement.star_import and bool(statement.deletes)) or (statement.introspects and not statement.defines)


def _with_dependents(analysis: ModuleAnalysis, units: dict[int, list[int]], definer: dict[str, int],
                     graph: nx.DiGraph, pinned: set[int]) -> set[int]:
    """`pinned` plus every unit that cannot run before the facade's own code: it needs, while the module
    loads, a name that code defines (or writes through `globals()`), or it is run while the module loads
    and needs one when called. Such units stay in the facade too; the others get the names late."""
    statements = analysis.statements
    bound = {n for s in statements for n in (*s.defines, *s.deletes)}
    used = {n for s in statements for n in s.uses}
    writes = any(statements[i].introspects or statements[i].hands_out_module for u in pinned for i in units[u])
    stars = any(s.kind is StatementKind.STAR_IMPORT for s in statements)
    unknown = used - bound - MODULE_NAMES if writes and not stars else set()
    running = [s for s in statements if s.kind not in (StatementKind.MAIN_GUARD, StatementKind.TYPE_CHECKING)]
    hot = {definer[n] for s in running for n in s.executes if n in definer}
    for unit in list(hot):
        hot |= nx.descendants(graph, unit)
    pinned = set(pinned)
    shared = shared_all(analysis)
    changed = True
    while changed:
        changed = False
        facade_names = {n for u in pinned for i in units[u] for n in statements[i].defines} | unknown
        if shared is not None:
            facade_names.discard("__all__")  # imported from the facade, which binds it first
        for unit, members in units.items():
            if unit in pinned:
                continue
            early = {n for i in members for n in statements[i].uses_import}
            late = {n for i in members for n in statements[i].uses_call}
            if early & facade_names or (unit in hot and late & facade_names):
                pinned.add(unit)
                changed = True
    return pinned


def name_setters(analysis: ModuleAnalysis) -> tuple[int, ...]:
    """`__name__ = 'decimal'` (as `_pydecimal` does for pickling) applies to the whole module: every new
    module repeats it, so everything keeps the `__module__` the original had."""
    return tuple(
        s.index for s in analysis.statements if s.kind is StatementKind.CODE and s.defines == ("__name__",)
    )


def _deleted_imports(analysis: ModuleAnalysis, moved: list[Statement], uf: _UnionFind) -> set[int]:
    """`del re` after module code used an import: only the facade namespace loses the name."""
    moved_indexes = {s.index for s in moved}
    imported = {
        name for s in analysis.statements
        if s.kind is StatementKind.IMPORT and s.index not in moved_indexes for name in s.defines
    }
    return {
        uf.find(s.index) for s in moved
        if s.kind is StatementKind.CODE and not s.defines and s.deletes and set(s.deletes) <= imported
    }


def _pinned(analysis: ModuleAnalysis, units: dict[int, list[int]], definer: dict[str, int],
            graph: nx.DiGraph) -> set[int]:
    """Units defining `__all__`, `__getattr__` or `__dir__` stay put unless moved code needs them
    (a `shared_all` stays all the same)."""
    pinned = {definer[name] for name in PINNED_NAMES if name in definer}
    kept = {definer["__all__"]} if shared_all(analysis) is not None else set()
    for unit, members in units.items():
        names = {n for i in members for n in analysis.statements[i].defines}
        if names and all(n.startswith("__") and n.endswith("__") for n in names):
            pinned.add(unit)  # `__version__`, `__author__`: metadata of the module users import
    changed = True
    while changed:
        changed = False
        for unit in list(pinned - kept):
            users = set(graph.predecessors(unit)) - pinned
            if users:
                pinned.discard(unit)
                changed = True
    return pinned
