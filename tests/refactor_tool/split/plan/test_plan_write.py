"""`plan --write-plan`: the automatic plan as an editable TOML plan that `split --plan` carries out
into the same split."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main
from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.plan.toml_plan import parse_plan, plan_text
from refactor_tool.split.use_case import plan_split

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "inventory.py"


def _body(n: int) -> str:
    return "".join(f"    x{i} = {i}\n" for i in range(n))


# Ping and Pong use each other when called, and together are over a limit of 70 lines (each fits alone).
PING_PONG = (f"class Ping:\n    def go(self):\n        return Pong()\n{_body(40)}\n\n"
             f"class Pong:\n    def go(self):\n        return Ping()\n{_body(40)}")


def _texts(result) -> dict[str, str | None]:
    return {str(c.path): c.after for c in result.changes}


def _round_trip(path: Path, options: SplitOptions) -> tuple[object, object, Path]:
    automatic = plan_split(path, options)
    written = path.with_name("plan.toml")
    written.write_text(plan_text(automatic.plan, "refactor-tool plan"), encoding="utf-8")
    return automatic, plan_split(path, SplitOptions(plan_path=written)), written


@pytest.mark.parametrize("layout", ["package", "shim"])
def test_the_written_plan_gives_the_same_split(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "inventory.py"
    shutil.copyfile(EXAMPLE, path)
    automatic, explicit, written = _round_trip(path, SplitOptions(layout=Layout(layout), layout_given=True))
    assert len(automatic.plan.modules) >= 5
    assert _texts(explicit) == _texts(automatic)
    assert f'layout = "{layout}"' in written.read_text()


def test_modules_using_each_other_when_called_round_trip_apart(tmp_path: Path) -> None:
    path = tmp_path / "pingpong.py"
    path.write_text(PING_PONG)
    automatic, explicit, _ = _round_trip(path, SplitOptions(max_lines=70))
    homes = {m.symbols: m.dotted for m in automatic.plan.modules}
    assert len(homes) == 2  # apart: one binds the other late
    assert _texts(explicit) == _texts(automatic)


def test_the_text_reads_back_into_the_plan_with_its_reasons_as_comments(tmp_path: Path) -> None:
    path = tmp_path / "inventory.py"
    shutil.copyfile(EXAMPLE, path)
    plan = plan_split(path, SplitOptions()).plan
    text = plan_text(plan, "refactor-tool plan inventory.py")
    spec = parse_plan(text, "plan.toml")
    base = path.with_suffix("") if plan.layout is Layout.PACKAGE else path.parent
    assert [m.path for m in spec.modules] == [Path(m.path).relative_to(base).as_posix()
                                              for m in plan.modules if m.symbols]
    assert [m.symbols for m in spec.modules] == [m.symbols for m in plan.modules if m.symbols]
    assert all(f"# {m.reason}" in text for m in plan.modules)
    assert all(len(line) <= 100 for line in text.splitlines() if not line.startswith("#"))
    # Lines that point into the plan name its entries, never a comment quoting the same word.
    assert all(not text.splitlines()[m.line - 1].startswith("#") for m in spec.modules)


def test_the_command_writes_the_plan_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "inventory.py"
    shutil.copyfile(EXAMPLE, path)
    target = tmp_path / "plan.toml"
    result = CliRunner().invoke(main, ["plan", str(path), "--write-plan", str(target), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan_file"] == str(target) and all(m["reason"] for m in data["modules"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory.py", "plan.toml"]
    shown = CliRunner().invoke(main, ["plan", str(path), "--write-plan", str(target)])
    assert "why together" in shown.stdout and f"plan written to {target}" in shown.stdout.replace("\n", "")
    applied = CliRunner().invoke(main, ["split", str(path), "--plan", str(target), "--allow-dirty", "--no-verify"])
    assert applied.exit_code == 0, applied.output
    # inventory.py runs as a script, so it keeps its file (shim layout) and the modules go beside it.
    assert (tmp_path / "inventory.py").is_file() and (tmp_path / "_inventory" / "__init__.py").is_file()


def test_statements_binding_no_name_round_trip_where_the_automatic_plan_put_them(tmp_path: Path) -> None:
    # `Ping.partner = Pong` uses both modules and binds no name; the bare string documents it.
    # No plan can list either: split --plan of the written plan must place them as the plan did.
    path = tmp_path / "mod.py"
    path.write_text(PING_PONG + '\n\nPing.partner = Pong\n"""Ping\'s partner, set once both exist."""\n',
                    encoding="utf-8")
    automatic, explicit, _ = _round_trip(path, SplitOptions(max_lines=70))
    assert len(automatic.plan.modules) == 2
    assert _texts(explicit) == _texts(automatic)
