"""What the class-body split may move out of one class of a module (`classes.keep_rules.BodyRules`).

Most of it holds for the whole module (`module_rules`); per class (`class_rules`): its name, whether
`_sunder_` methods may move, whether `super()` may be written out with the class's name, and which
of its methods that may run while the module loads must stay (`needing_others`).
"""

from __future__ import annotations

import ast
import builtins
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace

from refactor_tool.split.classes.import_time import names_read
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


def needing_others(tree: ast.Module, name: str, running: frozenset[str], group_of: Mapping[str, int]) -> frozenset[str]:
    """The methods of class `name` that may run while the module loads and read a module name bound
    outside the class's own group of statements (`plan.units`: enum's `Flag` shares one with `EJECT`
    and `KEEP`, all bound by `Enum = Flag = EJECT = ... = None`), or the class itself (by name, or
    through `super()` or `__class__`). Those stay (RUNS_AT_IMPORT): a part module is loaded before its
    class, and only the class's own group is sure to be loading whenever they run, where the part
    reads those names (`live_reads`); the class the part has by its name until the package has loaded
    is its own class of methods."""
    own = group_of.get(name)
    cell = class_cell_methods(tree, name)
    return frozenset(m for m in running if m in cell or any(
        n == name or group_of.get(n, own) != own for n in names_read(tree, {name: frozenset([m])}).get(name, ())))


def class_rules(node: ast.ClassDef, analysis: ModuleAnalysis, rules: BodyRules, needing: frozenset[str]) -> BodyRules:
    """`rules` for the class `node`; `needing`: its methods that may run while the module loads and
    read names of other groups (`needing_others`), which stay unless it is a metaclass, all of whose
    methods may run while its module makes classes with it (enum's `EnumType`)."""
    name = node.name
    metaclass = any(isinstance(b, ast.Name) and b.id == "type" for b in node.bases)
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
