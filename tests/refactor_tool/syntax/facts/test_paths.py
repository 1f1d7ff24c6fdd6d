"""Names bound on some paths only: the module ends with them or without them depending on how it ran."""

from __future__ import annotations

import textwrap

import pytest

from refactor_tool.syntax.facts import analyze_module

CASES = [
    ("try: import ssl\nexcept ImportError: pass\n", {"ssl"}),
    ("try: import ssl\nexcept ImportError: ssl = None\n", set()),
    ("try:\n    import ssl\nexcept ImportError:\n    HAVE = False\nelse:\n    HAVE = True\n    X = 1\n", {"ssl", "X"}),
    ("try: import ssl\nexcept ImportError: raise\n", set()),
    ("import sys\nif sys.platform == 'win32':\n    def f(): pass\n", {"f"}),
    ("import sys\nif sys.version_info >= (3, 8):\n    A = 1\nelse:\n    A = 2\n", set()),
    ("import sys\nif sys.version_info >= (3, 8):\n    A = 1\nelse:\n    raise ImportError\n", set()),
    ("if True:\n    A = 1\n", set()),
    ("if False:\n    A = 1\n", set()),
    ("for i in range(3):\n    pass\n", {"i"}),
    ("for n in range(3):\n    pass\ndel n\n", set()),
    ("with open('x') as f:\n    g = 1\n", set()),
    ("import contextlib\nwith contextlib.suppress(ImportError):\n    import fast\n", {"fast"}),
    ("x = None\ntry: import x\nexcept ImportError: pass\n", set()),
    ("_a = 1\ntry: from _speed import *\nexcept ImportError: pass\nelse: del _a\n", {"_a"}),
    ("import os\nmatch os.name:\n    case 'nt':\n        A = 1\n    case _:\n        A = 2\n", set()),
    ("import os\nmatch os.name:\n    case 'nt':\n        A = 1\n", {"A"}),
]


@pytest.mark.parametrize(("source", "conditional"), CASES)
def test_conditional_names(source: str, conditional: set[str]) -> None:
    analysis = analyze_module(textwrap.dedent(source), "m.py")
    assert set(analysis.conditional_names()) == conditional


def test_the_deciding_statement_is_the_first_that_binds_on_some_paths() -> None:
    analysis = analyze_module("import sys\nA = 1\nif sys.flags.debug:\n    B = 2\n", "m.py")
    assert analysis.conditional_names() == {"B": 2}
    statement = analysis.statements[2]
    assert statement.maybe_binds == {"B"} and statement.start == 3

