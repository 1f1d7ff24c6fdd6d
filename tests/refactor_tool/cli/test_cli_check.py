from __future__ import annotations

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from refactor_tool import __version__
from refactor_tool.cli import main as refactor_tool
from refactor_tool.cli.check import main

REPO = Path(__file__).resolve().parents[3]


def _project(tmp_path: Path, lines: int, files: int = 1) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = 5\n", encoding="utf-8")
    for number in range(files):
        (tmp_path / f"mod{number}.py").write_text("".join(f"a{i} = {i}\n" for i in range(lines)), encoding="utf-8")
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_within_budget_exits_zero(tmp_path: Path) -> None:
    code, stdout, _ = _run("--root", str(_project(tmp_path, 4)), "--format", "json")
    assert code == 0 and json.loads(stdout)["ok"] is True


def test_concise_lines_are_the_default_off_a_terminal_with_correct_plurals(tmp_path: Path) -> None:
    code, stdout, _ = _run("--root", str(_project(tmp_path, 7)))
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0] == "mod0.py:5: file-too-large 7 lines; files must stay under 5"
    assert lines[-1].startswith("1 finding in 1 file; 1 file checked in ")
    code, stdout, _ = _run("--root", str(_project(tmp_path, 7, files=2)))
    assert stdout.splitlines()[-1].startswith("2 findings in 2 files; 2 files checked in ")


def test_limits_say_where_they_came_from(tmp_path: Path) -> None:
    _code, stdout, _ = _run("--root", str(_project(tmp_path, 4)), "--max-new-files", "3")
    limits = next(line for line in stdout.splitlines() if line.startswith("limits: "))
    assert "max-lines 5, from the pyproject" in limits and "max-new-files 3, from the command line" in limits
    assert "max-api-breaks 0, from the default" in limits


def test_long_paths_are_never_cut(tmp_path: Path) -> None:
    deep = tmp_path / ("a_rather_long_folder_name/" * 4)
    deep.mkdir(parents=True)
    (deep / "module_with_a_long_name.py").write_text("".join(f"a{i} = {i}\n" for i in range(9)))
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = 5\n")
    _, stdout, _ = _run("--root", str(tmp_path))
    assert f"{'a_rather_long_folder_name/' * 4}module_with_a_long_name.py:5: file-too-large" in stdout


def test_github_format_annotates_the_file(tmp_path: Path) -> None:
    code, stdout, _ = _run("--root", str(_project(tmp_path, 7)), "--format", "github")
    assert code == 1
    assert stdout.startswith("::error file=mod0.py,line=5,title=file-too-large::7 lines; files must stay under 5")


def test_markdown_format_is_a_summary_with_tables(tmp_path: Path) -> None:
    code, stdout, _ = _run("--root", str(_project(tmp_path, 7)), "--format", "markdown")
    assert code == 1 and stdout.startswith("## refactor-check\n\n:x: **1 finding in 1 file")
    assert "| `file-too-large` | mod0.py:5 | 7 lines; files must stay under 5 |" in stdout
    assert "| `max-lines` | 5 | - | pyproject |" in stdout


def test_text_format_is_a_rich_report(tmp_path: Path) -> None:
    code, stdout, _ = _run("--root", str(_project(tmp_path, 7)), "--format", "text")
    assert code == 1 and "refactor-check findings" in stdout and "file-too-large" in stdout


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = -3\n", encoding="utf-8")
    code, _, stderr = _run("--root", str(tmp_path))
    assert code == 2 and "pyproject.toml:2:" in stderr


def test_version_and_explain() -> None:
    code, stdout, _ = _run("--version")
    assert code == 0 and stdout.strip() == f"refactor-check, version {__version__}"
    code, stdout, _ = _run("--explain", "import-cycle")
    assert code == 0 and stdout.startswith("# import-cycle\n\n## What it does\n")
    assert "## Why it matters" in stdout and "## Example" in stdout and "## What to do instead" in stdout
    code, _, stderr = _run("--explain", "import-cycles")
    assert code == 2 and "did you mean 'import-cycle'?" in stderr


def test_select_runs_only_the_named_checks(tmp_path: Path) -> None:
    code, stdout, _ = _run("--root", str(_project(tmp_path, 7)), "--select", "dead-module", "--format", "json")
    assert code == 0 and json.loads(stdout)["checks"] == ["dead-module"]


def test_refactor_tool_check_is_the_same_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(refactor_tool, ["check", "--root", str(_project(tmp_path, 7)), "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["findings"][0]["kind"] == "file-too-large"


def test_this_repository_passes_its_own_budgets() -> None:
    """We obey the limits we enforce on others (the gate runs in .ci/run, not here)."""
    code, stdout, stderr = _run("--root", str(REPO), "--format", "json", "--no-gate")
    document = json.loads(stdout)
    assert document["findings"] == [], (document["findings"], stderr)
    assert code == 0
    origins = {limit["name"]: limit["origin"] for limit in document["limits"]}
    assert origins == {"max-lines": "roadmap", "max-new-files": "roadmap", "max-new-dependencies": "roadmap",
                       "max-api-breaks": "roadmap"}
    assert sys.version_info >= (3, 11)


def test_github_format_appends_the_markdown_report_to_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    project = _project(tmp_path / "p", 7) if (tmp_path / "p").mkdir() is None else tmp_path
    result = CliRunner(env={"GITHUB_STEP_SUMMARY": str(summary)}).invoke(main, ["--root", str(project), "--format", "github"])
    assert result.exit_code == 1
    assert summary.read_text(encoding="utf-8").startswith("earlier step\n## refactor-check\n\n:x: **1 finding")


def test_the_root_defaults_to_the_nearest_pyproject_above(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project = _project(tmp_path, 7)
    (project / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(project / "sub" / "deeper")
    code, stdout, _ = _run("--format", "json")
    assert code == 1 and json.loads(stdout)["root"] == str(project.resolve())


def test_paths_limit_the_report_to_those_files_and_folders(tmp_path: Path) -> None:
    project = _project(tmp_path, 7, files=2)
    (project / "sub").mkdir()
    (project / "sub" / "deep.py").write_text("".join(f"a{i} = {i}\n" for i in range(9)), encoding="utf-8")
    code, stdout, _ = _run("--root", str(project), "--format", "json", str(project / "sub"), str(project / "mod1.py"))
    assert code == 1 and [f["path"] for f in json.loads(stdout)["findings"]] == ["mod1.py", "sub/deep.py"]
