from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from refactor_tool.errors import ConfigError
from refactor_tool.io.project import (
    AllowEntry,
    Origin,
    load_project_config,
    nearest_project_config,
    python_files,
)


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


def _config(tmp_path: Path, body: str):
    (tmp_path / "pyproject.toml").write_text(body, encoding="utf-8")
    return load_project_config(tmp_path)


def test_every_budget_key_is_read_and_its_origin_known(tmp_path: Path) -> None:
    config = _config(tmp_path, '[project]\nname = "x"\n\n[tool.refactor_tool]\nmax-new-files = 3\n'
                               'max-api-breaks = 1\ngate = "pytest -q"\npackages = ["pkg"]\n')
    assert (config.max_new_files, config.max_api_breaks, config.gate, config.packages) == (3, 1, "pytest -q", ("pkg",))
    assert config.origin("max_new_files") is Origin.PYPROJECT
    assert config.origin("max_lines") is Origin.DEFAULT
    assert config.max_lines == 400


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("[tool.refactor_tool]\nmax-line = 30\n", "unknown key 'max-line' in [tool.refactor_tool]; did you mean 'max-lines'?", 2),
        ("[tool.refactor_tool]\n\nfoo = 1\n", "unknown key 'foo'", 3),
        ('[tool.refactor_tool]\nmax-new-files = "15"\n', "max-new-files must be an integer >= 0, not '15'", 2),
        ("[tool.refactor_tool]\nmax-lines = true\n", "max-lines must be a positive integer", 2),
        ('[tool.refactor_tool]\nexclude = "build/*"\n', "exclude must be a list of glob strings", 2),
        ('[[tool.refactor_tool.allow]]\nkind = "file-too-large"\npath = "a.py"\n', "needs reason", 1),
        ('[tool.refactor_tool]\n[[tool.refactor_tool.allow]]\nkind = "x"\npath = "a"\nreason = "r"\nwhy = "w"\n',
         "unknown key 'why' in [[tool.refactor_tool.allow]]", 2),
    ],
)
def test_a_bad_key_or_value_is_named_with_its_line(tmp_path: Path, body: str, message: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        _config(tmp_path, body)
    assert message in caught.value.message
    assert caught.value.line == line


def test_allow_entries_are_read_with_their_lines(tmp_path: Path) -> None:
    config = _config(tmp_path, '[tool.refactor_tool]\nmax-lines = 300\n\n[[tool.refactor_tool.allow]]\n'
                               'kind = "file-too-large"\npath = "examples/*"\nreason = "an input"\n')
    assert config.allow == (AllowEntry("file-too-large", "examples/*", "an input", 4),)


def test_the_nearest_pyproject_above_a_module_is_used(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = 120\n", encoding="utf-8")
    module = tmp_path / "src" / "pkg" / "mod.py"
    module.parent.mkdir(parents=True)
    module.write_text("x = 1\n", encoding="utf-8")
    config = nearest_project_config(module)
    assert (config.root, config.max_lines, config.source) == (tmp_path, 120, tmp_path / "pyproject.toml")


def test_virtual_environments_and_build_output_are_never_scanned(tmp_path: Path) -> None:
    for name in ("app.py", ".venv/lib/site.py", "build/lib/app.py", "venv/x.py", "pkg/__pycache__/c.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # no .gitignore at all
    assert [p.relative_to(tmp_path).as_posix() for p in python_files(tmp_path)] == ["app.py"]
