"""Module names a maintainer would choose, and one line saying why the group belongs together.

A name comes from, in turn: the section comment most of the group sits under, when one of its words
is in the group's names (`# ---- stock ledger` over `StockLedger` -> `ledger`); a word most of the
group's names share (`InventoryError`, `UnitError` -> `errors`); the head word of its dominant class
or function (`PdfFileReader` -> `reader`); `constants` for plain data. Never a fragment of a
private helper's name.
"""

from __future__ import annotations

import keyword
from collections import Counter

import networkx as nx

from .features import Features, words
from .model import Unit

#: Words too vague to name a module.
GENERIC = frozenset(
    "get set is has to from make new base default init data value values type types object impl "
    "mixin abstract helper func function class item items info util the of and or for with in on by "
    "as at do run main kind do any all".split())


def plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _name_words(name: str) -> list[str]:
    """Words of a name, with adjacent pairs joined too (`PVector` -> p, vector, pvector)."""
    found = words(name)
    return [*found, *(a + b for a, b in zip(found, found[1:]))]


def _usable(word: str) -> bool:
    return len(word) >= 3 and word not in GENERIC and not word.isdigit() and word.isidentifier() \
        and not keyword.iskeyword(word)


def _head(name: str) -> str | None:
    """The last word that says something: `PdfFileReader` -> reader, `PageObject` -> page."""
    for word in reversed(words(name)):
        if _usable(word):
            return word
    return None


def _shared_word(names: list[str]) -> tuple[str, int, bool] | None:
    """The word most names contain (ties: one that ends names), if at least 40 % contain it."""
    counts: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    for name in names:
        counts.update(w for w in set(_name_words(name)) if _usable(w))
        head = _head(name)
        if head:
            heads[head] += 1
    if not counts:
        return None
    word = max(sorted(counts), key=lambda w: (counts[w], heads[w], len(w)))
    if counts[word] * 5 < len(names) * 2 or (len(names) > 1 and counts[word] < 2):
        return None
    return word, counts[word], heads[word] >= 2


def propose(units: list[Unit], features: dict[int, Features], titles: Counter[str],
            uses_argparse: bool) -> tuple[str, str]:
    """(name, how it was chosen) for a group of units."""
    names = [n for u in units for n in u.names if not (n.startswith("__") and n.endswith("__"))]
    total = sum(u.lines for u in units) or 1
    name_words = Counter(w for n in names for w in set(_name_words(n)))
    if titles:
        title, lines = titles.most_common(1)[0]
        candidates = [w for w in title.split() if _usable(w) and (
            name_words[w] or name_words[w.rstrip("s")] or name_words[w[:-3] + "y" if w.endswith("ies") else w])]
        if lines * 5 >= total * 3 and candidates:
            word = max(reversed(candidates), key=lambda w: name_words[w] + name_words[w.rstrip("s")])
            return word, f"under the section comment '{title}'"
    if uses_argparse and any(n == "main" for n in names):
        return "cli", "the command line: `main` and its argument parsing"
    shared = _shared_word(names)
    if shared:
        word, count, is_head = shared
        return (plural(word) if is_head else word), f"{count} of {len(names)} names share the word '{word}'"
    definitions = [u for u in units if u.kind in ("class", "function")]
    if definitions:
        public = [u for u in definitions if not u.names[0].startswith("_")] or definitions
        biggest = max(public, key=lambda u: u.lines)
        head = _head(biggest.names[0]) or "part"
        return head, f"{biggest.names[0]} ({biggest.lines} lines) and what goes with it"
    return "constants", "module-level data"


def reason(units: list[Unit], affinity: nx.Graph, how: str) -> str:
    """One line: how the name was chosen, and the strongest link inside the group."""
    keys = {u.key for u in units}
    signals: Counter[str] = Counter()
    for a, b, data in affinity.subgraph(keys).edges(data=True):
        for signal, weight in data["signals"].items():
            signals[signal] += weight
    by_key = {u.key: u for u in units}
    if not signals:
        return how
    signal = signals.most_common(1)[0][0]
    if signal in ("uses", "inheritance", "attributes"):
        inner = affinity.subgraph(keys)
        hub = max(sorted(keys), key=lambda k: inner.degree(k, weight="weight"))
        label = by_key[hub].names[0] if by_key[hub].names else f"line {by_key[hub].first_line}"
        link = {"uses": "used with", "inheritance": "and its subclasses/bases",
                "attributes": "and the code reading its attributes"}[signal]
        return f"{how}; {label} {link} {inner.degree(hub)} of the other {len(keys) - 1}"
    if signal == "order":
        return f"{how}; written together in the source"
    return f"{how}; shared {signal}"


def unique(name: str, taken: set[str], units: list[Unit]) -> str:
    if name not in taken:
        return name
    for unit in sorted(units, key=lambda u: -u.lines):
        for word in words(unit.names[0]) if unit.names else ():
            candidate = f"{name}_{word}" if word != name else ""
            if candidate and candidate.isidentifier() and candidate not in taken:
                return candidate
    number = 2
    while f"{name}_{number}" in taken:
        number += 1
    return f"{name}_{number}"
