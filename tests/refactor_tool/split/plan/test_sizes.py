"""One definition of lines and of the limit: `wc -l`, "< max-lines", one import wrapping rule, and
a bound every module the split writes stays within."""

from __future__ import annotations

import shutil
import sysconfig
from keyword import iskeyword
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refactor_tool.check.facts import count_lines as check_count_lines
from refactor_tool.check.file_size import oversized
from refactor_tool.split import generation
from refactor_tool.split.emit.nodes import import_from
from refactor_tool.split.model import SplitOptions
from refactor_tool.split.plan import sizes
from refactor_tool.split.plan.sizes import count_lines, module_bound, over_limit, wrap_from_import

STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize(("text", "lines"), [("", 0), ("a", 1), ("a\n", 1), ("a\nb", 2), ("\n\n", 2)])
def test_lines_are_counted_as_wc_l_and_refactor_check_count_them(text: str, lines: int) -> None:
    assert count_lines(text) == lines == check_count_lines(text.encode())


@pytest.mark.parametrize(("lines", "over"), [(399, False), (400, True), (401, True)])
def test_a_file_of_exactly_the_limit_is_over_it_for_split_and_refactor_check(lines: int, over: bool) -> None:
    text = "x = 1\n" * lines
    assert over_limit(count_lines(text), 400) is over
    assert bool(oversized({"m.py": check_count_lines(text.encode())}, 400)) is over


# Names a module can bind: identifiers, never keywords (`from m import as` is no statement).
_NAMES = st.lists(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,30}", fullmatch=True).filter(lambda n: not iskeyword(n)),
                  min_size=1, max_size=30)


@settings(deadline=None)  # LibCST's first parse is slow on a loaded machine
@given(module=st.from_regex(r"\.{1,2}_[a-z_]{1,40}", fullmatch=True), names=_NAMES)
def test_generated_imports_are_wrapped_by_one_rule(module: str, names: list[str]) -> None:
    text = wrap_from_import(module, names)
    assert text == cst.Module(body=[import_from(module, names)]).code
    assert all(len(line) <= 88 or (" import " in line and line.count(",") == 0) for line in text.splitlines())


def _within_bounds(name: str, tmp_path: Path, source: str | None = None, **options) -> list[tuple[str, int, int]]:
    """(module, lines written, bound planned) for each new module of the split of stdlib `name`
    (or of `source`)."""
    path = tmp_path / f"{name}.py"
    if source is None:
        shutil.copy(STDLIB / f"{name}.py", path)
    else:
        path.write_text(source)
    split = generation.generate_split(path, SplitOptions(**options))
    placement = split.placement
    pieces = placement.pieces
    assert pieces is not None
    by_path = {m.path: m for m in split.generated.modules}
    found = []
    for draft in placement.drafts:
        held = sorted({pieces.piece_of[u] for u in draft.units if u in pieces.piece_of})
        module = by_path[split.locations.resolve(draft.relpath)[0]]
        if held:
            found.append((draft.relpath, count_lines(module.text), module_bound(pieces.shape(held))))
    return found


@pytest.mark.parametrize(("name", "max_lines"), [("textwrap", 200), ("difflib", 400), ("configparser", 400)])
def test_each_module_written_is_within_the_bound_planning_used(tmp_path: Path, name: str, max_lines: int) -> None:
    found = _within_bounds(name, tmp_path, max_lines=max_lines)
    assert found and all(lines <= bound for _, lines, bound in found), found


#: `registered` reads `globals()`, so it stays in the facade; the handlers call it, so each of their
#: modules declares it late (`if TYPE_CHECKING: from handlers import registered`, 7 lines).
HANDLERS = '"""Handlers."""\n\n\ndef registered():\n    return sorted(n for n in globals() if n[:8] == "handler_")\n' + "".join(
    f"\n\ndef handler_{n}(event):\n    \"\"\"Handle {n}.\"\"\"\n" + "    event += 1\n" * 6
    + "    return registered(), event\n" for n in range(24))


def test_a_module_using_names_of_the_facade_is_within_its_bound(tmp_path: Path) -> None:
    found = _within_bounds("handlers", tmp_path, HANDLERS, max_lines=60, max_new_files=30)
    assert len(found) >= 3 and all(lines <= bound for _, lines, bound in found), found


@pytest.mark.slow
@pytest.mark.parametrize("name", [
    "argparse", "tarfile", "_pydecimal", "smtplib", "zipfile", "pickle", "datetime", "typing",
])
def test_each_module_written_is_within_the_bound_planning_used_slow(tmp_path: Path, name: str) -> None:
    found = _within_bounds(name, tmp_path)
    assert found and all(lines <= bound for _, lines, bound in found), found


def test_a_module_whose_imports_outgrew_the_plan_is_planned_again_under_a_lower_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """locale's `getdefaultlocale` module came out at 401 lines when the plan did not count the lines
    of imports guarded for names bound on some paths only (`try: ... except ImportError: pass`). It
    counts them now; with that count taken away again, as an estimate that falls short, the module is
    planned again for a limit two lines lower and every file is under 400."""
    shutil.copy(STDLIB / "locale.py", tmp_path / "locale.py")
    monkeypatch.setattr(sizes, "guarded_bound", lambda names: 0)

    def written(replans: int) -> list[int]:
        monkeypatch.setattr(generation, "_REPLANS", replans)
        split = generation.generate_split(tmp_path / "locale.py", SplitOptions())
        return [count_lines(m.text) for m in split.generated.modules] + [f.actual for f in split.limits]

    assert max(written(0)) >= 400  # the estimate alone falls short (if it no longer does, pick another case)
    assert max(written(2)) < 400
