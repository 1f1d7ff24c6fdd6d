from __future__ import annotations

from collections.abc import Callable

import pytest

from refactor_tool.check.facts import ImportFact, ModuleFacts, Scope
from refactor_tool.check.facts_ast import read_facts_ast
from refactor_tool.check.read import read_facts
from refactor_tool.check.scan import scan_imports

READERS = pytest.mark.parametrize("reader", [read_facts, read_facts_ast], ids=["scanned", "ast"])

SOURCE = b'''\
"""Doc."""
from __future__ import annotations
import os.path
from typing import TYPE_CHECKING
from . import sibling
from ..up import thing as other
if TYPE_CHECKING:
    import typed_only
else:
    import runtime_else
try:
    import optional
except ImportError:
    optional = None
class Holder:
    import in_class_body
def load():
    import deferred
    if TYPE_CHECKING:
        import deferred_typed
HOMES = {"name": "pkg.sub.mod", "other": "pkg.mod:attr"}
if __name__ == "__main__":
    load()
'''


def _scopes(facts: ModuleFacts) -> dict[str, tuple[Scope, bool]]:
    return {(fact.module or ".") + (":" + ",".join(fact.names) if fact.names else ""): (fact.scope, fact.guarded)
            for fact in facts.imports}


@READERS
def test_every_import_is_read_with_the_scope_it_runs_in(reader: Callable[[bytes], ModuleFacts]) -> None:
    facts = reader(SOURCE)
    assert _scopes(facts) == {
        "__future__:annotations": (Scope.MODULE, False),
        "os.path": (Scope.MODULE, False),
        "typing:TYPE_CHECKING": (Scope.MODULE, False),
        ".:sibling": (Scope.MODULE, False),
        "up:thing": (Scope.MODULE, False),
        "typed_only": (Scope.TYPE_CHECKING, False),
        "runtime_else": (Scope.MODULE, False),
        "optional": (Scope.MODULE, True),
        "in_class_body": (Scope.MODULE, False),
        "deferred": (Scope.FUNCTION, False),
        "deferred_typed": (Scope.FUNCTION, False),
    }
    relative = [fact for fact in facts.imports if fact.level]
    assert [(f.module, f.level) for f in relative] == [("", 1), ("up", 2)]


@READERS
def test_module_names_in_strings_and_the_main_guard(reader: Callable[[bytes], ModuleFacts]) -> None:
    facts = reader(SOURCE)
    assert facts.references == ("pkg.mod", "pkg.sub.mod")
    assert facts.main_guard and facts.lines == 23
    assert read_facts(b"import importlib\nimportlib.import_module('plugin')\n").references == ("plugin",)


def test_deprecated_names_by_decorator_warning_and_module_getattr() -> None:
    source = b'''\
import warnings
from typing_extensions import deprecated
_OLD = {"old_name": "new_name", "older": "new_name"}
@deprecated("use g")
def f(): ...
def g():
    """Doc."""
    warnings.warn("g is going", DeprecationWarning, stacklevel=2)
class Kept:
    pass
def __getattr__(name):
    if name in _OLD:
        warnings.warn(f"{name} moved", category=FutureWarning)
        return 1
    if name == "gone":
        warnings.warn("gone", DeprecationWarning)
    raise AttributeError(name)
'''
    assert read_facts(source).deprecated == (("f", 5), ("g", 6), ("old_name", 12), ("older", 12), ("gone", 15))


def test_a_file_that_does_not_parse_keeps_its_error_line_and_its_scanned_imports() -> None:
    facts = read_facts(b"import os\nx = 1\ndef (:\n    deprecated = 1\n")
    assert facts.error is not None and facts.error[0] == 3
    assert [fact.module for fact in facts.imports] == ["os"]


@pytest.mark.parametrize(
    "source",
    [b"if TYPE_CHECKING: import x\n", b"import a; import b\n", b"from x import a, \\\n    b\n",
     b"try: import x\nexcept ImportError: pass\n"],
)
def test_what_the_scanner_cannot_read_for_certain_goes_to_ast(source: bytes) -> None:
    assert scan_imports(source) is None
    assert read_facts(source) == read_facts_ast(source)


def test_scanner_edge_cases_match_ast() -> None:
    source = b'''"""\\
import not_an_import
"""
from . import importlib
from typing import (  # noqa: F401 (a parenthesis in a comment)
    Any,  # first
    Dict,
)
x = "# not a comment"; y = 1
if flag:
    pass
elif typing.TYPE_CHECKING:
    from typing_extensions import Self
try:
    pass
except (ValueError, KeyError):
    import in_handler
except ImportError:
    pass
s = \'it\\\'s\'
def f():
    return """
import inside_string
"""
'''
    scanned = scan_imports(source)
    assert scanned is not None and scanned[0] == read_facts_ast(source).imports
    assert [(f.module, f.scope.name) for f in scanned[0]] == [
        ("", "MODULE"), ("typing", "MODULE"), ("typing_extensions", "TYPE_CHECKING"), ("in_handler", "MODULE")]


def test_facts_survive_the_cache_format() -> None:
    facts = read_facts(SOURCE)
    assert ModuleFacts.from_data(facts.as_data()) == facts
    assert isinstance(facts.imports[0], ImportFact)
