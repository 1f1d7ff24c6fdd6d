"""choose_interpreter: the project's interpreter wins over the tool's, in the order a user expects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refactor_tool.errors import InputError
from refactor_tool.io.interpreter import InterpreterSource, choose_interpreter

TOOL = "/opt/tool-venv/bin/python"


def _venv(folder: Path) -> Path:
    """A folder shaped like a virtual environment: pyvenv.cfg and an executable bin/python."""
    (folder / "bin").mkdir(parents=True)
    (folder / "pyvenv.cfg").write_text("home = /usr/bin\n")
    python = folder / "bin" / "python"
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    return python


def _choose(project: Path, environ: dict[str, str] | None = None, **given: object):
    return choose_interpreter(project, environ=environ or {}, tool=TOOL, tool_prefix="/opt/tool-venv", **given)


def test_with_nothing_around_it_is_the_tools_own(tmp_path: Path) -> None:
    chosen = _choose(tmp_path)
    assert (chosen.path, chosen.source) == (TOOL, InterpreterSource.TOOL)
    assert chosen.as_dict() == {"path": TOOL, "chosen_by": "tool", "why": "the interpreter refactor-tool runs on"}


@pytest.mark.parametrize("name", [".venv", "venv"])
def test_a_venv_at_the_project_root_is_used(tmp_path: Path, name: str) -> None:
    python = _venv(tmp_path / name)
    chosen = _choose(tmp_path)
    assert (chosen.path, chosen.source) == (str(python), InterpreterSource.PROJECT_VENV)
    assert chosen.describe() == f"{python} (the project's virtual environment)"


def test_a_folder_named_venv_that_is_no_virtual_environment_is_ignored(tmp_path: Path) -> None:
    _venv(tmp_path / ".venv")
    (tmp_path / ".venv" / "pyvenv.cfg").unlink()
    assert _choose(tmp_path).source is InterpreterSource.TOOL


def test_the_venv_python_keeps_its_symlink_path(tmp_path: Path) -> None:
    """A venv's python is a link to the base interpreter; resolved, it would lose the venv's packages."""
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("")
    base = _venv(tmp_path / "base")
    (tmp_path / ".venv" / "bin" / "python").symlink_to(base)
    assert _choose(tmp_path).path == str(tmp_path / ".venv" / "bin" / "python")


def test_an_active_virtual_environment_wins_over_the_projects(tmp_path: Path) -> None:
    _venv(tmp_path / "project" / ".venv")
    active = _venv(tmp_path / "elsewhere")
    chosen = _choose(tmp_path / "project", {"VIRTUAL_ENV": str(tmp_path / "elsewhere")})
    assert (chosen.path, chosen.source) == (str(active), InterpreterSource.ACTIVE_VENV)


def test_an_active_environment_that_is_the_tools_own_gives_way_to_the_projects(tmp_path: Path) -> None:
    """pre-commit sets VIRTUAL_ENV to the hook's environment, where the tool is installed, not the project."""
    project = _venv(tmp_path / "project" / ".venv")
    tools = _venv(tmp_path / "hook-env")
    own = choose_interpreter(tmp_path / "project", environ={"VIRTUAL_ENV": str(tmp_path / "hook-env")},
                             tool=str(tools), tool_prefix=str(tmp_path / "hook-env"))
    assert (own.path, own.source) == (str(project), InterpreterSource.PROJECT_VENV)
    alone = choose_interpreter(tmp_path, environ={"VIRTUAL_ENV": str(tmp_path / "hook-env")}, tool=str(tools),
                               tool_prefix=str(tmp_path / "hook-env"))
    assert alone.source is InterpreterSource.ACTIVE_VENV  # no project venv: the active one it is


def test_an_active_environment_without_python_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "gone").mkdir()
    assert _choose(tmp_path, {"VIRTUAL_ENV": str(tmp_path / "gone")}).source is InterpreterSource.TOOL


def test_an_active_conda_environment_comes_after_the_projects_venv(tmp_path: Path) -> None:
    conda = _venv(tmp_path / "conda")
    environ = {"CONDA_PREFIX": str(tmp_path / "conda")}
    assert _choose(tmp_path / "project", environ).path == str(conda)
    project = _venv(tmp_path / "project" / ".venv")
    assert _choose(tmp_path / "project", environ).path == str(project)


def test_python_given_wins_and_may_name_a_file_a_venv_folder_or_a_command(tmp_path: Path) -> None:
    _venv(tmp_path / ".venv")
    other = _venv(tmp_path / "other")
    environ = {"VIRTUAL_ENV": str(tmp_path / ".venv")}
    for given in (str(other), str(tmp_path / "other")):
        chosen = _choose(tmp_path, environ, given=given, configured="ignored")
        assert (chosen.path, chosen.source) == (str(other), InterpreterSource.GIVEN)
    command = _choose(tmp_path, given="sh")
    assert command.source is InterpreterSource.GIVEN and os.path.basename(command.path) == "sh"


def test_python_given_relative_is_relative_to_the_current_folder(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    other = _venv(tmp_path / "other")
    monkeypatch.chdir(tmp_path)
    assert _choose(tmp_path / "project", given="other/bin/python").path == str(other)


def test_python_of_the_project_configuration_comes_next_relative_to_its_pyproject(tmp_path: Path) -> None:
    _venv(tmp_path / "project" / ".venv")
    configured = _venv(tmp_path / "envs" / "py312")
    chosen = _choose(tmp_path / "project", {"VIRTUAL_ENV": str(tmp_path / "project" / ".venv")},
                     configured="../envs/py312", config_file=tmp_path / "project" / "pyproject.toml")
    assert chosen.source is InterpreterSource.CONFIGURED
    assert Path(chosen.path).resolve() == configured.resolve()


def test_an_interpreter_that_is_not_there_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"--python .*nowhere: no Python interpreter there"):
        _choose(tmp_path, given=str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match=r"python = 'nope/bin/python': no Python interpreter there") as error:
        _choose(tmp_path, configured="nope/bin/python", config_file=tmp_path / "pyproject.toml")
    assert error.value.path == str(tmp_path / "pyproject.toml")
    (tmp_path / "plain").write_text("not executable")
    with pytest.raises(InputError):
        _choose(tmp_path, given=str(tmp_path / "plain"))
