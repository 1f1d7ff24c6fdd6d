"""Limits the split cannot meet are findings, shown first, named after the definition responsible;
everything else is written and the exit code is 1 (as `ruff --fix` with findings left). The limits
come from the nearest pyproject.toml unless given."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli import main

HUGE = "def huge(n):\n    \"\"\"Too long to split.\"\"\"\n" + "".join(
    f"    n += {i}  # step\n" for i in range(130)) + "    return n\n"
SMALL = "".join(f"\n\ndef small{i}(n):\n" + "".join(f"    n += {k}\n" for k in range(12)) + "    return n\n"
                for i in range(12))


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_function_over_the_limit_is_named_first_and_everything_else_is_written(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text(f'"""A module."""\n\n\n{HUGE}{SMALL}')
    plan = _run("plan", str(path), "--max-lines", "100")
    assert plan.exit_code == 1
    first = plan.stdout.splitlines()[0]
    assert first.startswith("file-too-large") and "function `huge` (mod.py:4, 133 lines)" in first
    assert "a function cannot be split safely" in first
    split = _run("split", str(path), "--max-lines", "100", "--allow-dirty", "--format", "json")
    assert split.exit_code == 1
    data = json.loads(split.stdout)
    (finding,) = data["limits"]
    assert finding["kind"] == "file-too-large" and finding["line"] == 4 and finding["actual"] >= 133
    written = [Path(p) for p in data["written"] if Path(p).exists()]
    assert len(written) >= 3 and (tmp_path / "mod" / "__init__.py").is_file()
    over = [p for p in written if len(p.read_text().splitlines()) >= 100]
    assert [str(p) for p in over] == [finding["path"]]


def test_too_many_new_files_is_a_finding_too(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text(f'"""A module."""\n{SMALL}')
    result = _run("split", str(path), "--max-lines", "60", "--max-new-files", "2", "--allow-dirty",
                  "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["kind"] for f in data["limits"]] == ["too-many-new-files"]
    assert data["limits"][0]["actual"] > 2 == data["limits"][0]["limit"]
    assert all(f["lines"] is None or f["lines"] < 60 for f in data["files"])


def _project(tmp_path: Path, settings: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n[tool.refactor_tool]\n{settings}")
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "mod.py"
    path.write_text(f'"""A module."""\n{SMALL}')
    return path


def test_limits_come_from_the_nearest_pyproject_unless_given(tmp_path: Path) -> None:
    path = _project(tmp_path, "max-lines = 90\nmax-new-files = 9\n")
    data = json.loads(_run("plan", str(path), "--format", "json").stdout)
    assert (data["max_lines"], data["max_new_files"]) == (90, 9)
    assert all(m["lines"] < 90 for m in data["modules"])
    given = json.loads(_run("plan", str(path), "--max-lines", "120", "--format", "json").stdout)
    assert (given["max_lines"], given["max_new_files"]) == (120, 9)


def test_a_plan_file_setting_wins_over_the_pyproject(tmp_path: Path) -> None:
    path = _project(tmp_path, "max-lines = 90\n")
    plan = tmp_path / "plan.toml"
    plan.write_text('[split]\nmax-lines = 150\n\n[modules]\n"first.py" = ["small0"]\n')
    data = json.loads(_run("plan", str(path), "--plan", str(plan), "--format", "json").stdout)
    assert data["max_lines"] == 150


def test_a_part_of_many_methods_over_the_limit_is_not_called_one_method_too_long() -> None:
    """Only a single method too long by itself is unsplittable; a part of many that came out over is
    the plan's miss and says so (the proof harness accepts only the former)."""
    from refactor_tool.split.limits import _why
    from refactor_tool.syntax.facts import analyze_module

    analysis = analyze_module("x = 1\n", "mod.py")
    statement = analysis.statements[0]
    many = _why([statement], analysis, {}, {0: "methods `K.a`, `K.b`, `K.c`, `K.d`"}, 100, "mod.py")[0]
    one = _why([statement], analysis, {}, {0: "method `K.a`"}, 100, "mod.py")[0]
    assert "4 methods (`K.a`, `K.b`, `K.c` and 1 more)" in many and "cannot be split" not in many
    assert one == "method `K.a` is longer than the limit by itself; a method cannot be split safely"
