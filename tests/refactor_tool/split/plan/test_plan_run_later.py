"""Definitions that use each other only in code run while the module loads: CPython's `typing.py`, in small.

`typing`'s `_type_check` reads `_GenericAlias` and `Generic` when called, and their methods call it;
statements far below (`List = _alias(list, 1)`) run them all. Neither needs the other while it is
defined, only the statements running them need both: kept as one piece, they made a 1358-line module
(`typing/_generic.py`). `FORMS` is that shape: `check` and `Alias` go to modules of their own, read
each other where they live, and `INTS = Union[...]`, which runs both, loads after both.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from refactor_tool.split.generation import generate_split
from refactor_tool.split.model import SplitOptions
from refactor_tool.split.plan.sizes import count_lines

#: Under this limit `check` and `Alias` cannot share a module; each fits in one of its own.
LIMIT = 90


def _notes(count: int) -> str:
    return "".join(f"    # step {k}: what a careful reader needs to know about this rule\n" for k in range(count))


def _rules(count: int) -> str:
    return "".join(f'''
    def rule{k}(self):
        """What rule {k} of an alias says."""
        return self.args[{k} % len(self.args)]
''' for k in range(count))


FORMS = f'''"""Typing-shaped: a helper and a class that use each other, run while the module loads by forms below."""


def check(arg):
    """An argument of a form, checked; a tuple is an alias of its own."""
{_notes(62)}    if isinstance(arg, Form):
        raise TypeError(f"{{arg!r}} is not valid as a type")
    if isinstance(arg, tuple):
        return Alias("tuple", arg)
    return arg


class Alias:
    """A form with its arguments, each checked."""

    def __init__(self, origin, args):
        self.origin = origin
        self.args = tuple(check(a) for a in args)

    def __repr__(self):
        return f"{{self.origin}}[{{', '.join(map(repr, self.args))}}]"
{_rules(12)}

class Form:
    """A special form: `form[parameters]` runs the function it decorates."""

    def __init__(self, getitem):
        self._getitem = getitem

    def __getitem__(self, parameters):
        return self._getitem(self, parameters)


@Form
def Union(self, parameters):
    return Alias("Union", parameters)


INTS = Union[int, (str, bytes)]
'''

_PROBE = """
import json, forms
try:
    forms.check(forms.Union)
    refused = None
except TypeError as error:
    refused = type(error).__name__
print(json.dumps([repr(forms.INTS), repr(forms.check((int, (str,)))), refused]))
"""


def _probe(root: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=root, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_plan_puts_them_apart_and_every_module_fits(tmp_path: Path) -> None:
    (tmp_path / "forms.py").write_text(FORMS)
    split = generate_split(tmp_path / "forms.py", SplitOptions(max_lines=LIMIT, verify=False))
    assert split.limits == ()
    home = {name: m.path.name for m in split.generated.modules for name in m.symbols}
    assert home["check"] != home["Alias"]
    assert all(count_lines(m.text) < LIMIT for m in split.generated.modules)


def test_the_split_module_makes_the_same_forms(tmp_path: Path, split_copy) -> None:
    before, after, _ = split_copy(tmp_path, "forms", FORMS, max_lines=LIMIT)
    assert _probe(after) == _probe(before)
    assert _probe(before)[0] == "Union[<class 'int'>, tuple[<class 'str'>, <class 'bytes'>]]"


#: What `test.support.import_helper.import_fresh_module` does (CPython's test_typing imports typing so):
#: the package and its submodules out of `sys.modules`, imported again, then the first copy put back.
_FRESH = """
import importlib, json, sys
import forms
first = {n: m for n, m in sys.modules.items() if n == "forms" or n.startswith("forms.")}
for name in first:
    del sys.modules[name]
try:
    fresh = importlib.import_module("forms")
finally:
    sys.modules.update(first)
alias = fresh.Alias("x", [(int,)])
print(json.dumps([type(alias.args[0]) is fresh.Alias, type(alias.args[0]) is forms.Alias]))
"""


def test_a_fresh_copy_of_the_split_package_calls_its_own_code(tmp_path: Path, split_copy) -> None:
    before, after, _ = split_copy(tmp_path, "forms", FORMS, max_lines=LIMIT)
    made = [json.loads(subprocess.run([sys.executable, "-c", _FRESH], cwd=root, capture_output=True, text=True,
                                      check=True).stdout) for root in (before, after)]
    assert made == [[True, False], [True, False]]
