"""The layouts the new planner has to beat, computed in the same run on the same monolith.

- `equal_chunks`: the code statements in source order cut into `k` runs of about equal lines;
- `louvain`: plain Louvain communities (networkx, seed 0) of the graph linking each statement to
  the statements defining the names it mentions;
- `current_planner`: `refactor-tool plan PATH --format json` with the case's limits.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from plan_quality.cases import Case, tool

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


def current_planner(case: Case) -> Planned:
    """Names the plan leaves in the package `__init__` count as one more module, as in the split."""
    result = tool("plan", str(case.path), "--format", "json", "--max-lines", str(case.max_lines),
                  "--max-new-files", str(case.max_new_files))
    if result.returncode != 0:
        raise RuntimeError(json.loads(result.stdout).get("message", result.stderr) if result.stdout else result.stderr)
    plan = json.loads(result.stdout)
    layout: dict[str, str] = {}
    names: dict[str, str] = {}
    for module in plan["modules"]:
        key = module["module"]
        names[key] = key.rsplit(".", 1)[-1]
        layout.update(dict.fromkeys(module["symbols"], key))
    stem = Path(case.path).stem
    for name in case.truth:
        layout.setdefault(name, f"{stem}.__init__")
    names.setdefault(f"{stem}.__init__", "__init__")
    return layout, names
