"""Spellings of the same thing are not changes: annotation aliases, generic bases, stdlib ancestors, `__x` params.

Each case comes from click 8.1.7 -> 8.3, where these showed up as noise before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from api_trees import diff_trees, found

from refactor_tool.api.annotations import canonical


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("t.Optional[str]", "str | None", True),
        ("None | str", "typing.Union[str, None]", True),
        ("t.List['CompletionItem']", "list[CompletionItem]", True),
        ("t.Iterator['Context']", "cabc.Iterator[Context]", True),
        ("t.Optional[t.Union[int, str]]", "int | str | None", True),
        ("t.Dict[str, t.Any]", "dict[str, Any]", True),
        ("int", "str", False),
        ("list[int]", "list[str]", False),
        ("str | None", "str", False),
    ],
)
def test_canonical_annotations(old: str, new: str, same: bool) -> None:
    assert (canonical(old) == canonical(new)) is same


def _pkg(body: str) -> dict[str, str]:
    return {"mypkg/__init__.py": "import enum\nimport typing as t\n" + body}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("def f() -> t.Optional[t.List['X']]: ...", "def f() -> list[X] | None: ...", set()),
        ("def f() -> int: ...", "def f() -> str: ...", {("return-annotation-changed", "mypkg.f")}),
        ("class E(enum.Enum):\n    A = 1", "class E(enum.IntEnum):\n    A = 1", set()),
        ("class E(Exception): ...", "class E(RuntimeError): ...", set()),
        ("class E(RuntimeError): ...", "class E(Exception): ...", {("base-class-removed", "mypkg.E")}),
        ("class B: ...\nclass C(B): ...", "T = t.TypeVar('T')\nclass B(t.Generic[T]): ...\nclass C(B[int]): ...",
         set()),
        ("def f(__a, b): ...", "def f(a, /, b): ...", set()),
    ],
)
def test_same_thing_spelled_differently(tmp_path: Path, old: str, new: str, expected: set[tuple[str, str]]) -> None:
    assert found(diff_trees(tmp_path, _pkg(old), _pkg(new))) == expected


def test_one_finding_per_definition_with_its_other_paths(tmp_path: Path) -> None:
    old = {"mypkg/__init__.py": "from .core import make\n", "mypkg/core.py": "def make(a): ...\n"}
    new = {"mypkg/__init__.py": "from .core import make\n", "mypkg/core.py": "def make(a, b): ...\n"}
    (finding,) = diff_trees(tmp_path, old, new).findings
    assert (finding.kind.slug, finding.path, finding.also) == ("required-parameter-added", "mypkg.make", ("mypkg.core.make",))


def test_an_insertion_is_one_move_finding(tmp_path: Path) -> None:
    old = _pkg("def bar(a, b=1, c=2, d=3): ...")
    new = _pkg("def bar(a, hidden=False, b=1, c=2, d=3): ...")
    (finding,) = diff_trees(tmp_path, old, new).findings
    assert finding.kind.slug == "parameter-moved"
    assert finding.detail == "b: position 1 -> 2; c: position 2 -> 3; d: position 3 -> 4"


def test_an_inherited_method_change_is_reported_once_at_the_defining_class(tmp_path: Path) -> None:
    """`Sub.m` is `Base.m`: a public base lists its members once, so the change is not repeated per subclass."""
    core = "class Base:\n    def m(self, a): ...\nclass Sub(Base): ...\n"
    old = {"mypkg/__init__.py": "from .core import Base, Sub\n", "mypkg/core.py": core}
    new = {"mypkg/__init__.py": "from .core import Base, Sub\n", "mypkg/core.py": core.replace("(self, a)", "(self)")}
    (finding,) = diff_trees(tmp_path, old, new).findings
    assert finding.path == "mypkg.Base.m"
    assert finding.also == ("mypkg.core.Base.m",)
