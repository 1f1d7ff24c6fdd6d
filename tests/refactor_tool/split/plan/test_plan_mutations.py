"""Changes to a name's object that together are over the limit (`units.detached_mutations`): toolz's
`module_info = {}` followed by `module_info[builtins] = dict(...)` and four more such blocks, 550 lines
that used to make one unit with their name. They move apart, each after its name and before what reads
it; the values, their order and what the module computes from them at import stay the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.plan.units import build_units
from refactor_tool.split.use_case import apply_split
from refactor_tool.syntax.facts import analyze_module


def _block(key: str, rows: int) -> str:
    entries = "".join(f"    {key}_{i}=[\n        lambda x, y={i}: None],\n" for i in range(rows))
    return f"signatures[{key!r}] = dict(\n{entries})\n"


def _source(registry: bool = True, reader_between: bool = False) -> str:
    """toolz's `_signatures.py` in small: blocks of 29 lines, 91 in all, under a limit of 80."""
    text = ('"""Signatures of callables the registry knows."""\n\nsignatures = {}\n\n' + _block("builtins", 14)
            + "signatures['builtins']['exec'] = [lambda source: None]\n\n"
            + ("first_seen = sorted(signatures)\n\n" if reader_between else "")
            + _block("functools", 14) + "\n" + _block("operator", 14)
            + "\n\ndef lookup(module, name):\n    return signatures[module][name]\n")
    if registry:  # read while the module loads, after every change (toolz's `create_signature_registry()`)
        text += ("\n\ndef create_registry(info=signatures):\n"
                 "    return {(m, n): len(v) for m, d in info.items() for n, v in d.items()}\n\n\n"
                 "registry = create_registry()\n")
    return text


PROBE = ("import sigs; s = sigs.signatures; print(list(s), [len(d) for d in s.values()], "
         "list(s['builtins'])[-1], sigs.lookup('operator', 'operator_3')[0].__defaults__, "
         "len(getattr(sigs, 'registry', ())), sorted(n for n in vars(sigs) if not n.startswith('__')))")


def _run(folder: Path, probe: str = PROBE) -> str:
    done = subprocess.run([sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _split(tmp_path: Path, source: str, layout: Layout = Layout.PACKAGE) -> tuple[str, list[Path]]:
    (tmp_path / "sigs.py").write_text(source)
    before = _run(tmp_path)
    result = apply_split(tmp_path / "sigs.py", SplitOptions(max_lines=80, allow_dirty=True, layout=layout))
    assert result.ok and result.planned.plan.within_limits, result.planned.plan.limits
    written = [Path(p) for p in result.written if Path(p).exists()]
    assert all(len(p.read_text().splitlines()) < 80 for p in written)
    assert _run(tmp_path) == before
    return before, written


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_changes_read_while_loading_are_loaded_by_their_reader(tmp_path: Path, layout: Layout) -> None:
    """The registry is built at import from the filled table: its module imports the module of changes."""
    before, written = _split(tmp_path, _source(), layout)
    assert before.startswith("['builtins', 'functools', 'operator'] [15, 14, 14] exec (3,) 43")
    reader = next(p for p in written if "registry = create_registry()" in p.read_text())
    changes = next(p for p in written if "signatures['operator'] = dict(" in p.read_text())
    assert changes != reader and f"from . import {changes.stem}  # noqa: F401" in reader.read_text()
    assert "Adds its entries to `signatures` when it loads" in changes.read_text().replace("\n", " ")


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_changes_nothing_reads_while_loading_are_loaded_by_the_facade(tmp_path: Path, layout: Layout) -> None:
    before, _ = _split(tmp_path, _source(registry=False), layout)
    assert before.startswith("['builtins', 'functools', 'operator'] [15, 14, 14]")
    facade = tmp_path / ("sigs/__init__.py" if layout is Layout.PACKAGE else "sigs.py")
    assert "Loaded for what it adds to signatures (sigs.py:" in facade.read_text()


def _units_of(source: str, cap: int | None) -> list[tuple[int, ...]]:
    graph = build_units(analyze_module(source, "sigs.py"), cap)
    return sorted(graph.units.values())


def test_changes_under_the_limit_stay_with_their_name() -> None:
    """Below the limit nothing changes: `Foo.x = 1` and small tables travel with their name as before."""
    source = _source()
    assert _units_of(source, 400) == _units_of(source, None)
    assert len(_units_of(source, 80)) > len(_units_of(source, None))


def test_a_change_after_code_that_read_the_name_while_loading_stays() -> None:
    """`first_seen = sorted(signatures)` between two changes must not see the second one: the changes
    after it stay with the name (and so with what read it before them)."""
    graph = build_units(analyze_module(_source(reader_between=True), "sigs.py"), 80)
    assert sorted(graph.detached) == [2, 3]  # the builtins block and `signatures['builtins']['exec']`
    assert set(graph.detached.values()) == {"signatures"}


def test_a_change_after_code_that_ran_a_reader_of_the_name_stays() -> None:
    """`first_seen = count()` runs a function reading `signatures` between two changes: it saw the table
    without the later ones, so those stay with the name."""
    source = _source(reader_between=True).replace(
        "first_seen = sorted(signatures)\n", "first_seen = count()\n").replace(
        "signatures = {}\n", "signatures = {}\n\n\ndef count():\n    return len(signatures)\n\n")
    graph = build_units(analyze_module(source, "sigs.py"), 80)
    assert sorted(graph.detached) == [3, 4]  # after the docstring, `signatures = {}` and `def count`
