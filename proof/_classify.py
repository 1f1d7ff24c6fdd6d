"""A first guess at which failure class of issues 9 and 10 an error belongs to, read from its text.

The guess orders the report; the diagnosis of each failure (in the failure catalogue) is done by reading
the split, so a row here says `guess:` when only the message was matched.
"""

from __future__ import annotations

import re

#: (pattern in the error text, class label); the first match wins.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"cannot split a package `__init__\.py`", "9.7 package __init__.py is the monolith (refused)"),
    (r"tells its own frames on the stack from its callers'", "9.12 frames told from callers by their file "
     "(refused: split, moved code would count as the caller)"),
    (r"(?i)expected:?\s+'\w+\.py',?\s+got:?\s+'\w+\.py'", "9.9 a doctest lists the package's own source files "
     "(not fixable: a split adds files; boltons' iter_find_files doctest names the last of them)"),
    (r"partially initiali[sz]ed module|circular import", "9.5 circular import at package load"),
    (r"sys\.modules\[__name__\]|__path__|meta_path|MovedModule|_SixMetaPathImporter",
     "9.8 module replaces itself / poses as a package"),
    (r"Element counts were not equal|test_+all_*\b|check__all__",
     "9.2 __module__ changed (support.check__all__ selects names by __module__)"),
    (r"Can't pickle|PicklingError|not the same object as",
     "9.2 __module__ changed (pickles by module and qualified name)"),
    (r"__module__|__qualname__|doctest|fewer tests ran|no longer collected",
     "9.2 __module__ changed (doctest finder drops tests)"),
    (r"attempted relative import with no known parent package",
     "9.9 a split file loaded by path (its relative imports fail)"),
    (r"cannot import name", "9.1 name bound only on some paths, re-exported unconditionally"),
    (r"NameError: name '\w+' is not defined|is not defined", "9.1/9.3/9.4 name missing in a new module"),
    (r"globals\(\)|has no attribute", "9.3 code reaching its own module (globals(), attributes)"),
    (r"__init_subclass__|metaclass", "9.6 metaclass / __init_subclass__ registry"),
    (r"No such file or directory|FileNotFoundError|__file__|importlib\.resources|get_data",
     "9.9 data or script found through __file__"),
    (r"does not compile with optimize|\s-OO\b", "9.9 the module run by its file (`python -OO mod.py`)"),
    (r"mock|patch", "9.11 patch target rewritten"),
    (r"syntax error|SyntaxError|IndentationError", "split wrote invalid code"),
    (r"cannot split into at most \d+ new files", "10 more new files than the budget (refused)"),
    (r"[\w.]+\._[a-z]\w*\.[A-Za-z]\w*", "9.2 __module__ changed (the text names a new private module)"),
    (r"the split module does not import", "verification refused: the split module does not import"),
    (r"DID NOT RAISE <class 'typeguard\.", "not yet diagnosed: typeguard's @typechecked stops checking (inflect)"),
)


def classify(text: str) -> str:
    """The class label whose pattern the text matches first, prefixed `guess:`; `unclassified` if none."""
    for pattern, label in _PATTERNS:
        if re.search(pattern, text):
            return f"guess: {label}"
    return "unclassified"


def first_line(text: str, limit: int = 300) -> str:
    """The most telling line of an error: a failed doctest's expected and actual output, the last
    `SomethingError: ...` line, else the first line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    doctest = re.search(r"^Expected:\n\s+(.*)\nGot:\n\s+(.*)$", text, re.MULTILINE)
    if doctest and "DocTestFailure" in text:  # the example's source lines tell less than its outcome
        return f"doctest expected {doctest[1]}, got {doctest[2]}"[:limit]
    errors = [line for line in lines if re.match(r"^(E\s+)?[\w.]*(Error|Exception|Failed|Warning)\b", line)]
    chosen = errors[-1] if errors else lines[0]
    return chosen[:limit]
