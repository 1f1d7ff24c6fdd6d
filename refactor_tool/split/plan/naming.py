"""Meaningful snake_case names for new modules, drawn from what they hold.

Classes sharing a last word (`_StoreAction`, `_AppendAction`) that make up half the module name it
in the plural (`actions`); otherwise the largest public definition does; plain data is `constants`.
"""

from __future__ import annotations

import keyword
import re
from collections import Counter
from collections.abc import Iterable

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def words(name: str) -> list[str]:
    return [w.lower() for part in name.strip("_").split("_") for w in _WORDS.findall(part)]


def snake(name: str) -> str:
    found = words(name)
    return "_".join(found) if found else "part"


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def propose(classes: list[tuple[str, int]], functions: list[tuple[str, int]]) -> str:
    """A name for a module from its classes and functions, each given as (name, lines)."""
    if len(classes) >= 2:
        weight: Counter[str] = Counter()
        count: Counter[str] = Counter()
        for name, lines in classes:
            if words(name):
                weight[words(name)[-1]] += lines
                count[words(name)[-1]] += 1
        word, lines = weight.most_common(1)[0]
        total = sum(n for _, n in (*classes, *functions))
        if count[word] >= 2 and lines * 2 >= total:
            return _plural(word)
    definitions = [*classes, *functions]
    if definitions:
        public = [d for d in definitions if not d[0].startswith("_")] or definitions
        return snake(max(public, key=lambda d: d[1])[0])
    return "constants"


def unique(base: str, taken: Iterable[str], private: bool) -> str:
    """`base` made a valid, unused module name (`_` prefix in package layout keeps submodules private)."""
    taken = set(taken)
    stem = base if base.isidentifier() and not keyword.iskeyword(base) else f"{base}_"
    if not stem.isidentifier():
        stem = "part"
    candidate = f"_{stem}" if private else stem
    if candidate in taken:
        candidate = f"_{_plural(stem)}" if private else _plural(stem)
    number = 2
    while candidate in taken:
        candidate = f"_{stem}_{number}" if private else f"{stem}_{number}"
        number += 1
    return candidate
