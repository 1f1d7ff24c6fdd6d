"""The architecture holds: cli -> render -> app -> core, and only the shell prints or uses click/rich."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "refactor_tool"
SHELL = {"cli", "render"}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "root"


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_direction(path: Path) -> None:
    layer = _layer(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = _imports(tree)
    forbidden: set[str] = set()
    if layer not in SHELL:
        forbidden |= {"refactor_tool.cli", "refactor_tool.render", "click"}
    if layer not in SHELL | {"app"}:
        forbidden |= {"refactor_tool.app"}
    if layer == "render":
        forbidden |= {"refactor_tool.cli", "click"}
    bad = sorted(i for i in imported if any(i == f or i.startswith(f + ".") for f in forbidden))
    assert not bad, f"{path.relative_to(PACKAGE)} ({layer}) imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_shell_prints(path: Path) -> None:
    if _layer(path) in SHELL:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    ]
    assert not prints, f"{path.relative_to(PACKAGE)} prints at lines {prints}"
