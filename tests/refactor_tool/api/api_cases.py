"""The case table: (old code, new code, expected findings), one or more cases per kind of change.

The fixture is griffe's own scenario (research §1.5): `mypkg/big.py`, later split into `mypkg/big/`.
`griffe` records what `griffe.find_breaking_changes` reports on the same pair (coarse kinds), with a
reason wherever it differs from ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BIG = '''
from __future__ import annotations

CONSTANT = 3


class Base:
    def describe(self) -> str:
        return "base"


class Widget(Base):
    def __init__(self, size: int = 2) -> None:
        self.size = size

    def grow(self, by: int) -> Widget:
        return Widget(self.size + by)

    def area(self) -> int:
        return self.size * self.size


def make_widget(size=2) -> Widget:
    return Widget(size)


def helper(x, y):
    return x + y


def fetch(url):
    return url


def _private():
    return None
'''

# The split as `refactor-tool split` writes it: private submodules, re-exports in `__init__`.
WIDGETS = BIG.split("def make_widget")[0].replace("CONSTANT = 3\n", "")
HELPERS = "def make_widget" + BIG.split("def make_widget")[1].split("def helper")[0]
HELPERS = "from __future__ import annotations\n\nfrom ._widgets import Widget\n\n\n" + HELPERS
REST = "def helper" + BIG.split("def helper")[1]
SPLIT_INIT = '''
from ._widgets import Base, Widget
from ._helpers import make_widget
from ._rest import _private, fetch, helper

CONSTANT = 3
'''


def split(init: str = SPLIT_INIT, widgets: str = WIDGETS, helpers: str = HELPERS, rest: str = REST) -> dict[str, str]:
    return {
        "mypkg/__init__.py": "",
        "mypkg/big/__init__.py": init,
        "mypkg/big/_widgets.py": widgets,
        "mypkg/big/_helpers.py": helpers,
        "mypkg/big/_rest.py": rest,
    }


def module(text: str = BIG) -> dict[str, str]:
    return {"mypkg/__init__.py": "", "mypkg/big.py": text}


def changed(old: str, new: str, text: str = BIG) -> dict[str, str]:
    assert old in text, old
    return module(text.replace(old, new))


@dataclass(frozen=True)
class Case:
    id: str
    old: dict[str, str]
    new: dict[str, str]
    expected: frozenset[tuple[str, str]]
    #: What griffe reports (coarse kind, path); None = the same as `expected`.
    griffe: frozenset[tuple[str, str]] | None = None
    why: str = ""
    additions: tuple[str, ...] = field(default=())


def _set(*pairs: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


B = "mypkg.big"
CASES = (
    Case("unchanged", module(), module(), _set()),
    Case("path-added", changed("def helper(x, y):\n    return x + y\n", ""), module(), _set(), additions=(f"{B}.helper",)),
    Case("path-removed", module(), changed("def helper(x, y):\n    return x + y\n", ""), _set(("path-removed", f"{B}.helper"))),
    Case("kind-changed", module(), changed("    def area(self)", "    @property\n    def area(self)"),
         _set(("kind-changed", f"{B}.Widget.area"))),
    Case("parameter-removed", module(), changed("def helper(x, y):\n    return x + y", "def helper(x):\n    return x"),
         _set(("parameter-removed", f"{B}.helper"))),
    Case("parameter-renamed", module(),
         module(BIG.replace("def grow(self, by: int)", "def grow(self, step: int)").replace("+ by", "+ step")),
         _set(("parameter-renamed", f"{B}.Widget.grow")),
         griffe=_set(("parameter-removed", f"{B}.Widget.grow"), ("required-parameter-added", f"{B}.Widget.grow")),
         why="a rename keeps positional calls working; only keyword calls break, which is what ours names"),
    Case("parameter-moved", module(), changed("def helper(x, y):", "def helper(y, x):"),
         _set(("parameter-moved", f"{B}.helper"))),
    Case("parameter-kind-changed", module(), changed("def helper(x, y):", "def helper(x, *, y):"),
         _set(("parameter-kind-changed", f"{B}.helper"))),
    Case("parameter-kind-changed-posonly", module(), changed("def helper(x, y):", "def helper(x, y, /):"),
         _set(("parameter-kind-changed", f"{B}.helper"))),
    Case("required-parameter-added", module(), changed("def make_widget(size=2)", "def make_widget(size=2, *, color)"),
         _set(("required-parameter-added", f"{B}.make_widget"))),
    Case("default-removed", module(), changed("def make_widget(size=2)", "def make_widget(size)"),
         _set(("default-removed", f"{B}.make_widget"))),
    Case("default-changed", module(), changed("def make_widget(size=2)", "def make_widget(size=3)"),
         _set(("default-changed", f"{B}.make_widget"))),
    Case("return-annotation-changed", module(), changed("def area(self) -> int", "def area(self) -> float"),
         _set(("return-annotation-changed", f"{B}.Widget.area")), griffe=_set(),
         why="griffe only reports a return annotation that disappears; a changed one can break type-checked callers"),
    Case("async-changed", module(), changed("def fetch(url):", "async def fetch(url):"),
         _set(("async-changed", f"{B}.fetch")), griffe=_set(),
         why="griffe does not compare async; un-awaited callers now get a coroutine object"),
    Case("base-class-removed", module(), changed("class Widget(Base):", "class Widget:"),
         _set(("base-class-removed", f"{B}.Widget"), ("class-member-removed", f"{B}.Widget.describe"))),
    Case("class-member-removed", module(), changed("    def area(self) -> int:\n        return self.size * self.size\n", ""),
         _set(("class-member-removed", f"{B}.Widget.area"))),
    Case("all-entry-removed", module(BIG + '\n__all__ = ["Widget", "helper"]\n'),
         module(BIG + '\n__all__ = ["Widget"]\n'),
         _set(("all-entry-removed", B)), griffe=_set(),
         why="`from mypkg.big import *` no longer binds `helper`; griffe does not compare `__all__` itself"),
    Case("addition-only", module(), module(BIG + "\n\ndef shiny(a=1):\n    return a\n"), _set(), additions=(f"{B}.shiny",)),
    Case("optional-parameter-added", module(), changed("def fetch(url):", "def fetch(url, timeout=None):"), _set(),
         additions=(f"{B}.fetch",)),
    # --- the scenarios griffe gets wrong (research §1.5) -----------------------------------------------------
    Case("A: split with re-exports", module(), split(), _set()),
    Case("E: split with a wildcard re-export", module(),
         split(init=SPLIT_INIT.replace("from ._rest import _private, fetch, helper", "from ._rest import *")), _set()),
    Case("C: a re-export dropped", module(),
         split(init=SPLIT_INIT.replace("from ._rest import _private, fetch, helper", "from ._rest import fetch")),
         _set(("path-removed", f"{B}.helper"))),
    Case("G: moved and changed in the same diff", module(),
         split(widgets=WIDGETS.replace("def grow(self, by: int)", "def grow(self, step: int)").replace("+ by", "+ step"),
               helpers=HELPERS.replace("def make_widget(size=2)", "def make_widget(size=3, *, color)")),
         _set(("parameter-renamed", f"{B}.Widget.grow"), ("default-changed", f"{B}.make_widget"),
              ("required-parameter-added", f"{B}.make_widget")),
         griffe=_set(),
         why="griffe marks the old object as seen before following the new alias, so a moved definition is never "
             "compared; callers of mypkg.big.make_widget() now fail with a missing `color`"),
    Case("A->D: both split, no __all__, signature changed", split(),
         split(helpers=HELPERS.replace("def make_widget(size=2)", "def make_widget(size=2, *, color)")),
         _set(("required-parameter-added", f"{B}.make_widget")),
         griffe=_set(),
         why="griffe treats re-exports without __all__ as private and skips them; `mypkg.big.make_widget` is "
             "still what users import"),
    Case("top-level re-export without __all__ removed",
         {"mypkg/__init__.py": "from mypkg.big import Widget\n", "mypkg/big.py": BIG},
         {"mypkg/__init__.py": "", "mypkg/big.py": BIG},
         _set(("path-removed", "mypkg.Widget")),
         griffe=_set(),
         why="`from mypkg import Widget` worked and now raises ImportError; griffe skips imported names as non-public"),
    Case("F: a __getattr__ shim serves the moved names", module(),
         split(init=SPLIT_INIT.replace("from ._rest import _private, fetch, helper", "from ._rest import fetch")
               + '\n\ndef __getattr__(name):\n    if name in ("helper",):\n        from . import _rest\n'
                 '        return _rest.helper\n    raise AttributeError(name)\n'),
         _set(("now-dynamic", f"{B}.helper")),
         griffe=_set(("path-removed", f"{B}.helper")),
         why="`from mypkg.big import helper` still works through __getattr__; ours says it is dynamic (a warning) "
             "and --import proves it"),
)
