"""The layouts the new planner has to beat, computed in the same run on the same monolith.

- `equal_chunks`: the code statements in source order cut into `k` runs of about equal lines;
- `louvain`: plain Louvain communities (networkx, seed 0) of the graph linking each statement to
  the statements defining the names it mentions.

(The planner before issue 11, which cut the dependency order into contiguous pieces filling the line
budget, was a third baseline; it is gone from the tool, its last figures are in the closing note.)
"""

from __future__ import annotations

import networkx as nx
from plan_quality.cases import Case

from refactor_tool.syntax.facts import analyze_module

#: A planned layout: name -> planned module, and each planned module's name (None: it has none).
Planned = tuple[dict[str, str], dict[str, str] | None]


def _code(case: Case):
    analysis = analyze_module(case.path.read_text(encoding="utf-8"), str(case.path))
    return [s for s in analysis.statements if s.kind.name == "CODE"]


def equal_chunks(case: Case) -> Planned:
    code = _code(case)
    total = sum(s.span for s in code)
    layout: dict[str, str] = {}
    seen = 0
    for statement in code:
        chunk = min(case.max_new_files - 1, int(seen * case.max_new_files / max(total, 1)))
        for name in statement.defines:
            layout.setdefault(name, f"chunk{chunk}")
        seen += statement.span
    return layout, None


def louvain(case: Case) -> Planned:
    code = _code(case)
    definer: dict[str, int] = {}
    for statement in code:
        for name in statement.defines:
            definer.setdefault(name, statement.index)
    graph = nx.Graph()
    graph.add_nodes_from(s.index for s in code)
    for statement in code:
        for name in statement.uses:
            target = definer.get(name)
            if target is not None and target != statement.index:
                graph.add_edge(statement.index, target)
    where = {}
    for number, community in enumerate(nx.community.louvain_communities(graph, seed=0)):
        where.update(dict.fromkeys(community, f"community{number}"))
    layout: dict[str, str] = {}
    for statement in code:
        for name in statement.defines:
            layout.setdefault(name, where[statement.index])
    return layout, None
