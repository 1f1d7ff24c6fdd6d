"""One weighted graph of how strongly each pair of pieces belongs together.

Signals, each scaled to about 1 for a typical link before weighting: uses (calls count more than
import-time uses such as base classes and decorators, which use an interface), inheritance,
attributes one piece reads that only a few classes provide, shared identifier
words and docstring vocabulary (TF-IDF cosine, strongest neighbours only), and, as far as the
source order looks deliberate (see `order_locality`), neighbours in the file and shared sections.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from refactor_tool.split.plan.features import Features, chapters
from refactor_tool.split.plan.pieces import REGISTERS_AFTER, Pieces

#: A modularity gain of the source's runs over random ones below the floor says nothing; a gain
#: of floor + span is a fully deliberate order.
LOCALITY_FLOOR = 0.035
LOCALITY_SPAN = 0.1
#: Random orders the source's order is compared with: it must beat all of them (p < 1 / 21).
SHUFFLES = 20


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each signal counts (`benchmarks/tune_plan_weights.py` measures the choice), and
    `near_best`: partitions within this share of the best modularity count as just as good."""

    import_use: float = 0.5
    call_use: float = 1.0
    inheritance: float = 2.0
    attribute: float = 0.0
    name_words: float = 1.0
    doc_words: float = 2.0
    neighbour: float = 1.0
    section: float = 1.0
    section_clique: float = 3.0
    neighbours_kept: int = 5
    raising: float = 0.3
    near_best: float = 0.98


_ERROR_SUFFIXES = ("Error", "Exception", "Warning", "Exit", "Interrupt")


def exception_classes(pieces: Pieces, features: dict[int, Features], keys: list[int]) -> set[int]:
    """Classes deriving, here or in a library, from an exception class."""
    defined = {name: key for key in keys for name in pieces.pieces[key].names}
    found: set[int] = set()
    changed = True
    while changed:
        changed = False
        for key in keys:
            if key in found or pieces.pieces[key].kind != "class":
                continue
            bases = features[key].bases
            if any(b.endswith(_ERROR_SUFFIXES) or b == "BaseException" for b in bases if b not in defined) \
                    or any(defined[b] in found for b in bases if b in defined):
                found.add(key)
                changed = True
    return found


def order_locality(pieces: Pieces, links: nx.Graph, keys: list[int]) -> float:
    """How much the author's order says about what belongs together: 0 when runs of the source
    hold no more of the other links than random sets of units do, 1 when they clearly do.

    The modularity of the file cut into about sqrt(n/2) runs is compared with that of the same cut
    of random orders that would run too (definitions still before their import-time uses), since
    any working order keeps some of that locality.
    """
    ordered = sorted(keys, key=lambda k: pieces.pieces[k].first_line)
    count = len(ordered)
    if count < 6 or links.number_of_edges() == 0:
        return 0.0
    runs = max(2, round(math.sqrt(count / 2)))

    def quality(order: list[int]) -> float:
        parts = [set(order[i * count // runs:(i + 1) * count // runs]) for i in range(runs)]
        return nx.community.modularity(links, parts, weight="weight")

    shuffles = sorted(quality(_random_order(pieces, keys, seed)) for seed in range(SHUFFLES))
    own = quality(ordered)
    if own <= shuffles[-1]:  # a random order does as well: the order says nothing
        return 0.0
    gain = own - sum(shuffles) / len(shuffles)
    return max(0.0, min(1.0, (gain - LOCALITY_FLOOR) / LOCALITY_SPAN))


def _random_order(pieces: Pieces, keys: list[int], seed: int) -> list[int]:
    """A random order of `keys` in which every piece comes after what it needs at import time."""
    needs = pieces.hard.subgraph(keys)
    waiting = {k: needs.out_degree(k) for k in keys}
    ready = sorted(k for k in keys if waiting[k] == 0)
    chooser = random.Random(seed)
    order = []
    while ready:
        unit = ready.pop(chooser.randrange(len(ready)))
        order.append(unit)
        for user in sorted(needs.predecessors(unit)):
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return order + [k for k in keys if k not in set(order)]


def _tfidf(bags: dict[int, Counter[str]]) -> dict[int, dict[str, float]]:
    documents = len(bags)
    frequency: Counter[str] = Counter()
    for bag in bags.values():
        frequency.update(set(bag))
    vectors = {}
    for key, bag in bags.items():
        vector = {w: (1 + math.log(c)) * math.log(documents / frequency[w]) for w, c in bag.items()
                  if frequency[w] < documents / 2 or documents < 6}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        vectors[key] = {w: x / norm for w, x in vector.items()}
    return vectors


def _similar(bags: dict[int, Counter[str]], kept: int) -> dict[tuple[int, int], float]:
    """Cosine similarity of TF-IDF vectors, each unit keeping its `kept` most similar neighbours."""
    vectors = _tfidf(bags)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for key, vector in vectors.items():
        for word, x in vector.items():
            postings[word].append((key, x))
    scores: dict[int, Counter[int]] = defaultdict(Counter)
    for entries in postings.values():
        for a, x in entries:
            for b, y in entries:
                if a != b:
                    scores[a][b] += x * y
    pairs: dict[tuple[int, int], float] = {}
    for a, row in scores.items():
        for b, score in row.most_common(kept):
            if score > 0.05:
                pair = (min(a, b), max(a, b))
                pairs[pair] = max(pairs.get(pair, 0.0), score)
    return pairs


def affinity(pieces: Pieces, features: dict[int, Features], keys: list[int],
             weights: Weights | None = None) -> nx.Graph:
    """Pieces linked by how strongly they belong together; each edge also says by which signals."""
    weights = weights or Weights()
    result = nx.Graph()
    result.add_nodes_from(keys)
    inside = set(keys)

    def add(a: int, b: int, weight: float, signal: str) -> None:
        if a == b or a not in inside or b not in inside or weight <= 0:
            return
        if result.has_edge(a, b):
            result[a][b]["weight"] += weight
            result[a][b]["signals"][signal] = result[a][b]["signals"].get(signal, 0.0) + weight
        else:
            result.add_edge(a, b, weight=weight, signals={signal: weight})

    errors = exception_classes(pieces, features, keys)
    for uses in (pieces.hard, pieces.soft):
        for u, v, data in uses.edges(data=True):
            # loading after another registration of the same key is no use of it (what it calls is)
            if u in inside and v in inside and (data["names"] != {REGISTERS_AFTER} or data["counted"]):
                weight = weights.import_use if data["eager"] else weights.call_use
                # raising an error is using the error interface, not cohesion
                add(u, v, weight * (weights.raising if v in errors and u not in errors else 1.0), "uses")
    defined = {name: key for key in keys for name in pieces.pieces[key].names}
    providers: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        for attribute in features[key].provides:
            providers[attribute].append(key)
        for base in features[key].bases:
            if base in defined:
                add(key, defined[base], weights.inheritance, "inheritance")
    for key in keys:
        for attribute in features[key].reads:
            owners = providers.get(attribute, ())
            if 0 < len(owners) <= 2 and not attribute.startswith("__"):
                for owner in owners:
                    add(key, owner, weights.attribute / len(owners), "attributes")
    name_bags = {k: Counter({w: 3 * c for w, c in features[k].name_words.items()}) + features[k].body_words
                 for k in keys}
    for (a, b), score in _similar(name_bags, weights.neighbours_kept).items():
        add(a, b, weights.name_words * score, "words")
    doc_bags = {k: features[k].doc_words for k in keys if features[k].doc_words}
    for (a, b), score in _similar(doc_bags, weights.neighbours_kept).items():
        add(a, b, weights.doc_words * score, "docstrings")
    locality = order_locality(pieces, result, keys)
    if locality > 0:
        ordered = sorted(keys, key=lambda k: pieces.pieces[k].first_line)
        for a, b in itertools.pairwise(ordered):
            same = features[a].section == features[b].section
            add(a, b, locality * (weights.neighbour + weights.section if same else weights.neighbour * 0.25),
                "order")
        members: dict[int, list[int]] = defaultdict(list)
        for key, chapter in chapters(features, keys).items():
            if chapter >= 0:
                members[chapter].append(key)
        for chapter in members.values():  # the author's chapters: each piece gets `section_clique`
            for i, a in enumerate(chapter):
                for b in chapter[i + 1:]:
                    add(a, b, locality * weights.section_clique / (len(chapter) - 1), "order")
    result.graph["locality"] = locality
    return result
