"""What the class-body split may move out of one class of a module (`classes.keep_rules.BodyRules`).

Most of it holds for the whole module (`module_rules`); per class (`class_rules`): its name, whether
`_sunder_` methods may move, whether `super()` may be written out with the class's name, and which
of its methods that may run while the module loads must stay (`needing_others`).
"""

from __future__ import annotations

import ast
import builtins
import symtable
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

from refactor_tool.split.classes.keep_rules import MODULE_NAMES, BodyRules
from refactor_tool.split.classes.super_calls import uses_class_cell
from refactor_tool.split.emit.source import ORIGIN_FILE
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

BUILTINS = frozenset(dir(builtins))
#: Lines of one home module read live by running methods (`emit.live_reads`): two blank lines, a
#: comment of two or three, and the four lines of the function that finds the module loaded.
LIVE_HOME_LINES = 9


def module_rules(analysis: ModuleAnalysis) -> BodyRules:
    imported = {n for s in analysis.statements if s.kind is StatementKind.IMPORT for n in s.defines}
    rebinders = Counter(n for s in analysis.statements for n in s.rebinds)
    return BodyRules(
        importable=frozenset(imported | BUILTINS | set(analysis.defined)),
        rebound=frozenset(rebinders),
        # Candidates: rebound by one statement (the class's, `body_split` checks the rest) and bound at
        # module level, so that the part module becomes the global's home.
        own_globals=frozenset(n for n, count in rebinders.items() if count == 1 and n in analysis.defined),
        reserved=frozenset(MODULE_NAMES | imported | {ORIGIN_FILE, "TYPE_CHECKING"}),
    )


def class_cell_methods(tree: ast.Module, name: str) -> frozenset[str]:
    """The methods of top-level class `name` that use zero-argument `super()` or `__class__`."""
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    return frozenset(d.name for d in (node.body if node else ()) if isinstance(d, ast.FunctionDef | ast.AsyncFunctionDef)
                     and uses_class_cell(d))


def global_reads(tree: ast.Module, name: str, methods: Collection[str]) -> frozenset[str]:
    """The globals the given methods of top-level class `name` read (their own locals and parameters,
    and those of the functions nested in them, are not globals)."""
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    found: set[str] = set()
    for definition in node.body if node else ():
        if isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef) and definition.name in methods:
            table = symtable.symtable(ast.unparse(definition), "<method>", "exec")
            todo = list(table.get_children())
            while todo:
                scope = todo.pop()
                found |= {s.get_name() for s in scope.get_symbols() if s.is_referenced() and s.is_global()}
                todo.extend(scope.get_children())
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Running:
    """The methods of a class that may run while the module loads (`import_time`) that must stay in
    its class statement when its body splits (`staying`), and for each of those that may move, the
    names it reads of other groups of the module, which its part module imports at its top."""

    staying: frozenset[str]
    imported: Mapping[str, frozenset[str]]

    def imports(self, methods: Collection[str]) -> frozenset[str]:
        """What a part holding `methods` imports at its top for them."""
        return frozenset().union(*(self.imported.get(m, frozenset()) for m in methods))


def needing_others(tree: ast.Module, name: str, running: frozenset[str], group_of: Mapping[str, int],
                   defined: Mapping[str, tuple[int, ...]], *, cautious: bool = False) -> Running:
    """Which methods of class `name` that may run while the module loads stay (RUNS_AT_IMPORT), and
    what the others import: a part module is loaded before its class, while its class's module
    loads.

    - The class itself (by name, or through `super()` or `__class__`): until the package has loaded,
      the class the part has by its name is its own class of methods. Those stay.
    - A name bound with the class (`plan.units`: enum's `Flag` shares a group with `EJECT` and
      `KEEP`, all bound by `Enum = Flag = EJECT = ... = None`): its group is loading whenever they
      run; the part reads it there (`live_reads`).
    - A name of another group bound once: the part imports it at its top, so the plan loads its
      home before the part (and so before every code that may run the method). Where that makes an
      import cycle, the class is planned again `cautious` (they stay, as they read such names).
    - A name of another group bound more than once: it may not be bound yet when they run. Those stay.
    """
    own = group_of.get(name)
    cell = class_cell_methods(tree, name)
    cautious = cautious or is_metaclass(tree, name)  # all of it moves, reading where it lives (`class_rules`)
    staying: set[str] = set()
    imported: dict[str, frozenset[str]] = {}
    for method in running:
        reads = global_reads(tree, name, {method})
        others = frozenset(n for n in reads if n in group_of and group_of[n] != own)
        if method in cell or name in reads or (others and cautious) \
                or any(len(defined.get(n, ())) > 1 for n in others):
            staying.add(method)
        elif others:
            imported[method] = others
    return Running(frozenset(staying), imported)


def is_metaclass(tree: ast.Module, name: str) -> bool:
    """Whether top-level class `name` derives from `type` (all its methods may run while its module
    makes classes with it)."""
    node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
    return node is not None and _derives_from_type(node)


def _derives_from_type(node: ast.ClassDef) -> bool:
    return any(isinstance(b, ast.Name) and b.id == "type" for b in node.bases)


def class_rules(node: ast.ClassDef, analysis: ModuleAnalysis, rules: BodyRules, needing: frozenset[str]) -> BodyRules:
    """`rules` for the class `node`; `needing`: its methods that may run while the module loads and
    read names of other groups (`needing_others`), which stay unless it is a metaclass, all of whose
    methods may run while its module makes classes with it (enum's `EnumType`)."""
    name = node.name
    metaclass = _derives_from_type(node)
    plain = not node.keywords and all(isinstance(b, ast.Name) and b.id in BUILTINS
                                      and b.id not in analysis.defined for b in node.bases)
    members = any(isinstance(t, ast.Name) and not t.id.startswith("_") for s in node.body
                  for t in (s.targets if isinstance(s, ast.Assign) else [getattr(s, "target", None)]))
    return replace(rules, runs_at_import=frozenset() if metaclass else needing, hooks_move=plain or not members,
                   super_by_name=not node.decorator_list and len(analysis.defined.get(name, ())) == 1,
                   reserved=rules.reserved | {name})


def with_live_homes(header: Callable[[frozenset[str]], int], analysis: ModuleAnalysis, name: str,
                    group_of: Mapping[str, int]) -> Callable[[frozenset[str]], int]:
    """`header` plus the lines of the homes its methods read live when they may run while the module
    loads: one per group of the class name and the names bound more than once that they read."""
    live = {n for n, binders in analysis.defined.items() if len(binders) > 1} | {name}
    return lambda reads: header(reads) + LIVE_HOME_LINES * len({group_of.get(n) for n in reads & live})
