"""The steps `roadmap run` carries out itself, on real files: deleting an unused package, removing the exports
still marked deprecated (found by refactor-check), creating a package folder; each journalled, so `undo`
reverts it; a deletion refused while something imports the path."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from roadmap_repos import PYPROJECT, FakeCommands, one_phase, write
from roadmap_support import FakeClock

from refactor_tool.cli import main
from refactor_tool.roadmap.run_model import PhaseEnd, RunPorts, StepStatus
from refactor_tool.roadmap.use_case import run_roadmap

INIT = '''"""The shop."""

from __future__ import annotations

import warnings

from shop.cart import Cart

__all__ = ["Cart", "old_cart"]


def old_cart() -> Cart:
    warnings.warn("use Cart()", DeprecationWarning, stacklevel=2)
    return Cart()
'''
CLEAN_INIT = '''"""The shop."""

from __future__ import annotations

from shop.cart import Cart

__all__ = ["Cart"]
'''


def _run(root: Path, tasks: str, files: dict[str, str] | None = None):
    write(root, {"pyproject.toml": PYPROJECT, "shop/__init__.py": INIT, "shop/cart.py": "class Cart:\n    pass\n",
                 "shop/legacy/__init__.py": '"""Old."""\n', "shop/legacy/sampler.py": "X = 1\n", **(files or {}),
                 "ROADMAP.md": one_phase(tasks, goal="tidy up")})
    (root / "shop" / "legacy" / "__pycache__").mkdir()
    (root / "shop" / "legacy" / "__pycache__" / "sampler.cpython-311.pyc").write_bytes(b"\0")
    return run_roadmap(root / "ROADMAP.md", ports=RunPorts(clock=FakeClock(), commands=FakeCommands()))


def test_an_unused_package_is_deleted_folder_and_all(tmp_path: Path) -> None:
    result = _run(tmp_path, "- [ ] check for uses of `legacy/`\n- [ ] delete `legacy/` if unused")
    assert not (tmp_path / "shop" / "legacy").exists()
    (phase,) = result.phases
    assert phase.end is PhaseEnd.DONE and len(phase.ticked) == 2
    assert "deleted `shop/legacy/` (2 files); nothing imports it" in phase.steps[0].detail


def test_a_used_package_is_kept_when_the_task_says_if_unused_and_refused_otherwise(tmp_path: Path) -> None:
    used = {"shop/orders.py": "from shop.legacy import sampler\n"}
    kept = _run(tmp_path / "a", "- [ ] delete `legacy/` if unused", used)
    assert (tmp_path / "a" / "shop" / "legacy").is_dir() and kept.phases[0].end is PhaseEnd.DONE
    assert "kept: it is used (shop/orders.py:1 imports shop.legacy)" in kept.phases[0].steps[0].detail[0]
    refused = _run(tmp_path / "b", "- [ ] delete `legacy/`", used)
    assert (tmp_path / "b" / "shop" / "legacy" / "sampler.py").is_file()
    assert refused.phases[0].end is PhaseEnd.FAILED and refused.phases[0].steps[0].status is StepStatus.FAILED


def test_deprecated_exports_are_removed_with_their_imports_and_undo_brings_them_back(tmp_path: Path) -> None:
    result = _run(tmp_path, "- [ ] remove deprecated exports")
    assert (tmp_path / "shop" / "__init__.py").read_text(encoding="utf-8") == CLEAN_INIT
    assert result.phases[0].ticked and result.phases[0].end is PhaseEnd.DONE
    undone = CliRunner().invoke(main, ["undo", str(tmp_path)])
    assert undone.exit_code == 0, undone.output
    assert (tmp_path / "shop" / "__init__.py").read_text(encoding="utf-8") == INIT


def test_a_new_package_folder_gets_its_init(tmp_path: Path) -> None:
    result = _run(tmp_path, "- [ ] create `shop/orders/`")
    assert (tmp_path / "shop" / "orders" / "__init__.py").read_text(encoding="utf-8") == \
        '"""The `orders` package (phase 1 of ROADMAP.md)."""\n'
    assert result.phases[0].ticked == (9,)


def test_a_new_file_the_roadmap_does_not_describe_is_left_for_a_person(tmp_path: Path) -> None:
    result = _run(tmp_path, "- [ ] create `shop/orders.py`")
    assert not (tmp_path / "shop" / "orders.py").exists()
    assert result.phases[0].end is PhaseEnd.INCOMPLETE and result.exit_code == 1
    assert result.phases[0].steps[0].status is StepStatus.LEFT
