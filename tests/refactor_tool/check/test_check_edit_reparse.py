"""A pre-commit run after editing one file parses that file alone: its facts (file size, imports, dead
modules, cycles) and, for the api-break comparison of its package with the base, its module, on neither
side any other. Parses are counted where they happen, the forked child of the comparison included (each
appends a line to a log file), through the default options."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import git, make_repo, write

import refactor_tool.api.sources as api_sources
import refactor_tool.check.sources as check_sources
from refactor_tool.check.model import CheckOptions
from refactor_tool.check.use_case import run_checks

MODULES = {f"pkg/part_{n}.py": f'"""Part {n}."""\n\n\ndef work_{n}(x, y=1):\n    return x + y\n' for n in range(6)}


@pytest.fixture
def parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log of every parse, one line each: `facts <first line>` and `api <module>`."""
    log = tmp_path / "parses.log"
    scanned, read_module = check_sources.read_scanned, api_sources.read_module

    def counted_scan(data: bytes):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"facts {data.decode().splitlines()[0] if data else ''}\n")
        return scanned(data)

    def counted_module(name: str, source: bytes, **options):  # type: ignore[no-untyped-def]
        with log.open("a") as out:
            out.write(f"api {name}\n")
        return read_module(name, source, **options)

    monkeypatch.setattr(check_sources, "read_scanned", counted_scan)
    monkeypatch.setattr(api_sources, "read_module", counted_module)
    return log


def _run(repo: Path, log: Path, *, cache: bool = True) -> tuple[list[str], list[tuple[str, str]]]:
    """One run as a new process makes it (nothing parsed before in memory): (parses, findings)."""
    api_sources._read_module.cache_clear()
    log.unlink(missing_ok=True)
    result = run_checks(CheckOptions(root=repo, gate=False, cache=cache))
    done = log.read_text().splitlines() if log.exists() else []
    return sorted(done), [(f.kind.value, f"{f.path}:{f.line}: {f.message}") for f in result.findings]


def test_a_second_run_after_editing_one_file_parses_only_that_file(tmp_path: Path, parses: Path) -> None:
    repo = make_repo(tmp_path)
    for path, text in MODULES.items():
        write(repo, path, text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "parts")
    write(repo, "pkg/part_1.py", MODULES["pkg/part_1.py"].replace("y=1", "y=2"))
    first, _ = _run(repo, parses)
    # the first run reads every file, and the changed package on both sides (the base's part_1 too)
    assert first.count("api pkg.part_1") == 2 and len([p for p in first if p.startswith("facts")]) == 9

    write(repo, "pkg/part_4.py", MODULES["pkg/part_4.py"].replace("def work_4(x, y=1)", "def work_4(x)"))
    second, findings = _run(repo, parses)
    assert second == ["api pkg.part_4", 'facts """Part 4."""']
    assert ("api-break", "pkg/part_4.py:4: pkg.part_4.work_4: Parameter was removed (y) [parameter-removed]") in findings
    assert findings == _run(repo, parses, cache=False)[1]
