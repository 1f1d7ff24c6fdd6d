from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli.check import main

REPO = Path(__file__).resolve().parents[3]


def _project(tmp_path: Path, lines: int) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = 5\n", encoding="utf-8")
    (tmp_path / "mod.py").write_text("".join(f"a{i} = {i}\n" for i in range(lines)), encoding="utf-8")
    return tmp_path


def test_within_budget_exits_zero(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(_project(tmp_path, 4)), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ok"] is True


def test_over_budget_exits_one_and_names_the_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(_project(tmp_path, 7)), "--format", "json"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["kind"], finding["actual"]) == ("mod.py", "file-too-large", 7)


def test_github_format_annotates_the_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(_project(tmp_path, 7)), "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=mod.py,line=5,title=file-too-large::")


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = -3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "pyproject.toml" in result.stderr


def test_this_repository_obeys_its_own_limit() -> None:
    """We obey the limit we enforce on others: every Python file of ours is under 400 lines."""
    result = CliRunner().invoke(main, ["--root", str(REPO), "--format", "json"])
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 0
