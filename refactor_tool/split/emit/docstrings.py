"""The docstring of a new module: what it holds, in words, taken from its definitions' own docstrings and names.

`Stock ledger: stock on hand per SKU as the sum of its moves, plus reservations held against it.`
says more to a reader than a list of the twenty names the module happens to define.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Sequence

from refactor_tool.split.emit.names import MAIN_DOCSTRING
from refactor_tool.syntax.facts.model import Statement

_WIDTH = 88
_VALUES_SHOWN = 10
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def words(name: str) -> str:
    """`StockLedger` -> `stock ledger`, `plan_reorders` -> `plan reorders`, `HTTPError` -> `HTTP error`."""
    parts = [p for chunk in name.strip("_").split("_") for p in _CAMEL.split(chunk) if p]
    return " ".join(p if p.isupper() and len(p) > 1 else p.lower() for p in parts)


def _summary(node: ast.AST) -> str:
    """The first sentence of a definition's docstring, without markup that only makes sense in place."""
    doc = ast.get_docstring(node, clean=True) if isinstance(node, (ast.ClassDef, ast.FunctionDef,
                                                                    ast.AsyncFunctionDef)) else None
    if not doc:
        return ""
    paragraph = " ".join(doc.split("\n\n", 1)[0].split())
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    plain = len(sentence) <= 160 and '"""' not in sentence and "\\" not in sentence
    return sentence if plain else ""


def _definitions(source: str, statements: Sequence[Statement]) -> list[tuple[str, int, str]]:
    """(name, lines, summary) of the classes and functions among `statements`, public ones first."""
    found = []
    lines = source.splitlines(keepends=True)
    for statement in statements:
        if statement.definition not in ("class", "function"):
            continue
        text = "".join(lines[statement.start - 1: statement.end])
        try:
            node = ast.parse(textwrap.dedent(text)).body[0]
        except (SyntaxError, IndexError):
            continue
        found.append((statement.defines[0], statement.end - statement.start + 1, _summary(node)))
    found.sort(key=lambda d: (d[0].startswith("_"), -d[1]))
    return found


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text + "."


def _more(count: int) -> str:
    return f"{count} more definition" + ("s" if count > 1 else "")


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _stem(word: str) -> str:
    return word.lower().removesuffix("s")


def _named_after(module: str, definitions: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """`definitions`, those the module is named after first (`StockLedger` in `_ledger.py`)."""
    topic = {_stem(w) for w in words(module.rpartition(".")[2]).split()}
    return sorted(definitions, key=lambda d: not topic & {_stem(w) for w in words(d[0]).split()})


def _value_words(name: str) -> str:
    """`DEFAULT_TAX_RATE` -> `default tax rate`, `_SKU_RE` -> `sku pattern`, `__version__` -> `version`."""
    said = words(name) or name
    if not name.strip("_").isupper():
        return said
    parts = said.lower().split()
    return " ".join([*parts[:-1], "pattern"] if len(parts) > 1 and parts[-1] in ("re", "regex") else parts)


def _values_lead(names: list[str]) -> str:
    """What a module of plain values holds: `Constants and settings: version, logger, default currency ...`."""
    if not names:
        return "module code"
    listed = list(dict.fromkeys(_value_words(n) for n in names))
    shown = listed[:_VALUES_SHOWN] + ([f"{len(listed) - _VALUES_SHOWN} more"] if len(listed) > _VALUES_SHOWN else [])
    return f"Constants and settings: {_joined(shown)}"


def module_docstring(old: str, source: str, statements: Sequence[Statement], summary: str | None = None,
                     *, module: str = "") -> str:
    """A docstring (quotes included) for the module `module` holding `statements` of module `old`, led
    by the summary of the definition it is named after (else its largest public one); a planner's
    `summary` (what the module holds, in words) is used as it is."""
    if summary:
        lines = textwrap.wrap(f"{_sentence(summary)[:-1]} (split out of `{old}`).", _WIDTH, break_on_hyphens=False)
        return '"""' + "\n".join(lines) + ('\n"""\n' if len(lines) > 1 else '"""\n')
    definitions = _definitions(source, statements)
    documented = _named_after(module, [d for d in definitions if d[2]])
    if documented:
        name, _, summary = documented[0]
        if not summary.lower().startswith(words(name).lower()):
            word = summary.split()[0]
            plain = len(word) == 1 or word[1:].rstrip(".,:;").islower()
            lowered = summary[0].lower() + summary[1:] if plain else summary
            summary = f"{words(name)}: {lowered}"
        lead = summary
        others = [words(d[0]) for d in definitions if d[0] != name][:3]
        rest = len(definitions) - 1 - len(others)
    elif definitions:
        names = [words(d[0]) for d in definitions]
        rest = max(0, len(names) - 3)
        lead = _joined(names[:3] + ([_more(rest)] if rest else []))
        others = []
    else:
        names = [n for s in statements for n in s.defines]
        changed = list(dict.fromkeys(n for s in statements for n in s.mutates))
        if not names and changed:  # `units.detached_mutations`: what it adds to objects defined elsewhere
            return _wrapped(_sentence(f"Adds its entries to {_joined([f'`{n}`' for n in changed])} when it loads"),
                            f"Split out of `{old}`; the modules that read them import it.")
        return _wrapped(_sentence(_values_lead(names)), f"Split out of `{old}`, which re-exports them.")
    text = _sentence(lead)
    tail = f"Split out of `{old}`, which re-exports what it defines"
    if others:
        listed = _joined(others + ([_more(rest)] if rest else []))
        tail = f"With {listed}; split out of `{old}`, which re-exports them"
    elif definitions[1:] or rest:
        tail = f"Split out of `{old}`, which re-exports them"
    single = f'"""{text[:-1]} (split out of `{old}`)."""'
    if len(definitions) <= 1 and not rest:
        # One definition: its own docstring, right below, says the rest.
        short = f'"""{_sentence(words(definitions[0][0]) if definitions else lead)[:-1]}, split out of `{old}`."""'
        return (single if len(single) <= _WIDTH and '"' not in text[-1:] else short) + "\n"
    return _wrapped(text, _sentence(tail))


def _wrapped(head: str, body: str) -> str:
    """A two-paragraph docstring, quotes included, wrapped to the line width."""
    head_lines = textwrap.wrap(head, _WIDTH, break_on_hyphens=False)
    body_lines = textwrap.wrap(body, _WIDTH, break_on_hyphens=False)
    return '"""' + "\n".join(head_lines) + "\n\n" + "\n".join(body_lines) + '\n"""\n'


def main_docstring(old: str) -> str:
    return f'"""{MAIN_DOCSTRING.format(module=old)}"""\n'
