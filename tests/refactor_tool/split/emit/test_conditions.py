"""Names bound on one branch of an `if`, re-exported under the same test (typing_extensions' shape).

typing_extensions binds helpers in the `else` of `if hasattr(typing, "X"):` and names only on newer
Pythons; each was re-exported by a `try: from ... import name / except ImportError: pass` of its own
(4 lines a name, 49 of them: the facade was 518 lines). Now the facade asks the original's question;
`NoDefaultType.__new__` reading `globals().get("NoDefault")` no longer pins its statement (and what
uses it while loading) to the facade: with both, typing_extensions' facade is 389 lines and exits 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.use_case import apply_split

_BODY = "".join(f"    total += {n}\n" for n in range(12))

MODULE = f'''"""Backports of typing features."""
import sys
import typing

if hasattr(typing, "NoDefault"):
    NoDefault = typing.NoDefault
else:
    def _no_default_repr(self):
        return "typing.NoDefault"

    class NoDefaultType:
        """The type of the NoDefault singleton."""

        def __new__(cls):
            return globals().get("NoDefault") or object.__new__(cls)

        __repr__ = _no_default_repr

    NoDefault = NoDefaultType()

if sys.version_info >= (3, 99):
    def only_on_3_99():
        return 399
else:
    def only_before_3_99():
        return 398

if sys.version_info >= (3, 99) or hasattr(typing, "NoSuchThing"):
    def either():
        return 1


def uses_default(value=NoDefault):
    total = 0
{_BODY}    return value, total


def more(value):
    total = 0
{_BODY}{_BODY}    return total
'''

PROBE = ("import compat as c; print(sorted(n for n in dir(c) if not n.startswith('__')), repr(c.NoDefault), "
         "c.uses_default()[0] is c.NoDefault, c.only_before_3_99(), "
         "getattr(c, 'NoDefaultType', type(c.NoDefault))() is c.NoDefault)")


def _probe(folder: Path) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def split(tmp_path: Path) -> tuple[str, str, Path]:
    (tmp_path / "compat.py").write_text(MODULE)
    before = _probe(tmp_path)
    options = SplitOptions(max_lines=40, allow_dirty=True, layout=Layout.PACKAGE, layout_given=True)
    result = apply_split(tmp_path / "compat.py", options)
    assert result.ok, result.planned.plan.limits
    return before, (tmp_path / "compat" / "__init__.py").read_text(), tmp_path


def test_a_name_of_one_branch_is_imported_under_the_original_test(split: tuple[str, str, Path]) -> None:
    before, facade, folder = split
    assert "if sys.version_info >= (3, 99):\n    from ._" in facade and "only_on_3_99" in facade
    assert "else:\n    from ._" in facade and "only_before_3_99" in facade
    if sys.version_info < (3, 13):  # typing has no NoDefault: the helper is bound and re-exported
        assert "if not hasattr(typing, \"NoDefault\"):\n    from ._" in facade
    assert _probe(folder) == before


def test_a_test_of_several_conditions_reading_only_imports_is_asked_too(split: tuple[str, str, Path]) -> None:
    """`either` is bound under a test with `or`; it reads only imports and `hasattr`: nothing is left
    to a `try`."""
    _, facade, _ = split
    assert 'if sys.version_info >= (3, 99) or hasattr(typing, "NoSuchThing"):\n    from ._' in facade
    assert "except ImportError" not in facade


def test_reading_its_own_name_through_globals_does_not_pin_a_statement(split: tuple[str, str, Path]) -> None:
    _, facade, _ = split
    assert "class NoDefaultType" not in facade and "def uses_default" not in facade


def test_a_test_reading_a_name_the_facade_does_not_have_keeps_the_guarded_import(tmp_path: Path) -> None:
    text = MODULE.replace('if sys.version_info >= (3, 99) or hasattr(typing, "NoSuchThing"):',
                          "_FLAG = sys.version_info >= (3, 99)\nif _FLAG:")
    (tmp_path / "compat.py").write_text(text)
    before = _probe(tmp_path)
    options = SplitOptions(max_lines=40, allow_dirty=True, layout=Layout.PACKAGE, layout_given=True)
    assert apply_split(tmp_path / "compat.py", options).ok
    facade = (tmp_path / "compat" / "__init__.py").read_text()
    guarded = [b for b in facade.split("try:")[1:] if "either" in b.split("except")[0]]
    assert guarded, facade
    assert _probe(tmp_path) == before


def test_a_branch_that_may_bind_names_unseen_keeps_the_guarded_import(tmp_path: Path) -> None:
    """six: `if PY3: exec_("def raise_from(...)") else: def raise_from(...)`: `raise_from` exists on
    both branches, the first binds it through a call; mirrored, the facade would lose it."""
    text = MODULE.replace("if sys.version_info >= (3, 99):\n    def only_on_3_99():\n        return 399\n",
                          "if sys.version_info < (3, 99):\n    exec('def only_before_3_99():\\n    return 398')\n"
                          "    def only_on_3_99():\n        return 399\n")
    (tmp_path / "compat.py").write_text(text)
    before = _probe(tmp_path)
    options = SplitOptions(max_lines=40, allow_dirty=True, layout=Layout.PACKAGE, layout_given=True)
    assert apply_split(tmp_path / "compat.py", options).ok
    facade = (tmp_path / "compat" / "__init__.py").read_text()
    guarded = [b for b in facade.split("try:")[1:] if "only_before_3_99" in b.split("except")[0]]
    assert guarded, facade
    assert _probe(tmp_path) == before
