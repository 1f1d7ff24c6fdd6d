"""Module names a maintainer would choose for a group of definitions: valid, unique, never mangled.

A name comes from, in turn: the section comment most of the group sits under, when one of its words
is in the group's names (`# ---- stock ledger` over `StockLedger` -> `ledger`), after `constants` for
plain data; the agent noun of the verb most of its functions start with, where the module spells it
(`parse_value`, `parse_array` -> `parser`), `conversions` for functions turning one thing into another
(`hex_to_rgb`, `rgb_to_name`), a word most of the group's names share (`InventoryError`,
`UnitError` -> `errors`), the head word of a large class or function (`PdfFileReader` -> `reader`)
and a global its code rebinds with `global`, with the code using it (`TZPATH` -> `tzpath`),
whichever describes more of the group's lines; that of the definition the others use or are used
by; that of a class among small functions (`JSONDecoder` -> `decoder`), before `utils`; `core`
for most of the module's code with no theme of its own. Never a fragment of a private helper's name.
"""

from __future__ import annotations

import itertools
import keyword
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from refactor_tool.split.plan.features import words
from refactor_tool.split.plan.pieces import Piece
from refactor_tool.syntax.facts.model import Statement

_LOWER = re.compile(r"\b[a-z][a-z0-9_]*\b")

#: Words too vague to name a module.
GENERIC = frozenset(
    ["get", "set", "is", "has", "to", "from", "make", "new", "base", "default", "init", "data", "value", "values", "type", "types", "object", "impl", "mixin", "abstract", "helper", "func", "function", "class", "item", "items", "info", "util", "the", "of", "and", "or", "for", "with", "in", "on", "by", "as", "at", "do", "run", "main", "kind", "do", "any", "all"])
#: Words of section titles that say what kind of code follows, not what it is about.
TITLE_GENERIC = frozenset(["functions", "function", "methods", "method", "classes", "routines", "code", "stuff", "misc", "miscellaneous", "definitions", "implementation", "public", "private", "internal", "following", "various", "other", "some", "api"])
#: Endings of exception classes' names.
_ERROR_ENDINGS = ("Error", "Exception", "Warning")
#: A section title longer than this is a sentence, not a title to name a module after.
TITLE_WORDS = 4


def plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


#: Prefixes that run into the word they qualify in lower-case names (`iscoroutine`, `getvalue`).
_RUN_IN = ("is", "has", "get", "set", "to", "make", "new")


def _name_words(name: str) -> list[str]:
    """Words of a name, with adjacent pairs joined too (`PVector` -> p, vector, pvector), and a word
    run into a prefix set apart (`iscoroutine` -> coroutine)."""
    found = words(name)
    apart = [w[len(p):] for w in found for p in _RUN_IN if w.startswith(p) and len(w) - len(p) >= 4]
    return [*found, *(a + b for a, b in itertools.pairwise(found)), *apart]


def _usable(word: str) -> bool:
    return len(word) >= 3 and word not in GENERIC and not word.isdigit() and word.isidentifier() \
        and not keyword.iskeyword(word)


def _split(name: str, known: frozenset[str]) -> list[str]:
    """`words(name)`, with an acronym run into the next word set right when the module's vocabulary
    says so: `URLopener` -> url, opener (not ur, lopener)."""
    found = words(name)
    for i in range(len(found) - 1):
        left, right = found[i], found[i + 1]
        if known and right not in known and right[1:] in known and len(right) > 2:
            found[i], found[i + 1] = left + right[0], right[1:]
    return found


def _head(name: str, known: frozenset[str] = frozenset()) -> str | None:
    """The last word that says something: `PdfFileReader` -> reader, `PageObject` -> page; or the
    whole name where the module also spells it in lower case (`PVector` and `pvector()`)."""
    whole = name.strip("_").lower()
    if known and whole in known and _usable(whole) and whole != name and len(words(name)) > 1:
        return whole
    if re.fullmatch(r"_*[A-Z][a-z]+", name) and _usable(whole):
        return whole  # one capitalised word (`Stack`, `Ledger`) is a word, whatever else the module spells
    for word in reversed(_split(name, known)):
        if _usable(word) and (not known or word in known):
            return word
    return None


def qualifier(name: str, base: str, known: frozenset[str] = frozenset()) -> str | None:
    """The word a subclass adds in front of its base's name, where the module spells it:
    `ThreadPoolExecutor(Executor)` -> thread, `TimestampSigner(Signer)` -> timestamp. Maintainers
    name an implementation's module by it (concurrent.futures' `thread.py`, `process.py`)."""
    own, inherited = words(name), words(base)
    if not inherited or len(own) <= len(inherited) or own[-len(inherited):] != inherited:
        return None
    first = own[0]
    return first if _usable(first) and (not known or first in known) else None


def _shared_word(names: list[str], vocabulary: frozenset[str]) -> tuple[str, int, bool] | None:
    """The word most names contain, if at least 40 % (and two) do; ties: a word that is itself one
    of the names (`pvector`), then one that ends names (`...Error`). Only words the module also
    uses on their own count, so an acronym run into a word (`URLopener`) never gives `lopener`."""
    counts: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    lowered = {n.strip("_").lower() for n in names}
    for name in names:
        counts.update(w for w in set(_name_words(name)) if _usable(w) and w in vocabulary)
        head = _head(name)
        if head:
            heads[head] += 1
    if not counts:
        return None
    word = max(sorted(counts), key=lambda w: (counts[w], w in lowered, heads[w], len(w)))
    if counts[word] * 5 < len(names) * 2 or (len(names) > 1 and counts[word] < 2):
        return None
    return word, counts[word], heads[word] >= 2


def _stem(word: str) -> str:
    """`quoting`, `quote`, `quotes` -> `quot`: enough to see a title word among the names."""
    for suffix in ("ing", "ies", "ion", "es", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _same_word(a: str, b: str) -> bool:
    """`normalization` and `normalize`, `quoting` and `quote`: one word in two forms."""
    if _stem(a) == _stem(b):
        return True
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common >= 6 or (common >= 5 and common * 4 >= max(len(a), len(b)) * 3)


def _from_title(titles: Counter[str], total: int, name_words: Counter[str]) -> tuple[str, str] | None:
    """A word of the section comment most of the group sits under, if the group's names use it."""
    if not titles:
        return None
    title, lines = titles.most_common(1)[0]

    def used(word: str) -> int:
        return sum(count for name_word, count in name_words.items() if _same_word(word, name_word))

    if lines * 5 < total * 3:
        return None
    candidates = [w for w in title.split() if _usable(w) and w not in TITLE_GENERIC and used(w)]
    if not candidates:
        return None
    word = max(reversed(candidates), key=used)
    return word, f"under the section comment '{title}'"


def _title_word(titles: Counter[str], total: int) -> tuple[str, str] | None:
    """The last telling word of the section most of the group sits under (`shared helpers`)."""
    if not titles:
        return None
    title, lines = titles.most_common(1)[0]
    usable = [w for w in title.split() if _usable(w) and w not in TITLE_GENERIC]
    if lines * 5 < total * 3 or not usable or len(title.split()) > TITLE_WORDS:
        return None
    return usable[-1], f"under the section comment '{title}'"


def _agent_nouns(verb: str) -> list[str]:
    """`parse` -> parser, `scan` -> scanner, `validate` -> validator, `render` -> renderer."""
    forms = [verb + "r"] if verb.endswith("e") else [verb + "er", verb + verb[-1] + "er"]
    if verb.endswith("ate"):
        forms.insert(0, verb[:-1] + "or")
    return forms


def _agent_noun(functions: list[Piece], known: frozenset[str]) -> tuple[tuple[str, str], int] | None:
    """The agent noun of the verb at least 40 % (and three) of the functions start with, where the
    module spells that noun itself (`parse_value`, `parse_array`, `parse_key` -> `parser`), and
    the lines of those functions."""
    starts = {u.key: found[0] for u in functions if len(found := words(u.names[0])) > 1}
    verbs = Counter(starts.values())
    if not verbs:
        return None
    verb, count = verbs.most_common(1)[0]
    if count < 3 or count * 5 < len(functions) * 2 or not _usable(verb):
        return None
    noun = next((form for form in _agent_nouns(verb) if form in known), None)
    if noun is None:
        return None
    lines = sum(u.lines for u in functions if starts.get(u.key) == verb)
    return (noun, f"{count} of {len(functions)} functions {verb} something"), lines


def _conversions(functions: list[Piece]) -> tuple[int, tuple[str, str]] | None:
    """`conversions` when at least half (and three) of the public functions turn one thing into
    another (`hex_to_rgb`, `rgb_to_name`), and the lines of those functions."""
    public = [u for u in functions if not u.names[0].startswith("_")]
    converting = [u for u in public if "_to_" in u.names[0].strip("_")]
    if len(converting) < 3 or len(converting) * 2 < len(public):
        return None
    lines = sum(u.lines for u in converting) + 1  # before the word they share (`rgb`) on the same lines
    return lines, ("conversions", f"{len(converting)} of {len(public)} functions convert one thing into another")


def definitions(pieces: list[Piece], statements: tuple[Statement, ...]) -> list[Piece]:
    """The group's definitions one by one: a piece of several statements that use each other
    (a class and the helpers it calls while loading) is named after the largest of them, not
    after the first."""
    found: list[Piece] = []
    for piece in pieces:
        named = [statements[i] for i in piece.statements if statements[i].defines]
        if len(named) <= 1:
            found.append(piece)
            continue
        for statement in named:
            kind = "class" if statement.definition == "class" else "function" if statement.definition else "data"
            found.append(Piece(key=piece.key, units=piece.units, statements=(statement.index,),
                               names=statement.defines, lines=statement.end - statement.start + 1,
                               first_line=statement.start, kind=kind))
    return found


def candidates(units: list[Piece], titles: Counter[str], uses_argparse: bool, errors: int,
               vocabulary: frozenset[str] = frozenset(),
               hub: tuple[Piece, int] | None = None, share: float = 0.0,
               state: int = 0, qualified: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, how it was chosen) for a group of units, best first: the next one serves when a
    better one is taken. `errors`: how many of the units are exception classes; `vocabulary`:
    words the module uses alone; `hub`: the definition most of the others use or are used by,
    and by how many; `share`: the part of the module's lines the group holds; `state`: where the
    hub holds module state that its own code rebinds, the lines of it and of the code linked to
    it, a theme like the others (what revolves around a setting is about it); `qualified`: a
    subclass named after its base in the module -> the word it adds (see `qualifier`), which names
    it as a theme."""
    names = [n for u in units for n in u.names if not (n.startswith("__") and n.endswith("__"))]
    total = sum(u.lines for u in units) or 1
    name_words = Counter(w for n in names for w in set(_name_words(n)))
    found: list[tuple[str, str]] = []
    data = sum(u.lines for u in units if u.kind == "data")
    data_names = sum(len(u.names) for u in units if u.kind == "data")
    if data * 5 >= total * 4 or (data_names * 5 >= len(names) * 4 and data * 2 >= total):
        found.append(("constants", "module-level data"))
    title = _from_title(titles, total, name_words)
    if title:
        found.append(title)
    classes = [u for u in units if u.kind == "class"]
    if classes and errors * 5 >= len(classes) * 3 and errors * 2 >= len(units):
        class_names = [u.names[0] for u in classes]
        warnings = sum(n.endswith("Warning") for n in class_names)
        # `exceptions` is what most projects call the module (asyncio, concurrent.futures, requests).
        word = "warnings" if warnings * 2 > len(class_names) else "exceptions"
        found.append((word, f"{errors} exception classes"))
    if uses_argparse and any(n == "main" or n.startswith("cmd_") for n in names):
        found.append(("cli", "the command line: `main` and its argument parsing"))
    loose_title = _title_word(titles, total)
    if loose_title and not title:
        found.append(loose_title)
    definitions = sorted((u for u in units if u.kind in ("class", "function")), key=lambda u: -u.lines)
    heads = [(u, _head(u.names[0], vocabulary)) for u in definitions]
    heads = [(u, h) for u, h in heads if h]
    # Themes, the one describing most of the group's lines first (ties: verb, shared word, definition).
    themes: list[tuple[int, tuple[str, str]]] = []
    agent = _agent_noun([u for u in definitions if u.kind == "function"], vocabulary)
    if agent:
        themes.append((agent[1], agent[0]))
    conversions = _conversions([u for u in definitions if u.kind == "function"])
    if conversions:
        themes.append(conversions)
    shared = _shared_word(names, vocabulary or frozenset(name_words))
    if shared:
        word, count, is_head = shared
        # two names sharing a word are no theme beside a large definition (`Spawn`, `_spawn_helper`)
        lines = sum(u.lines for u in units if any(word in _name_words(n) for n in u.names)) if count >= 3 else 0
        themes.append((lines, ((plural(word) if is_head else word), f"{count} of {len(names)} names share the word '{word}'")))
    hub_head = _head(hub[0].names[0], vocabulary) if hub is not None else None
    if hub is not None and hub_head and state:
        themes.append((state, (hub_head, f"{hub[0].names[0]}, a global rebound with `global`, and the code using it")))
    for unit, head in heads[:3]:
        if unit.lines * 10 >= total * 3:
            word = (qualified or {}).get(unit.names[0], head)
            themes.append((unit.lines, (word, f"{unit.names[0]} ({unit.lines} of {total} lines) and what it uses")))
    found.extend(option for _, option in sorted(themes, key=lambda theme: -theme[0]) if option not in found)
    if share > 0.5 and not found:  # most of the code, and no theme: what maintainers call `core`
        found.append(("core", f"{share:.0%} of the module's code, with no theme of its own"))
    if hub is not None and hub_head:  # the definition the others revolve around, before "no common theme"
        found.append((hub_head, f"{hub[0].names[0]} uses or is used by {hub[1]} of the others"))
    # A class among small functions names them better than `utils` (an exception class names none).
    held = next(((u, h) for u, h in heads if u.kind == "class" and u.lines * 10 >= total
                 and not u.names[0].endswith(_ERROR_ENDINGS)), None)
    if held:
        found.append((held[1], f"{held[0].names[0]} and the functions around it"))
    if definitions and sum(u.kind == "function" for u in definitions) * 3 >= len(definitions) * 2:
        found.append(("utils", f"{len(definitions)} small function{'s' if len(definitions) > 1 else ''} with no common theme"))
    found.extend((head, f"{unit.names[0]} and what goes with it") for unit, head in heads[:3])
    if data or not found:
        found.append(("constants", "module-level data"))
    return found


def vocabulary(source: str) -> frozenset[str]:
    """Words the module uses on their own: lower-case names and their snake_case parts, and the
    words of its docstrings and comments."""
    return frozenset(part for token in _LOWER.findall(source) for part in token.split("_") if part)


def snake(name: str) -> str:
    """`HTTPServer` -> `http_server`: a name's words in snake_case (`part` when it has none)."""
    found = words(name)
    return "_".join(found) if found else "part"


def unique(base: str, taken: Iterable[str], private: bool) -> str:
    """`base` made a valid, unused module name (`_` prefix in package layout keeps submodules private)."""
    taken = set(taken)
    stem = base if base.isidentifier() and not keyword.iskeyword(base) else f"{base}_"
    if not stem.isidentifier():
        stem = "part"
    candidate = f"_{stem}" if private else stem
    if candidate in taken:
        candidate = f"_{plural(stem)}" if private else plural(stem)
    number = 2
    while candidate in taken:
        candidate = f"_{stem}_{number}" if private else f"{stem}_{number}"
        number += 1
    return candidate


def choose(options: list[tuple[str, str]], taken: Iterable[str], private: bool) -> tuple[str, str]:
    """The first option whose module name is not taken yet, and how it was chosen; else the
    first, made unique."""
    taken = set(taken)
    for name, how in options:
        candidate = f"_{name}" if private else name
        if candidate not in taken and candidate.isidentifier() and not keyword.iskeyword(name):
            return candidate, how
    name, how = options[0]
    return unique(name, taken, private), how
