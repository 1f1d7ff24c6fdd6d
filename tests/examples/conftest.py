"""The bundled example, imported fresh as written and after `refactor-tool split` in every layout.

Each test that takes `inventory` runs once per variant, so one set of behavioural checks proves
that a split leaves the program behaving exactly as the original did.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest
from inventory_variants import EXAMPLE, VARIANTS, Example, forget_inventory, split_copy


@pytest.fixture(scope="module", params=tuple(VARIANTS))
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Example]:
    variant: str = request.param
    root = tmp_path_factory.mktemp(variant)
    options = VARIANTS[variant]
    if options is None:
        shutil.copyfile(EXAMPLE, root / "inventory.py")
        report = None
    else:
        report = split_copy(root, options)
    forget_inventory()
    sys.path.insert(0, str(root))
    try:
        module = importlib.import_module("inventory")
        yield Example(variant, root, report, module)
    finally:
        sys.path.remove(str(root))
        forget_inventory()


@pytest.fixture
def inventory(example: Example) -> Iterator[ModuleType]:
    """The variant's module, with its id sequence restarted so every test sees the same ids."""
    example.module.reset_move_ids()
    yield example.module
    example.module.reset_move_ids()
