"""The `refactor-tool` group loads a command's module only when that command runs; `--help` loads none."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import click
import pytest

from refactor_tool.cli.group import COMMANDS, main

COMMAND_MODULES = sorted({module for module, _attribute, _summary in COMMANDS.values()})

# runs `refactor-tool ARGS...` and prints, last on stderr, the modules it had imported by the end
PROGRAM = """
import json, sys
from refactor_tool.cli import main
try:
    main(sys.argv[1:], prog_name="refactor-tool")
finally:
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _refactor_tool(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    done = subprocess.run([sys.executable, "-c", PROGRAM, *args], cwd=cwd, capture_output=True, text=True,
                          check=False)
    return done, set(json.loads(done.stderr.splitlines()[-1]))


def test_check_imports_no_other_command_module(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = 5\n", encoding="utf-8")
    (tmp_path / "mod.py").write_text("".join(f"a{i} = {i}\n" for i in range(7)), encoding="utf-8")
    done, modules = _refactor_tool(tmp_path, "check", "--no-gate", "--format", "json")
    assert done.returncode == 1, done.stderr
    assert [f["kind"] for f in json.loads(done.stdout)["findings"]] == ["file-too-large"]
    assert modules & set(COMMAND_MODULES) == {"refactor_tool.cli.check", "refactor_tool.cli.undo"}
    assert not {"refactor_tool.split", "refactor_tool.merging", "refactor_tool.roadmap"} & modules


def test_help_lists_every_command_and_imports_none(tmp_path: Path) -> None:
    done, modules = _refactor_tool(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
    assert not modules & set(COMMAND_MODULES)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_entry_names_its_command(name: str) -> None:
    module, attribute, summary = COMMANDS[name]
    command = getattr(import_module(module), attribute)
    assert command.name == name
    assert summary == command.get_short_help_str(limit=10**6)


@pytest.mark.parametrize("width", [60, 80, 200])
def test_help_listing_reads_as_an_eager_group_would(width: int) -> None:
    eager = click.Group("refactor-tool", commands=[main.get_command(click.Context(main), name) for name in COMMANDS])

    def listing(group: click.Group) -> str:
        formatter = click.HelpFormatter(width=width)
        group.format_commands(click.Context(group), formatter)
        return formatter.getvalue()

    lazy = main.__class__("refactor-tool")
    assert listing(lazy) == listing(eager)
