"""What a split of the bundled example must keep: the limits, the namespace, names, and the command line.

Behaviour is checked in test_inventory_example.py on every variant; these checks are about the
shape of the result and the README's own commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from inventory_variants import EXAMPLE, Example, original_namespace

from refactor_tool.cli import main as refactor_tool

_IMMUTABLE = (str, int, float, Decimal, tuple, frozenset, type(None))


def _needs_split(example: Example) -> None:
    if not example.split:
        pytest.skip("the original is not split")


def test_the_readme_plan_command_writes_nothing_and_fits_the_limits() -> None:
    before = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    listing = sorted(p.name for p in EXAMPLE.parent.iterdir())
    text = CliRunner().invoke(refactor_tool, ["plan", str(EXAMPLE)], catch_exceptions=False)
    assert text.exit_code == 0, text.output
    result = CliRunner().invoke(refactor_tool, ["plan", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert 2 <= len(plan["modules"]) <= 15
    assert all(0 < module["lines"] < 400 for module in plan["modules"])
    assert hashlib.sha256(EXAMPLE.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in EXAMPLE.parent.iterdir()) == listing


def test_every_file_of_the_split_is_under_the_limit(example: Example) -> None:
    _needs_split(example)
    files = example.python_files()
    created = [f for f in example.report["files"] if f["action"] == "create"]
    assert len(created) >= 3
    sizes = {p.relative_to(example.root).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in files}
    assert all(size < 400 for size in sizes.values()), sizes
    assert sum(sizes.values()) >= len(EXAMPLE.read_text(encoding="utf-8").splitlines()) * 0.9  # nothing lost
    if example.variant == "shim":
        # A facade, no code: the docstring, the kept imports and `__all__` (38 lines), running as a script (9),
        # the re-exports of `__all__` (23) and of the other names (32), `__annotations__`, late bindings and the
        # live `_next_move_number` (48), and the helper forwarding the settings its users may set
        # (DEFAULT_CURRENCY, ...: 46 lines; the CPython suites of smtplib, inspect, tokenize, zipfile and
        # logging fail without that helper).
        assert (example.root / "inventory.py").is_file() and sizes["inventory.py"] < 210
    else:
        assert (example.root / "inventory" / "__init__.py").is_file()
        assert not (example.root / "inventory.py").exists()


def test_the_namespace_and_all_are_unchanged(example: Example) -> None:
    module, original = example.module, original_namespace()
    assert module.__all__ == original["__all__"]
    assert module.__doc__ == original["__doc__"]
    expected = {name for name in original if not (name.startswith("__") and name.endswith("__"))}
    expected |= {"__all__", "__version__"}
    missing = sorted(name for name in expected if not hasattr(module, name))
    assert missing == []
    assert not hasattr(module, "_unit")  # deleted by the module-level loop that used it
    for name in sorted(expected):
        value, was = getattr(module, name), original[name]
        assert type(value).__name__ == type(was).__name__, name
        if isinstance(was, _IMMUTABLE) and not callable(was):
            assert value == was, name


def test_star_import_gives_the_same_names(example: Example) -> None:
    namespace: dict[str, object] = {}
    exec("from inventory import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(original_namespace()["__all__"])


def test_the_registry_is_shared_not_copied(example: Example) -> None:
    module = example.module
    rules = module._RULE_TYPES
    assert rules is sys.modules[module.PricingRule.__module__]._RULE_TYPES
    assert sorted(rules) == list(module.BUILTIN_RULE_KINDS)
    assert all(issubclass(cls, module.PricingRule) and cls.kind == kind for kind, cls in rules.items())
    assert module.BulkDiscount.__mro__[1:3] == (module.PercentOff, module.PricingRule)


def test_names_reported_by_moved_code(example: Example) -> None:
    """Loggers and class modules name the old module unless the split said it would change them."""
    module = example.module
    if example.variant in ("original", "package-keep-name"):
        assert module.logger.name == "inventory"
        assert {module.StockLedger.__module__, module.Quantity.__module__} == {"inventory"}
        return
    line = 1 + EXAMPLE.read_text(encoding="utf-8").splitlines().index("logger = logging.getLogger(__name__)")
    warned = {(w["kind"], w["line"]) for w in example.report["warnings"]}
    if module.logger.name != "inventory":
        assert ("module-name-changed", line) in warned


def test_values_pickle_and_compare_across_the_split(example: Example) -> None:
    module = example.module
    quantity = module.parse_quantity("2.5 kg")
    move = module.Move("M00001", "OAK-27", module.MoveKind.RECEIPT, Decimal(3), module._SAMPLE_TODAY, "x")
    for value in (quantity, move, module.Unit.LITRE, module.Category.TIMBER):
        assert pickle.loads(pickle.dumps(value)) == value
    assert repr(quantity) == "Quantity(amount=Decimal('2.5'), unit=<Unit.KILOGRAM: 'kg'>)"


def _python(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run(
        [sys.executable, *argv], cwd=root, env=env, capture_output=True, text=True, check=False, timeout=60
    )


COMMANDS = (
    ("stock",),
    ("quote", "BOLT-M6=600", "OIL-1L=3", "OAK-27=5"),
    ("issue", "BOLT-M6", "500"),
    ("-v", "rules"),
)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: argv[-1])
def test_python_m_inventory_behaves_like_the_original_script(example: Example, argv: tuple[str, ...]) -> None:
    expected = _python(EXAMPLE.parent, "inventory.py", *argv)
    actual = _python(example.root, "-m", "inventory", *argv)
    assert (actual.returncode, actual.stdout) == (expected.returncode, expected.stdout)
    if argv[0] != "-v":  # verbose logs name the logger, which a split may rename (and warns so)
        assert actual.stderr == expected.stderr
    if example.variant in ("original", "shim"):
        script = _python(example.root, "inventory.py", *argv)
        assert (script.returncode, script.stdout) == (expected.returncode, expected.stdout)


def test_pickles_made_after_the_split_load_in_the_original(example: Example, tmp_path: Path) -> None:
    """With the old `__module__` kept (or no split), the pickles stay readable by the old code."""
    module = example.module
    data = tmp_path / "quote.pickle"
    quote = module.PricingEngine(module.parse_catalogue(module.SAMPLE_CATALOGUE)).quote([("OIL-1L", 3)])
    data.write_bytes(pickle.dumps(quote))
    program = f"import pickle, pathlib; q = pickle.loads(pathlib.Path({str(data)!r}).read_bytes()); print(q.total)"
    done = _python(EXAMPLE.parent, "-c", program)
    if module.Quote.__module__ == "inventory":
        assert (done.returncode, done.stdout) == (0, f"{quote.total}\n"), done.stderr
    else:
        assert example.variant in ("package", "shim") and "No module named" in done.stderr
