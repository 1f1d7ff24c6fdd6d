"""Lines a module writes to hand names it binds to modules loaded before it, counted before planning ends.

Generation writes them after a module's statements, where the module that binds a name gives it to
a module loaded earlier (`emit.live_reads.bound_into`): `_alias.check = check` right after the binding
for code of `_alias` run while the package loads (`Statement.uses_while_loading`), and
`_engine_pl.engine = engine` after the class statement for what the methods of a split class's part
module read when called (`emit.part_bindings`); each reader is imported at the top, under a comment.
Which modules load first is known only once the plan is done, so every reader outside the module
counts, and every name bound once for sure: a bound, never short of what is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from refactor_tool.split.plan.parts import LINK
from refactor_tool.split.plan.sizes import WIDTH
from refactor_tool.syntax.facts.model import ModuleAnalysis

#: Characters of the words of the comment above a reader's import, and of one module's name in it.
_COMMENT_WORDS = 100
_MODULE_NAME = 24


def _handed_names(analysis: ModuleAnalysis) -> frozenset[str]:
    """Names generation may hand over: bound by one statement, never rebound, deleted, nor on some paths."""
    changed = {n for s in analysis.statements for n in (*s.rebinds, *s.deletes)}
    conditional = analysis.conditional_names()
    return frozenset(n for n, indexes in analysis.defined.items()
                     if len(indexes) == 1 and n not in changed and n not in conditional)


def handed_lines(analysis: ModuleAnalysis, units: Mapping[int, Iterable[int]], piece_of: Mapping[int, int],
                 hard: nx.DiGraph, soft: nx.DiGraph, keys: set[int], *, parts: bool = True) -> int:
    """The most lines a module of the pieces `keys` writes to hand its names over (see the module's
    docstring): one a reader and name, a reader's import with its comment, two blank lines before
    each statement's hand-over. `parts`: whether it hands names to the part modules of its classes."""
    statements: dict[int, list[int]] = {}
    for unit, piece in piece_of.items():
        statements.setdefault(piece, []).extend(units[unit])
    handable = _handed_names(analysis)
    loading = {p: {n for i in found for n in analysis.statements[i].uses_while_loading}
               for p, found in statements.items()}
    parts = {p: c for c in keys if c in hard for _, p, data in hard.out_edges(c, data=True)
             if LINK in data["names"] and p not in keys} if parts else {}
    handed: dict[int, set[str]] = {}
    after: set[int] = set()
    for key in keys:
        for reader, _, data in (soft.in_edges(key, data=True) if key in soft else ()):
            if reader in keys:
                continue
            names = set(data["names"]) & handable
            names = names if reader in parts else names & loading.get(reader, set())
            if names:
                handed.setdefault(reader, set()).update(names)
            # A part's names go after its class statement, or after their own binding where that comes later.
            after.update(analysis.defined[n][0] for n in names if reader not in parts
                         or analysis.defined[n][0] > min(statements[parts[reader]]))
    if not handed:
        return 0
    running = [names for reader, names in handed.items() if reader not in parts]
    comments = sum(-(-(_COMMENT_WORDS + sum(len(n) + 2 for n in names)) // (WIDTH - 2)) for names in running)
    reading = [reader for reader in handed if reader in parts]
    if reading:  # one import of them all, one comment, the names after the class statement
        comments += 3 + 2 + -(-(len(reading) * _MODULE_NAME) // (WIDTH - 4))
        after.add(-1)
    return sum(len(names) for names in handed.values()) + 2 * len(after) + comments + len(running)
