"""Every input a check reads is part of its cache key: a warm run after an edit reports what `--no-cache`
reports (pyproject.toml's declarations, the roadmap's limits, the API snapshots, the installed
distributions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import check, git, make_repo, write

from refactor_tool.check.model import CheckOptions
from refactor_tool.check.use_case import run_checks


def _used(document: dict, budget: str) -> int | None:
    return next(limit["used"] for limit in document["limits"] if limit["name"] == budget)


def _messages(repo: Path, *args: str) -> list[str]:
    """The warm (cached) run's findings, after checking that a run without the cache agrees."""
    _, warm, error = check(repo, "--no-gate", *args)
    assert warm, error
    _, cold, _ = check(repo, "--no-gate", "--no-cache", *args)
    assert warm["findings"] == cold["findings"] and warm["limits"] == cold["limits"]
    return [f"{f['path']}: {f['message']}" for f in warm["findings"]]


def test_a_pyproject_edit_between_two_runs_changes_the_new_dependency_findings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert check(repo, "--no-gate")[0] == 0  # warms the cache
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace('dependencies = ["click>=8"]', 'dependencies = ["click>=8", "rich"]'))
    assert _messages(repo) == ["pyproject.toml: rich is newly declared ([project] dependencies)"]
    write(repo, "pyproject.toml", text.replace('dependencies = ["click>=8"]', "dependencies = []"))
    (message,) = _messages(repo)
    assert message.startswith("pkg/core.py: imports click, but no declared dependency provides it")
    write(repo, "pyproject.toml", text)
    assert _messages(repo) == []


def test_a_pyproject_edit_changes_which_allow_entries_count_against_a_budget(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text().replace('"click>=8"', '"click>=8", "rich"')
    write(repo, "pyproject.toml", text)
    code, document, _ = check(repo, "--no-gate")
    assert code == 1 and _used(document, "max-new-dependencies") == 1
    write(repo, "pyproject.toml", text + '\n[[tool.refactor_tool.allow]]\nkind = "new-dependency"\n'
                                          'path = "pyproject.toml"\nreason = "wanted"\n')
    code, document, _ = check(repo, "--no-gate")
    assert code == 0 and _used(document, "max-new-dependencies") == 0


def test_a_roadmap_edit_changes_the_limits_applied(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace("[tool.refactor_tool]\n", '[tool.refactor_tool]\nroadmap = "ROADMAP.md"\n'))
    table = "# Roadmap\n\n## Phase 1: Split\n\n### Tasks\n\n- [ ] split\n\n## Resource limits\n\n| resource | limit |\n|---|---|\n| new files | ≤ {n} |\n"
    write(repo, "ROADMAP.md", table.format(n=5))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "roadmap")
    write(repo, "pkg/a.py", "A = 1\n")
    write(repo, "pkg/b.py", "B = 1\n")
    write(repo, "pkg/__init__.py", "from pkg import a, b\nfrom pkg.core import public_function\n")
    assert _messages(repo, "--select", "too-many-new-files") == []
    write(repo, "ROADMAP.md", table.format(n=1))
    (message,) = _messages(repo, "--select", "too-many-new-files")
    assert "2 files added since HEAD" in message and "over the budget of 1" in message


def test_an_api_snapshot_edit_changes_the_api_findings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert check(repo, "--no-gate")[0] == 0
    (repo / "reports/api").mkdir(parents=True)
    from refactor_tool.api.use_case import take_snapshot

    target = repo / "reports/api/pkg.json"
    take_snapshot("pkg", output=target, cwd=repo)
    assert _messages(repo, "--select", "api-break") == []
    target.write_text(target.read_text(encoding="utf-8").replace("public_function", "gone_function"), encoding="utf-8")
    found = _messages(repo, "--select", "api-break")
    assert found and all("gone_function" in message for message in found)


def test_installing_a_distribution_between_two_runs_changes_the_undeclared_imports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A distribution appearing in a folder on the import path (not a site-packages folder) is seen."""
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace('"click>=8"', '"click>=8", "zqxwv-dist"'))
    write(repo, "pkg/extra.py", "import zqxwv_mod\n")
    write(repo, "pkg/__init__.py", "from pkg import extra\nfrom pkg.core import public_function\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "declares zqxwv-dist")
    path_entry = tmp_path / "on_path"
    path_entry.mkdir()
    monkeypatch.syspath_prepend(str(path_entry))

    def undeclared() -> list[str]:
        return [f.message for f in run_checks(CheckOptions(root=repo, gate=False)).failing]

    assert undeclared() == ["imports zqxwv_mod, but no declared dependency provides it (zqxwv_mod)"]
    info = path_entry / "zqxwv_dist-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: zqxwv-dist\nVersion: 1.0\n\n", encoding="utf-8")
    (info / "top_level.txt").write_text("zqxwv_mod\n", encoding="utf-8")
    assert undeclared() == []


def _with_ignored_module(tmp_path: Path) -> Path:
    """The demo, `pkg.generated` in a module git ignores (a generated one), and an API snapshot of `pkg`."""
    repo = make_repo(tmp_path)
    write(repo, ".gitignore", "pkg/_generated.py\n")
    write(repo, "pkg/_generated.py", "def generated():\n    return 1\n")
    write(repo, "pkg/__init__.py", "from pkg._generated import generated\nfrom pkg.core import public_function\n\n"
                                   '__all__ = ["generated", "public_function"]\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a generated module")
    from refactor_tool.api.use_case import take_snapshot

    take_snapshot("pkg", output=repo / "reports/api/pkg.json", cwd=repo)
    return repo


def test_an_edit_of_a_git_ignored_module_inside_a_package_changes_the_api_findings(tmp_path: Path) -> None:
    """The api engine reads every module of the package folder, listed by git or not: so does the key."""
    repo = _with_ignored_module(tmp_path)
    assert _messages(repo, "--select", "api-break") == []
    write(repo, "pkg/_generated.py", "def generated(value):\n    return value\n")
    (message,) = _messages(repo, "--select", "api-break")
    assert message.startswith("pkg/_generated.py: pkg.generated: ") and "value" in message
