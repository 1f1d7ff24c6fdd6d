"""Put a merged module's statements in a random order that still runs: so that source order, which
`merge` keeps grouped by original module, does not give the humans' layout away.

Imports and other header statements stay first; code statements are drawn at random (fixed seed)
among those whose import-time needs are already met (Kahn's algorithm with a random choice).
"""

from __future__ import annotations

import random

import networkx as nx

from refactor_tool.syntax.facts import analyze_module

_HEADER = {"DOCSTRING", "FUTURE", "IMPORT", "STAR_IMPORT", "TYPE_CHECKING"}


def _must_precede(analysis) -> nx.DiGraph:
    """Edges `a -> b`: statement a has to run before statement b (indexes of code statements)."""
    code = [s for s in analysis.statements if s.kind.name == "CODE"]
    graph = nx.DiGraph()
    graph.add_nodes_from(s.index for s in code)
    definers: dict[str, list[int]] = {}
    for statement in code:
        for name in statement.defines:
            definers.setdefault(name, []).append(statement.index)
    calls = {s.index: s.uses for s in code}

    def before(name: str, index: int) -> list[int]:
        return [d for d in definers.get(name, ()) if d < index]

    for statement in code:
        needed = set(statement.uses_import)
        if not analysis.future_annotations:
            needed |= statement.uses_annotation
        needed |= set(statement.mutates) | set(statement.deletes) | set(statement.rebinds)
        needed |= set(statement.defines)  # rebinding a name keeps the order of its bindings
        # What runs at import time may call functions: everything they reach must exist already.
        pending, seen = list(statement.executes), set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            needed.add(name)
            for definer in definers.get(name, ()):
                pending.extend(calls[definer])
        for name in needed:
            for definer in before(name, statement.index):
                graph.add_edge(definer, statement.index)
        for name in (*statement.mutates, *statement.deletes):
            for later in code:
                if later.index > statement.index and name in later.uses_import:
                    graph.add_edge(statement.index, later.index)
    return graph


def shuffled(source: str, path: str, seed: int) -> str:
    analysis = analyze_module(source, path)
    lines = source.splitlines(keepends=True)
    chunks: dict[int, str] = {}
    previous = 0
    for statement in analysis.statements:
        chunks[statement.index] = "".join(lines[previous:statement.end])
        previous = statement.end
    tail = "".join(lines[previous:])
    header = [s.index for s in analysis.statements if s.kind.name in _HEADER]
    last = [s.index for s in analysis.statements if s.kind.name == "MAIN_GUARD"]
    graph = _must_precede(analysis)
    chooser = random.Random(seed)
    ready = sorted(n for n in graph if graph.in_degree(n) == 0)
    waiting = {n: graph.in_degree(n) for n in graph}
    order: list[int] = []
    while ready:
        node = ready.pop(chooser.randrange(len(ready)))
        order.append(node)
        for user in sorted(graph.successors(node)):
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    body = [chunks[i] for i in (*header, *order, *last)]
    return "".join(_separated(body)) + tail


def _separated(chunks: list[str]) -> list[str]:
    """Each chunk ends with a newline and is set off by a blank line, as the original spacing moved."""
    result = []
    for chunk in chunks:
        text = chunk.strip("\n")
        result.append(text + "\n\n\n" if text.lstrip().startswith(("def ", "class ", "@", "async ")) else text + "\n\n")
    return result
