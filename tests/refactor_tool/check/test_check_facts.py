from __future__ import annotations

from refactor_tool.check.facts import ImportFact, ModuleFacts, Scope, read_facts

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


def test_every_import_is_read_with_the_scope_it_runs_in() -> None:
    facts = read_facts(SOURCE)
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


def test_module_names_in_strings_and_the_main_guard() -> None:
    facts = read_facts(SOURCE)
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


def test_a_file_that_does_not_parse_keeps_its_error_line() -> None:
    facts = read_facts(b"x = 1\ndef (:\n")
    assert facts.error is not None and facts.error[0] == 2


def test_facts_survive_the_cache_format() -> None:
    facts = read_facts(SOURCE)
    assert ModuleFacts.from_data(facts.as_data()) == facts
    assert isinstance(facts.imports[0], ImportFact)
