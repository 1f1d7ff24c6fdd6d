"""`roadmap audit`, task by task: each verb's check on a small real repository, and each verdict it gives.

Imports are resolved in a real fresh interpreter (the package is tiny); commands go to a fake runner.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from roadmap_repos import PYPROJECT, FakeCommands, one_phase, write

from refactor_tool.roadmap.audit import AuditPorts
from refactor_tool.roadmap.use_case import audit_roadmap
from refactor_tool.roadmap.verdicts import AuditItem, AuditReport, Subject

SHOP = {
    "pyproject.toml": PYPROJECT,
    "shop/__init__.py": "from shop.cart import Cart\nfrom shop.prices import price_of\n\n__all__ = ['Cart', 'price_of']\n",
    "shop/cart.py": "class Cart:\n    pass\n",
    "shop/prices.py": "def price_of(item):\n    return 1\n",
}


def _audit(root: Path, tasks: str, files: dict[str, str] | None = None, *, goal: str = "split `shop_core.py`",
           commands: FakeCommands | None = None, run_commands: bool = True) -> AuditReport:
    write(root, {**SHOP, **(files or {}), "ROADMAP.md": one_phase(tasks, goal=goal)})
    return audit_roadmap(root / "ROADMAP.md", run_commands=run_commands,
                         ports=AuditPorts(commands=commands or FakeCommands()))


def _task(report: AuditReport, starts: str) -> AuditItem:
    found = [e for e in report.items if e.subject is Subject.TASK and e.text.startswith(starts)]
    assert len(found) == 1, [e.text for e in report.items]
    return found[0]


CASES = [
    # (id, task line, extra files, verdict, words in the evidence)
    ("extract-verified", "- [x] `shop/cart.py` extract (Cart)", {}, "verified",
     ["`shop/cart.py` defines `Cart`", "`shop.Cart` still reaches the same object"]),
    ("extract-file-missing", "- [x] `shop/tax.py` extract (tax_of)", {}, "contradicted",
     ["`shop/tax.py` does not exist"]),
    ("extract-only-imported", "- [x] `shop/cart.py` extract (Cart)",
     {"shop/cart.py": "from shop.basket import Cart\n", "shop/basket.py": "class Cart:\n    pass\n"},
     "contradicted", ["does not define `Cart` (it only imports it)"]),
    ("extract-another-object", "- [x] `shop/cart.py` extract (Cart)",
     {"shop/__init__.py": "class Cart:\n    pass\n"}, "contradicted",
     ["`shop.Cart` is another object than `shop.cart.Cart`"]),
    ("extract-does-not-import", "- [x] `shop/cart.py` extract (Cart)",
     {"shop/cart.py": "raise RuntimeError('boom')\n\n\nclass Cart:\n    pass\n"}, "contradicted",
     ["does not import", "RuntimeError: boom"]),
    ("extract-goal-module-still-serves", "- [x] `shop/cart.py` extract (Cart)",
     {"shop_core.py": "from shop.cart import Cart\n"}, "verified", ["`shop_core.Cart`"]),
    ("extract-goal-module-lost-it", "- [x] `shop/cart.py` extract (Cart)",
     {"shop_core.py": "VERSION = 1\n"}, "contradicted", ["`shop_core` no longer provides `Cart`"]),
    ("extract-no-symbols", "- [x] `shop/prices.py` extract (the pricing rules)", {}, "verified",
     ["exists and imports"]),
    ("open-but-done", "- [ ] `shop/prices.py` extract (price_of)", {}, "done, not ticked", ["defines `price_of`"]),
    ("open-not-done", "- [ ] `shop/tax.py` extract (tax_of)", {}, "not done", ["does not exist"]),
    ("not-python", "- [x] `shop/engine.rs` extract (Engine)", {"shop/engine.rs": "pub struct Engine;\n"},
     "not checkable", ["not Python"]),
    ("not-python-missing", "- [x] `shop/engine.rs` extract (Engine)", {}, "contradicted", ["does not exist"]),
    ("no-verb", "- [x] tidy the wording of the docs", {}, "not checkable", ["no verb"]),
    ("create-folder", "- [x] create `shop/`", {}, "verified", ["`shop/` exists"]),
    ("create-folder-missing", "- [x] create `shop/orders/`", {}, "contradicted", ["`shop/orders/` does not exist"]),
    ("reexports", "- [x] `shop/cart.py` extract (Cart)\n- [x] `shop/__init__.py` re-exports the API", {},
     "verified", ["`shop` re-exports `Cart`"]),
    ("reexport-missing", "- [x] `shop/prices.py` extract (price_of)\n- [x] `shop/__init__.py` re-exports the API",
     {"shop/__init__.py": "from shop.cart import Cart\n"}, "contradicted", ["`shop` does not re-export `price_of`"]),
    ("update-not-a-package", "- [x] `shop/cart.py` updated", {}, "not checkable", ["not checkable"]),
    ("delete-gone", "- [x] delete `legacy/`", {}, "verified", ["`legacy/` is gone and nothing imports"]),
    ("delete-still-there", "- [x] delete `legacy/`", {"shop/legacy/__init__.py": ""}, "contradicted",
     ["`shop/legacy/` still exists"]),
    ("delete-gone-but-imported", "- [x] delete `legacy/`", {"shop/orders.py": "from shop.legacy import old\n"},
     "contradicted", ["is gone, but shop/orders.py:1 imports shop.legacy"]),
    ("delete-if-unused-kept", "- [x] delete `legacy/` if unused",
     {"shop/legacy/__init__.py": "", "shop/orders.py": "import shop.legacy\n"}, "verified",
     ["kept while it is used", "shop/orders.py:1 imports shop.legacy"]),
    ("check-uses", "- [x] check for uses of `legacy/`", {"shop/orders.py": "from shop import legacy\n"},
     "verified", ["shop/orders.py:1 imports shop.legacy"]),
]


@pytest.mark.parametrize(("task", "files", "verdict", "words"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_task_gets_its_verdict_with_evidence(tmp_path: Path, task: str, files: dict[str, str], verdict: str,
                                                  words: list[str]) -> None:
    report = _audit(tmp_path, task, files)
    found = _task(report, task.splitlines()[-1][6:].replace("`", "")[:12])
    assert found.verdict.value == verdict, found
    for word in words:
        assert word in " ".join(found.evidence), found.evidence
    assert report.exit_code == (1 if any(e.verdict.value == "contradicted" for e in report.items) else 0)


@pytest.mark.parametrize(("code", "verdict"), [(0, "verified"), (1, "contradicted"), (127, "not checkable")])
def test_a_check_task_runs_its_commands(tmp_path: Path, code: int, verdict: str) -> None:
    commands = FakeCommands({"pytest -q": code})
    found = _task(_audit(tmp_path, "- [x] `pytest -q` passes", commands=commands), "pytest -q passes")
    assert found.verdict.value == verdict
    assert commands.ran == ["pytest -q"]


def test_without_commands_a_check_task_is_not_checkable_and_nothing_runs(tmp_path: Path) -> None:
    commands = FakeCommands()
    found = _task(_audit(tmp_path, "- [x] `pytest -q` passes", commands=commands, run_commands=False), "pytest")
    assert found.verdict.value == "not checkable" and "--no-commands" in found.evidence[0]
    assert commands.ran == []


def test_pytest_and_python_m_pytest_run_once(tmp_path: Path) -> None:
    commands = FakeCommands()
    _audit(tmp_path, "- [x] `pytest tests` passes\n- [x] `python -m pytest tests` passes", commands=commands)
    assert commands.ran == ["pytest tests"]


DEPRECATED = """
import warnings

from shop.cart import Cart

__all__ = ["Cart", "old_cart"]


def old_cart():
    warnings.warn("use Cart()", DeprecationWarning, stacklevel=2)
    return Cart()
"""


@pytest.mark.parametrize(("init", "verdict"), [(DEPRECATED, "contradicted"), (SHOP["shop/__init__.py"], "verified")])
def test_removing_deprecated_exports_is_checked_by_refactor_check(tmp_path: Path, init: str, verdict: str) -> None:
    found = _task(_audit(tmp_path, "- [x] remove deprecated exports", {"shop/__init__.py": init}), "remove")
    assert found.verdict.value == verdict
    if verdict == "contradicted":
        assert "shop/__init__.py:8: shop.old_cart is still marked deprecated" in found.evidence


def test_deprecated_exports_of_a_file_that_is_not_python_are_not_checkable(tmp_path: Path) -> None:
    found = _task(_audit(tmp_path, "- [x] remove deprecated exports from `lib.rs`"), "remove")
    assert found.verdict.value == "not checkable" and "`lib.rs` is not Python" in found.evidence[0]
