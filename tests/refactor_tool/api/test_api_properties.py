"""Properties over generated packages: a surface equals itself, snapshots round-trip, a removal is seen.

Packages are built from the statements the extractor cares about (defs with every parameter kind,
classes with bases, constants, re-exports, `__all__`), so every case exercises the resolver.
"""

from __future__ import annotations

import ast
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from refactor_tool.api import diff_surfaces
from refactor_tool.api import snapshot as snapshot_file
from refactor_tool.api.sources import SourceFiles, surface_from_files

NAMES = st.sampled_from(["alpha", "beta", "gamma", "delta", "_hidden", "Widget", "Base", "epsilon"])
PARAMS = st.lists(st.sampled_from(["a", "b=1", "*args", "c", "d=None", "**kw", "/", "*"]), max_size=5)


def _params(raw: list[str]) -> str:
    """Turn a random pick into a valid parameter list (drop what Python would reject)."""
    out: list[str] = []
    seen_default = seen_star = seen_slash = seen_kw = False
    for item in raw:
        name = item.lstrip("*").split("=")[0]
        if seen_kw or (name and any(p.lstrip("*").split("=")[0] == name for p in out)):
            continue
        if item == "/":
            if seen_slash or seen_star or not out:
                continue
            seen_slash = True
        elif item in ("*", "*args"):
            if seen_star:
                continue
            seen_star = True
        elif item == "**kw":
            seen_kw = True
        elif "=" in item:
            seen_default = True
        elif seen_default and not seen_star:
            continue
        out.append(item)
    text = ", ".join(out)
    try:
        ast.parse(f"def f({text}): ...")
    except SyntaxError:  # e.g. a bare `*` followed only by `**kw`
        return ""
    return text


@st.composite
def statements(draw: st.DrawFn) -> str:
    name = draw(NAMES)
    kind = draw(st.sampled_from(["def", "async", "class", "const", "reexport"]))
    if kind in ("def", "async"):
        prefix = "async def" if kind == "async" else "def"
        return f"{prefix} {name}({_params(draw(PARAMS))}) -> int: ...\n"
    if kind == "class":
        base = draw(st.sampled_from(["", "(Exception)", "(Base)"]))
        method = _params(["self", *draw(PARAMS)])
        return f"class {name}{base}:\n    x: int = 1\n    def run({method}): ...\n"
    if kind == "const":
        return f"{name.upper()} = {draw(st.integers(-5, 5))}\n"
    return f"from .other import {name}\n"


@st.composite
def packages(draw: st.DrawFn) -> dict[str, bytes]:
    body = "".join(draw(st.lists(statements(), min_size=1, max_size=8)))
    other = "".join(draw(st.lists(statements().filter(lambda s: "import" not in s), max_size=4)))
    exported = draw(st.lists(NAMES, max_size=3, unique=True))
    init = "from .mod import *\nfrom . import other\n" + (f"__all__ = {exported!r}\n" if exported else "")
    return {"gen/__init__.py": init.encode(), "gen/mod.py": body.encode(), "gen/other.py": other.encode()}


def _surface(files: dict[str, bytes]):
    return surface_from_files(SourceFiles("gen", files, ""))


@settings(max_examples=100, deadline=None)
@given(packages())
def test_a_surface_equals_itself_and_survives_a_snapshot(files: dict[str, bytes]) -> None:
    surface = _surface(files)
    assert not surface.problems, files
    assert diff_surfaces(surface, surface).findings == ()
    again = snapshot_file.from_json_data(json.loads(snapshot_file.dumps(surface)))
    assert again.entries == surface.entries
    assert diff_surfaces(again, surface).findings == ()


@settings(max_examples=100, deadline=None)
@given(packages(), NAMES.filter(lambda n: not n.startswith("_")))
def test_deleting_a_public_function_is_always_reported(files: dict[str, bytes], name: str) -> None:
    extra = f"\n\ndef {name}_extra(a, b=2): ...\n".encode()
    before = _surface({**files, "gen/mod.py": files["gen/mod.py"] + extra})
    after = _surface(files)
    reported = {p for f in diff_surfaces(before, after).findings for p in (f.path, *f.also)}
    assert f"gen.mod.{name}_extra" in reported
    assert f"gen.{name}_extra" in reported or f"gen.{name}_extra" not in before.by_path()


@settings(max_examples=100, deadline=None)
@given(packages())
def test_moving_a_module_into_a_private_submodule_and_reexporting_it_changes_nothing(files: dict[str, bytes]) -> None:
    """The move a split makes: `gen/mod.py` becomes `gen/mod/_impl.py` plus `from ._impl import *`."""
    body = files["gen/mod.py"].replace(b"from .other import", b"from ..other import")
    moved = {k: v for k, v in files.items() if k != "gen/mod.py"}
    moved["gen/mod/__init__.py"] = b"from ._impl import *\n"
    moved["gen/mod/_impl.py"] = body
    diff = diff_surfaces(_surface(files), _surface(moved))
    assert diff.findings == () and diff.additions == ()


@settings(max_examples=100, deadline=None)
@given(packages())
def test_a_signature_changed_during_the_move_is_reported(files: dict[str, bytes]) -> None:
    """griffe's blind spot, over generated code: moved and changed in one diff is still a change."""
    old_body = files["gen/mod.py"] + b"\n\ndef zeta(a): ...\n"
    new_body = files["gen/mod.py"].replace(b"from .other import", b"from ..other import")
    new_body += b"\n\ndef zeta(a, *, extra): ...\n"
    before = _surface({**files, "gen/mod.py": old_body})
    moved = {k: v for k, v in files.items() if k != "gen/mod.py"}
    after = _surface({**moved, "gen/mod/__init__.py": b"from ._impl import *\n", "gen/mod/_impl.py": new_body})
    findings = diff_surfaces(before, after).findings
    assert [(f.kind.slug, f.detail) for f in findings] == [("required-parameter-added", "extra")]
    assert "gen.mod.zeta" in {findings[0].path, *findings[0].also}
