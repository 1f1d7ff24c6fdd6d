"""`refactor-tool api snapshot|diff` end to end through click: exit codes, formats, allow entries, bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

OLD = "def make(size=2):\n    return size\n\n\ndef helper(x):\n    return x\n\n\nclass Box:\n    def open(self): ...\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """old/mypkg and new/mypkg (helper removed, make's default changed) under a pyproject.toml."""
    for side, text in (("old", OLD), ("new", OLD.replace("def helper(x):\n    return x\n", "").replace("size=2", "size=3"))):
        (tmp_path / side / "mypkg").mkdir(parents=True)
        (tmp_path / side / "mypkg/__init__.py").write_text("from .core import *\n")
        (tmp_path / side / "mypkg/core.py").write_text(text)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> object:
    return CliRunner().invoke(main, ["api", *args])


def test_snapshot_to_stdout_is_the_snapshot_document(project: Path) -> None:
    result = run("snapshot", "old/mypkg")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format_version"] == 1 and data["package"] == "mypkg"
    assert data["entries"]["mypkg.make"]["target"] == "mypkg.core.make"


def test_snapshot_to_file_then_diff_it(project: Path) -> None:
    result = run("snapshot", "old/mypkg", "-o", "reports/api/mypkg.json")
    assert result.exit_code == 0 and "wrote reports/api/mypkg.json" in result.stdout
    result = run("diff", "reports/api/mypkg.json", "old/mypkg")
    assert result.exit_code == 0 and "no breaking changes" in result.stdout


def test_diff_exits_one_and_json_lists_findings(project: Path) -> None:
    result = run("diff", "old/mypkg", "new/mypkg", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    kinds = {(f["kind"], f["path"], f["severity"], tuple(f["also"])) for f in data["findings"]}
    assert kinds == {
        # One definition, two public paths: one finding, the longer path listed in `also`.
        ("path-removed", "mypkg.helper", "breaking", ("mypkg.core.helper",)),
        ("default-changed", "mypkg.make", "warning", ("mypkg.core.make",)),
    }
    assert data["breaking"] == 1 and data["exit_code"] == 1


def test_github_and_markdown_formats(project: Path) -> None:
    github = run("diff", "old/mypkg", "new/mypkg", "--format", "github")
    lines = github.stdout.splitlines()
    assert "::error file=new/mypkg/__init__.py,title=path-removed::mypkg.helper: Public import path was removed:" \
        " function (also mypkg.core.helper)" in lines
    assert any(line.startswith("::warning file=new/mypkg/core.py,line=1,title=default-changed::") for line in lines)
    markdown = run("diff", "old/mypkg", "new/mypkg", "--format", "markdown")
    assert "| breaking | Public import path was removed | `mypkg.helper` |" in markdown.stdout
    assert github.exit_code == markdown.exit_code == 1


def test_allow_entry_accepts_a_break_with_its_reason(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.refactor_tool.api.allow]\n"mypkg.helper" = "deprecated in 1.2"\n"mypkg.core.*" = "internal module"\n'
    )
    result = run("diff", "old/mypkg", "new/mypkg", "--format", "json")
    assert result.exit_code == 0
    accepted = {f["path"]: f["accepted"] for f in json.loads(result.stdout)["findings"]}
    assert accepted["mypkg.helper"] == "deprecated in 1.2" and accepted["mypkg.core.helper"] == "internal module"
    text = run("diff", "old/mypkg", "new/mypkg")
    assert "accepted mypkg.helper (path-removed): deprecated in 1.2" in text.stdout and text.exit_code == 0


def test_allow_entry_without_reason_is_a_config_error(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.refactor_tool.api.allow]\n"mypkg.helper" = ""\n')
    result = run("diff", "old/mypkg", "new/mypkg")
    assert result.exit_code == 2 and "needs a reason" in result.stderr


def test_syntax_error_names_file_and_line_and_still_diffs_the_rest(project: Path) -> None:
    (project / "new/mypkg/broken.py").write_text("def f(:\n")
    result = run("diff", "old/mypkg", "new/mypkg", "--format", "json")
    assert result.exit_code == 2
    assert "new/mypkg/broken.py:1: syntax error" in result.stderr
    breaking = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "breaking"]
    assert [(f["path"], f["also"]) for f in breaking] == [("mypkg.helper", ["mypkg.core.helper"])]


def test_unknown_git_ref_is_one_line_exit_two(project: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    result = run("diff", "git:v9:old/mypkg", "new/mypkg")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown git ref 'v9'" in result.stderr


def test_snapshot_of_another_format_version_is_exit_two(project: Path) -> None:
    (project / "old.json").write_text(json.dumps({"format": "refactor-tool/api-surface", "format_version": 99}))
    result = run("diff", "old.json", "new/mypkg")
    assert result.exit_code == 2 and "format version 99 is not supported" in result.stderr


def test_missing_package_is_exit_two(project: Path) -> None:
    result = run("snapshot", "no_such_package_here")
    assert result.exit_code == 2 and "no such file, directory or installed package" in result.stderr


def test_import_flag_settles_a_getattr_shim(project: Path) -> None:
    shim = "from .core import make, Box\n\ndef __getattr__(name):\n    from . import core\n    return getattr(core, name.replace('er', 'xx'))\n"
    (project / "new/mypkg/__init__.py").write_text(shim)
    (project / "new/mypkg/core.py").write_text(OLD.replace("size=2", "size=3").replace("def helper", "def helpxx"))
    static = run("diff", "old/mypkg", "new/mypkg", "--format", "json")
    assert "mypkg.helper" in {f["path"] for f in json.loads(static.stdout)["findings"] if f["severity"] == "breaking"}
    imported = run("diff", "old/mypkg", "new/mypkg", "--format", "json", "--import")
    data = json.loads(imported.stdout)
    assert "mypkg.helper" in data["probed_at_import"]
    assert "mypkg.helper" not in {f["path"] for f in data["findings"]}


def test_public_api_lists_everything_it_exports() -> None:
    import refactor_tool.api as surface

    assert len(set(surface.__all__)) == len(surface.__all__)
    assert all(hasattr(surface, name) for name in surface.__all__)


def test_snapshot_with_a_syntax_error_names_it_and_writes_nothing(project: Path) -> None:
    (project / "old/mypkg/broken.py").write_text("x = (\n")
    result = run("snapshot", "old/mypkg", "-o", "out.json")
    assert result.exit_code == 2 and not (project / "out.json").exists()
    assert "old/mypkg/broken.py:1: syntax error" in result.stderr  # relative to where the command ran
    assert "nothing written" in result.stdout
