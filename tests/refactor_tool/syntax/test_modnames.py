"""Module names from paths and relative imports resolved and re-aimed (PEP 328)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tool.errors import InputError
from refactor_tool.syntax.modnames import module_name, relative, resolve, top_package


def test_module_name_walks_up_through_packages(tmp_path: Path) -> None:
    (tmp_path / "pkg/sub").mkdir(parents=True)
    for init in ("pkg/__init__.py", "pkg/sub/__init__.py"):
        (tmp_path / init).write_text("")
    assert module_name(tmp_path / "pkg/sub/mod.py") == "pkg.sub.mod"
    assert module_name(tmp_path / "pkg/sub/__init__.py") == "pkg.sub"
    assert module_name(tmp_path / "loose.py") == "loose"
    assert top_package(tmp_path / "pkg/sub/mod.py") == (tmp_path / "pkg").resolve()
    assert top_package(tmp_path / "pkg/mod.py") == (tmp_path / "pkg").resolve()
    assert top_package(tmp_path / "loose.py") is None


@pytest.mark.parametrize(
    ("package", "level", "module", "expected"),
    [
        ("pkg.sub", 0, "os.path", "os.path"),
        ("pkg.sub", 1, "mod", "pkg.sub.mod"),
        ("pkg.sub", 1, None, "pkg.sub"),
        ("pkg.sub", 2, "util", "pkg.util"),
        ("pkg.sub", 2, None, "pkg"),
    ],
)
def test_resolve(package: str, level: int, module: str | None, expected: str) -> None:
    assert resolve(package, level, module) == expected


def test_resolve_refuses_going_above_the_top_package() -> None:
    with pytest.raises(InputError, match="beyond the top-level package"):
        resolve("pkg", 3, "x")


@pytest.mark.parametrize(
    ("target_package", "absolute", "expected"),
    [
        ("pkg", "pkg.util", (1, "util")),
        ("pkg.sub", "pkg.util", (2, "util")),
        ("pkg", "pkg", (1, "")),
        ("pkg", "other.mod", (0, "other.mod")),
    ],
)
def test_relative_reaches_the_same_module(
    target_package: str, absolute: str, expected: tuple[int, str]
) -> None:
    assert relative(target_package, absolute) == expected
    level, module = expected
    if level:
        assert resolve(target_package, level, module or None) == absolute
