"""One line per planned module saying why its definitions belong together.

The line joins how the name was chosen (a section comment, a shared word, the dominant class) with
the strongest kind of link inside the group, read off the affinity graph's signals: the definition
most of the others use, a class hierarchy, shared vocabulary, or the author's own grouping.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from refactor_tool.split.plan.pieces import Piece

_LINKS = {"uses": "uses or is used by", "inheritance": "shares a class hierarchy with",
          "attributes": "reads attributes of or is read by"}
_SHARED = {"words": "identifier words", "docstrings": "docstring vocabulary"}


def reason(members: list[Piece], affinity: nx.Graph, how: str) -> str:
    """`how` the name was chosen, and the strongest link inside the group."""
    keys = {p.key for p in members}
    inner = affinity.subgraph(keys)
    signals: Counter[str] = Counter()
    for _, _, data in inner.edges(data=True):
        for signal, weight in data["signals"].items():
            signals[signal] += weight
    if len(members) == 1:
        return how
    if not signals:
        return f"{how}; the rest is linked to nothing else"
    signal = signals.most_common(1)[0][0]
    if signal in _LINKS:
        by_key = {p.key: p for p in members}
        links = nx.Graph(((a, b) for a, b, d in inner.edges(data=True) if signal in d["signals"]))
        hub = max(sorted(links), key=lambda k: (links.degree(k), by_key[k].lines))
        label = by_key[hub].names[0] if by_key[hub].names else f"the code at line {by_key[hub].first_line}"
        return f"{how}; {label} {_LINKS[signal]} {links.degree(hub)} of the other {len(keys) - 1}"
    if signal == "order":
        return f"{how}; written together in the source"
    return f"{how}; they share {_SHARED.get(signal, signal)}"
