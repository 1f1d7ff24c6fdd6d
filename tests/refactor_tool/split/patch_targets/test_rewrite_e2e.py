"""End to end: after a split by hand, the old patch target silently misses and the rewritten one hits."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from refactor_tool.split.patch_targets.rewrite import rewrite_patch_targets

PACKAGE = {
    # pkg/core.py after a split: a package re-exporting from its submodule, as `split` writes it.
    "e2epkg/__init__.py": "",
    "e2epkg/core/__init__.py": "from e2epkg.core._helpers import helper, use_helper\n\n__all__ = ['helper', 'use_helper']\n",
    "e2epkg/core/_helpers.py": "def helper():\n    return 'real'\n\n\ndef use_helper():\n    return helper()\n",
}

TEST_SOURCE = textwrap.dedent(
    """\
    from unittest import mock

    from e2epkg import core
    from e2epkg.core import use_helper


    @mock.patch("e2epkg.core.helper", return_value="patched")
    def run_decorated(fake):
        return use_helper()


    def run_monkeypatched(monkeypatch):
        monkeypatch.setattr("e2epkg.core.helper", lambda: "patched")
        return use_helper()


    def run_object_form():
        with mock.patch.object(core, "helper", return_value="patched"):
            return use_helper()
    """
)


@pytest.fixture
def split_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for relative, text in PACKAGE.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m == "e2epkg" or m.startswith("e2epkg.")]:
        del sys.modules[name]


def _run(source: str) -> tuple[str, str, str]:
    namespace: dict[str, object] = {"__name__": "test_module_under_test"}
    exec(compile(source, "test_module_under_test.py", "exec"), namespace)
    decorated = namespace["run_decorated"]()  # type: ignore[operator]
    with pytest.MonkeyPatch.context() as inner:
        patched = namespace["run_monkeypatched"](inner)  # type: ignore[operator]
    return decorated, patched, namespace["run_object_form"]()  # type: ignore[operator]


@pytest.mark.usefixtures("split_package")
def test_old_target_misses_and_rewritten_target_hits() -> None:
    # The old strings patch only the re-export in e2epkg.core: use_helper still calls the real helper.
    assert _run(TEST_SOURCE) == ("real", "real", "real")

    result = rewrite_patch_targets(
        TEST_SOURCE, {"e2epkg.core.helper": "e2epkg.core._helpers.helper"}
    )
    assert [r.line for r in result.rewrites] == [7, 13, 18]
    assert _run(result.code) == ("patched", "patched", "patched")
    # Patches are undone afterwards: the real function answers again.
    from e2epkg.core import use_helper

    assert use_helper() == "real"
