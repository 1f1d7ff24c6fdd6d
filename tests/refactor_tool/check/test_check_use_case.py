"""The use case with its ports replaced (the gate, the installed distributions), the index in --staged
mode, and the cache: a second run parses nothing, a changed file is parsed again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from check_support import git, make_repo, write

from refactor_tool.check import project, sources
from refactor_tool.check.findings import FindingKind
from refactor_tool.check.model import CheckOptions
from refactor_tool.check.read import read_scanned
from refactor_tool.check.use_case import CheckPorts, run_checks
from refactor_tool.io.gate import GateOutcome
from refactor_tool.io.gate_results import CountSource, MarkerCounts, RunCounts
from refactor_tool.render.check import render_check_concise


def test_the_gate_port_gets_the_command_a_log_and_the_markers(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    calls: list[dict[str, Any]] = []

    def fake_gate(command: str, cwd: Path, **options: Any) -> GateOutcome:
        calls.append({"command": command, "cwd": cwd, **options})
        return GateOutcome(command, 0, "", counts=RunCounts(10, 0, 4, 0, CountSource.JUNIT),
                           markers=(MarkerCounts("cuda", 0, 4, ("no CUDA GPU",)),), log=str(options["log"]))

    result = run_checks(CheckOptions(root=repo, gate=True), ports=CheckPorts(run_gate=fake_gate))
    assert result.ok and calls[0]["markers"] == ("cuda",) and calls[0]["cwd"] == repo.resolve()
    assert calls[0]["log"] == repo.resolve() / ".refactor_tool_cache" / "gate" / "gate.log"
    lines: list[str] = []
    render_check_concise(result, lines.append)
    assert "gate: cuda tests: 0 ran, 4 skipped (no CUDA GPU)" in lines
    assert any(line.startswith("gate `") and "passed: 10 passed, 0 failed, 4 skipped, 0 errors" in line
               for line in lines)


def test_the_distributions_port_maps_import_names(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", "import click\nimport yaml\n\n\ndef public_function(a):\n    return a + 1\n")
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace('["click>=8"]', '["click>=8", "PyYAML"]'))
    git(repo, "commit", "-qam", "yaml")
    ports = CheckPorts(distributions=lambda cache: {"yaml": ["PyYAML"], "click": ["click"]})
    assert run_checks(CheckOptions(root=repo, gate=False, cache=False), ports=ports).ok
    ports = CheckPorts(distributions=lambda cache: {"yaml": ["ruamel-yaml"], "click": ["click"]})
    (finding,) = run_checks(CheckOptions(root=repo, gate=False, cache=False), ports=ports).failing
    assert finding.message == "imports yaml, but no declared dependency provides it (ruamel-yaml)"


def test_staged_mode_checks_the_index_not_the_work_tree(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/big.py", "".join(f"X{i} = {i}\n" for i in range(400)))
    write(repo, "pkg/__init__.py", "from pkg.core import public_function\nfrom pkg import big\n")
    git(repo, "add", "pkg")
    write(repo, "pkg/big.py", "X = 1\n")  # the work tree is fine; the index is not
    write(repo, "scratch.py", "import hypothesis\n")  # untracked: not in the next commit
    staged = run_checks(CheckOptions(root=repo, staged=True, gate=False))
    assert staged.mode == "index" and [(f.kind.value, f.path) for f in staged.failing] == [("file-too-large", "pkg/big.py")]
    worktree = run_checks(CheckOptions(root=repo, gate=False))
    assert [(f.kind.value, f.path) for f in worktree.failing] == [("new-dependency", "scratch.py")]


def test_staged_api_check_reads_the_staged_package(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n\n\ndef public_function(a, b):\n    return a + b\n')
    git(repo, "add", "pkg/core.py")
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n\n\ndef public_function(a):\n    return a\n')
    (finding,) = run_checks(CheckOptions(root=repo, staged=True, gate=False)).failing
    assert finding.kind.value == "api-break" and finding.path == "pkg/core.py" and "(b)" in finding.message
    assert run_checks(CheckOptions(root=repo, gate=False)).ok


def test_a_warm_run_parses_only_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    parsed: list[bytes] = []

    def counting(data: bytes) -> Any:
        parsed.append(data)
        return read_scanned(data)

    monkeypatch.setattr(sources, "read_scanned", counting)
    first = run_checks(CheckOptions(root=repo, gate=False))
    assert len(parsed) == 3 and first.ok
    parsed.clear()
    assert run_checks(CheckOptions(root=repo, gate=False)).findings == first.findings and parsed == []
    write(repo, "notes.md", "a new file changes the run's key, not any file's facts\n")
    again = run_checks(CheckOptions(root=repo, gate=False))
    assert parsed == [] and again.usage["max-new-files"] == 1
    write(repo, "pkg/core.py", "import click\n\n\ndef public_function(a):\n    return a + 2\n")
    run_checks(CheckOptions(root=repo, gate=False))
    assert len(parsed) == 1
    assert ".refactor_tool_cache" not in git(repo, "status", "--porcelain", "--untracked-files=all")


def test_a_repeated_run_reuses_its_findings_until_an_input_changes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/unused.py", "x = 1\n")
    first = run_checks(CheckOptions(root=repo, gate=False))
    assert [f.kind.value for f in first.failing] == ["dead-module"]
    assert run_checks(CheckOptions(root=repo, gate=False)).findings == first.findings
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text + '\n[[tool.refactor_tool.allow]]\nkind = "dead-module"\npath = "pkg/*"\nreason = "r"\n')
    assert run_checks(CheckOptions(root=repo, gate=False)).ok
    assert [f.kind.value for f in run_checks(CheckOptions(root=repo, gate=False, select=(
        FindingKind.FILE_TOO_LARGE,), overrides={"max-lines": 3})).failing] == ["file-too-large"] * 3


def test_a_warm_run_reports_exactly_what_the_cold_run_did(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/unused.py", "x = 1\n")
    cold = run_checks(CheckOptions(root=repo, gate=False)).as_dict()
    warm = run_checks(CheckOptions(root=repo, gate=False)).as_dict()
    assert [f["kind"] for f in cold["findings"]] == ["dead-module"]
    assert any(line.startswith("gate-failed") for line in cold["skipped"])
    assert {**warm, "seconds": 0} == {**cold, "seconds": 0}


def test_the_installed_distributions_are_read_only_for_a_third_party_import(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport json\n\n\ndef public_function(a):\n    return json.dumps(a)\n')
    reads: list[object] = []
    ports = CheckPorts(distributions=lambda cache: reads.append(cache) or {"click": ["click"]})
    assert run_checks(CheckOptions(root=repo, gate=False, cache=False), ports=ports).ok and reads == []
    write(repo, "pkg/extra.py", "import click\n")
    write(repo, "pkg/__init__.py", "from pkg import extra\nfrom pkg.core import public_function\n")
    assert run_checks(CheckOptions(root=repo, gate=False, cache=False), ports=ports).ok and len(reads) == 1


def test_an_import_nothing_installed_provides_needs_no_look_up_in_the_installed_distributions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)  # the environment's own map (the default port): read only for a name it may hold
    reads: list[int] = []
    real = project._installed
    monkeypatch.setattr(project, "_installed", lambda: reads.append(1) or real())
    core = (repo / "pkg/core.py").read_text()
    write(repo, "pkg/core.py", core.replace("import click\n", "import no_such_module_anywhere\n"))
    missing = ["imports no_such_module_anywhere, but no declared dependency provides it (no_such_module_anywhere)"]
    assert [f.message for f in run_checks(CheckOptions(root=repo, gate=False, cache=False)).findings] == missing
    assert reads == []
    write(repo, "pkg/extra.py", "import click\n")  # installed: the map names its distribution
    write(repo, "pkg/__init__.py", "from pkg import extra\nfrom pkg.core import public_function\n")
    assert [f.message for f in run_checks(CheckOptions(root=repo, gate=False, cache=False)).findings] == missing
    assert reads == [1]


def test_deprecated_names_are_read_only_when_the_roadmap_asks_for_their_removal(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport warnings\n\n\ndef public_function(a):\n    return a + 1\n\n\n'
                               'def old(a):\n    warnings.warn("use public_function", DeprecationWarning)\n    return a\n')
    assert run_checks(CheckOptions(root=repo, gate=False)).ok  # no roadmap: deprecation is no finding
    write(repo, "ROADMAP.md", "# Roadmap\n\n## Phase 1: Clean-up\n\n### Tasks\n\n- [ ] remove deprecated exports\n")
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace("[tool.refactor_tool]\n", '[tool.refactor_tool]\nroadmap = "ROADMAP.md"\n'))
    for _run in ("cold", "warm"):
        (finding,) = run_checks(CheckOptions(root=repo, gate=False, select=(FindingKind.DEPRECATED_EXPORT,))).failing
        assert (finding.path, finding.line, finding.subject) == ("pkg/core.py", 9, "pkg.core.old")


def test_the_first_public_form_run_checks_root_max_lines_still_works(tmp_path: Path) -> None:
    """`refactor_tool.run_checks(root, max_lines=...)` was the flat API's signature before CheckOptions."""
    import refactor_tool

    repo = make_repo(tmp_path)
    calls: list[str] = []
    ports = CheckPorts(run_gate=lambda command, cwd, **options: calls.append(command))  # type: ignore[arg-type,return-value]
    clean = refactor_tool.run_checks(repo, ports=ports)
    assert clean.ok and clean.root == str(repo.resolve()) and clean.files_checked == 3
    (finding,) = refactor_tool.run_checks(str(repo), max_lines=6, ports=ports).findings  # pkg/core.py: 6 lines
    assert (finding.kind, finding.path) == (FindingKind.FILE_TOO_LARGE, "pkg/core.py")
    assert refactor_tool.run_checks(root=repo, max_lines=6, ports=ports).findings == (finding,)  # by keyword
    assert refactor_tool.CheckResult(str(repo), 3, ()).ok  # 0.1's fields, in 0.1's order
    assert calls == []  # that form never ran a command: the configured gate stays off
    limit = run_checks(CheckOptions(root=repo, gate=False), max_lines=5).limits
    assert any(item.name == "max-lines" and item.value == 5 for item in limit)


def test_a_repeated_run_reads_only_files_whose_stat_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As git's index: an unchanged stat keeps the blob id; a rewrite keeping size and mtime still changes
    the ctime, and a file changed within the last seconds is read again (its stat is not remembered)."""
    import os

    repo = make_repo(tmp_path)
    settled = 1_600_000_000
    for path in ("pkg/__init__.py", "pkg/core.py", "tests/test_core.py"):
        os.utime(repo / path, (settled, settled))
    read: list[str] = []
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        read.append(path.relative_to(repo).as_posix())
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    monkeypatch.setattr(sources, "_RACY_NS", 0)  # the files were made just now: trust any stat from before
    assert run_checks(CheckOptions(root=repo, gate=False)).ok
    assert {"pkg/core.py", "pkg/__init__.py", "tests/test_core.py"} <= set(read)
    read.clear()
    assert run_checks(CheckOptions(root=repo, gate=False)).ok
    assert [path for path in read if path.endswith(".py")] == []
    original = (repo / "pkg/core.py").read_text()
    write(repo, "pkg/core.py", original.replace("import click", "import zqxwv"))  # the same size
    os.utime(repo / "pkg/core.py", (settled, settled))
    (finding,) = run_checks(CheckOptions(root=repo, gate=False)).failing
    assert finding.message.startswith("imports zqxwv") and "pkg/core.py" in read
    monkeypatch.setattr(sources, "_RACY_NS", 2_000_000_000)
    write(repo, "pkg/core.py", original)
    assert run_checks(CheckOptions(root=repo, gate=False)).ok  # the checks read what they need
    for _ in range(2):
        read.clear()
        assert run_checks(CheckOptions(root=repo, gate=False)).ok
        assert [path for path in read if path.endswith(".py")] == ["pkg/core.py"]  # changed too recently
