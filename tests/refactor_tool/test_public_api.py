"""The flat public namespace: sorted, complete for the use cases, and light to import."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import refactor_tool

#: Every feature's use cases, found on disk so that a new feature cannot be forgotten here either.
USE_CASE_MODULES = sorted(
    f"refactor_tool.{path.parent.name}.use_case" for path in Path(refactor_tool.__file__).parent.glob("*/use_case.py")
)


def test_every_feature_with_use_cases_is_covered() -> None:
    assert {"split", "merging", "api", "check"} <= {name.split(".")[1] for name in USE_CASE_MODULES}


def test_all_is_sorted_and_unique() -> None:
    assert refactor_tool.__all__ == sorted(set(refactor_tool.__all__))


@pytest.mark.parametrize("name", [n for n in refactor_tool.__all__ if n != "__version__"])
def test_every_public_name_is_its_defining_object(name: str) -> None:
    value = getattr(refactor_tool, name)
    assert value.__module__ == refactor_tool._HOMES[name]
    assert getattr(importlib.import_module(value.__module__), name) is value


@pytest.mark.parametrize("module_name", USE_CASE_MODULES)
def test_no_use_case_is_forgotten(module_name: str) -> None:
    """Everything a use case declares public is flat too, the value types it re-exports included: a caller of
    `apply_split(path, SplitOptions(spec=PlanSpec(...)))` must not have to know which module defines `PlanSpec`."""
    module = importlib.import_module(module_name)
    declared = getattr(module, "__all__", None) or [
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and callable(value) and getattr(value, "__module__", None) == module_name
    ]
    assert set(declared) <= set(refactor_tool.__all__)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        refactor_tool.no_such_thing  # noqa: B018


def test_importing_the_package_does_not_load_libcst() -> None:
    code = "import refactor_tool, refactor_tool.cli, sys; print('libcst' in sys.modules, 'networkx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
