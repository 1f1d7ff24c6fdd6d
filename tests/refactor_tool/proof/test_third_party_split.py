"""Proof on installed third-party code: split click's `core.py` and rich's `console.py` and use them for real.

A copy of the whole package goes into a temporary directory placed first on `PYTHONPATH`; the module is
split there with the default options (which keep `__module__`, printed by the scripts), and a script
exercising the package prints what it sees. The output must be identical with the split copy and with the installed, unsplit package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest
from proof_harness import environment, split

CLICK_USAGE = '''
import click
from click.testing import CliRunner

@click.group()
@click.option("--verbose", "-v", count=True, help="More output.")
@click.pass_context
def cli(ctx, verbose):
    """A tool."""
    ctx.obj = {"verbose": verbose}

@cli.command()
@click.argument("name")
@click.option("--times", type=click.IntRange(1, 5), default=2, show_default=True)
@click.option("--shout/--no-shout", default=False)
@click.option("--color", type=click.Choice(["red", "blue"]))
@click.pass_obj
def hello(obj, name, times, shout, color):
    """Greet NAME."""
    for _ in range(times):
        text = f"hello {name} {color} {obj['verbose']}"
        click.echo(text.upper() if shout else text)

@cli.group(chain=True)
def pipe():
    """Chained steps."""

@pipe.command()
@click.option("--n", type=int, default=1)
def add(n):
    click.echo(f"add {n}")

@pipe.command()
def show():
    click.echo("show")

for args in (["--help"], ["hello", "--help"], ["-vv", "hello", "Ann", "--times", "3", "--shout"], ["hello"],
             ["hello", "x", "--times", "9"], ["nope"], ["hello", "B", "--color", "green"],
             ["pipe", "add", "--n", "2", "show", "add"]):
    result = CliRunner().invoke(cli, args)
    print(args, result.exit_code, repr(result.output))
ctx = click.Context(hello, info_name="hello")
print(type(ctx).__module__, hello.get_usage(ctx), [p.name for p in hello.get_params(ctx)])
'''

RICH_USAGE = """
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

console = Console(record=True, width=60, force_terminal=True, color_system="truecolor", legacy_windows=False,
                  log_time=False, log_path=False)
table = Table(title="Numbers")
table.add_column("n", justify="right")
table.add_column("square")
for n in range(4):
    table.add_row(str(n), f"[bold]{n * n}[/]")
console.print(table)
console.print(Panel(Group(Text("inside", style="red"), "[green]markup[/]"), title="panel"))
console.rule("rule")
with console.capture() as capture:
    console.print({"a": [1, 2, 3]}, soft_wrap=True)
print(repr(capture.get()))
console.log("logged", log_locals=False)
print(repr(console.export_text(styles=True).splitlines()[:12]))
print(console.size, console.options.max_width, console.encoding)
"""


def _copy_package(name: str, root: Path) -> Path:
    spec = find_spec(name)
    assert spec is not None and spec.submodule_search_locations
    source = Path(next(iter(spec.submodule_search_locations)))
    shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root / name


def _run(script: str, root: Path | None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(root),
        capture_output=True,
        text=True,
        check=False,
        cwd=root or Path.cwd(),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("layout", ["package", "shim"])
@pytest.mark.parametrize(
    ("package", "module", "usage"),
    [("click", "core", CLICK_USAGE), ("rich", "console", RICH_USAGE)],
    ids=["click.core", "rich.console"],
)
def test_split_third_party_module_behaves_the_same(
    tmp_path: Path, package: str, module: str, usage: str, layout: str
) -> None:
    root = tmp_path / "site"
    copy = _copy_package(package, root)
    split(copy / f"{module}.py", "--layout", layout)
    new_files = [p for p in copy.rglob("*.py") if p.parent.name in (module, f"_{module}")]
    assert len(new_files) >= 3, "the module was not really split"
    check = f"import {package}.{module} as m, sys; print(m.__file__); print(sys.modules['{package}'].__file__)"
    located = _run(check, root).split()
    assert all(path.startswith(str(root)) for path in located)
    assert _run(usage, root) == _run(usage, None)
