from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from refactor_tool.check import load_project_config, python_files
from refactor_tool.errors import ConfigError


def test_config_defaults_without_pyproject(tmp_path: Path) -> None:
    config = load_project_config(tmp_path)
    assert (config.max_lines, config.exclude) == (400, ())


def test_config_reads_tool_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refactor_tool]\nmax-lines = 250\nexclude = ["tests/fixtures/*"]\n', encoding="utf-8"
    )
    config = load_project_config(tmp_path)
    assert (config.max_lines, config.exclude) == (250, ("tests/fixtures/*",))


@pytest.mark.parametrize("body", ["[tool.refactor_tool]\nmax-lines = 0\n", "[tool.refactor_tool\n"])
def test_bad_config_names_the_file(tmp_path: Path, body: str) -> None:
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_project_config(tmp_path)
    assert str(tmp_path / "pyproject.toml") in caught.value.one_line()


def test_python_files_follow_git_ignore_and_exclude(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored.py\n", encoding="utf-8")
    for name in ("kept.py", "ignored.py", "gen/skip.py", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    found = python_files(tmp_path, exclude=("gen/*",))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["kept.py"]
