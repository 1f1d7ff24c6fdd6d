"""The variants of the bundled example (as written, and split in each layout) and how to make them."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from click.testing import CliRunner

from refactor_tool.cli import main as refactor_tool

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "inventory.py"

#: Variant name -> `refactor-tool split` options (None: the original module, unsplit).
VARIANTS: dict[str, tuple[str, ...] | None] = {
    "original": None,
    "package": ("--layout", "package"),
    "shim": ("--layout", "shim"),
    "package-keep-name": ("--layout", "package", "--keep-module-name"),
}


@dataclass(frozen=True, slots=True)
class Example:
    """One variant of the example: where it lives, what the split reported, the imported module."""

    variant: str
    root: Path
    report: dict | None
    module: ModuleType

    @property
    def split(self) -> bool:
        return self.report is not None

    def python_files(self) -> tuple[Path, ...]:
        return tuple(sorted(p for p in self.root.rglob("*.py") if "__pycache__" not in p.parts))


def _ours(name: str) -> bool:
    top = name.partition(".")[0]
    return top in ("inventory", "_inventory")


def forget_inventory() -> None:
    for name in [n for n in sys.modules if _ours(n)]:
        del sys.modules[name]


def split_copy(root: Path, options: tuple[str, ...]) -> dict:
    """Copy the example into `root` and split it there; the report is the command's JSON."""
    target = root / "inventory.py"
    shutil.copyfile(EXAMPLE, target)
    result = CliRunner().invoke(
        refactor_tool, ["split", str(target), *options, "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, f"split {options} exited {result.exit_code}:\n{result.output}"
    return json.loads(result.stdout)


@functools.cache
def original_namespace() -> dict[str, object]:
    """The unsplit module's globals, loaded from examples/ under a name of its own."""
    spec = importlib.util.spec_from_file_location("inventory_as_written", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return dict(vars(module))
