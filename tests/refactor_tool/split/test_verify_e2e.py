"""The split checks itself before it lands: planted breaks of each kind are caught and every file restored.

The breaks are planted by making the generator emit them (the emitted text is edited in-process); the
verification itself imports the original and the split module in real fresh interpreters.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main
from refactor_tool.split import generation, use_case, verify_run
from refactor_tool.split.emit import Generated

#: A small module to split (`shop.py`) and a module importing it (`app.py`).






def _split(root: Path, *options: str):
    return CliRunner().invoke(main, ["split", str(root / "shop.py"), "--max-lines", "25", *options],
                              catch_exceptions=False)


def _plant(monkeypatch: pytest.MonkeyPatch, *, facade: Callable[[str], str] = lambda text: text,
           module: Callable[[str], str] = lambda text: text) -> None:
    """The generator emits a break: `facade` and `module` edit the facade's and every new module's text."""
    real = generation.generate

    def generate(*args, **kwargs) -> Generated:
        made = real(*args, **kwargs)
        path, text = made.facade
        return replace(made, facade=(path, facade(text)),
                       modules=tuple(replace(m, text=module(m.text)) for m in made.modules))

    monkeypatch.setattr(generation, "generate", generate)


def test_a_faithful_split_passes_and_says_so(shop_project: Path, landed) -> None:
    result = _split(shop_project, "--format", "json")
    assert landed(result), result.output
    data = json.loads(result.stdout)
    assert data["verification"]["passed"] and data["verification"]["importers_checked"] == 1
    assert (shop_project / "shop" / "__init__.py").is_file() and not (shop_project / "shop.py").exists()


PLANTED = [
    ("missing-name", {"facade": lambda text: text + "\ndel describe\n"},
     [("name-missing", "describe"), ("importer-broken", "app")]),
    ("changed-module", {"facade": lambda text: text + "\nBasket.__module__ = 'shop.elsewhere'\n"},
     [("module-changed", "Basket"), ("mro-changed", "Basket")]),
    ("changed-signature", {"module": lambda text: text.replace("def price_of(item: str)",
                                                               "def price_of(item: str, discount: int = 0)")},
     [("signature-changed", "price_of")]),
    ("changed-text", {"facade": lambda text: text + "\n__doc__ = 'Not the shop.'\n"},
     [("value-changed", "__doc__")]),
    ("import-error", {"module": lambda text: text + "\nfrom shop._nowhere import nothing\n"},
     [("does-not-import", "shop")]),
]


@pytest.mark.parametrize(("plant", "expected"), [c[1:] for c in PLANTED], ids=[c[0] for c in PLANTED])
def test_a_planted_break_is_caught_listed_and_every_file_restored(tree,
    shop_project: Path, monkeypatch: pytest.MonkeyPatch, plant: dict, expected: list[tuple[str, str]]
) -> None:
    before = tree(shop_project)
    _plant(monkeypatch, **plant)
    result = _split(shop_project, "--format", "json")
    assert result.exit_code == 1, result.output
    found = [(d["kind"], d["name"]) for d in json.loads(result.stdout)["verification"]["differences"]]
    assert found == expected
    assert tree(shop_project) == before
    text = _split(shop_project)
    assert text.exit_code == 1 and "verification failed" in text.stderr and expected[0][1] in text.stderr
    assert tree(shop_project) == before


def test_the_import_error_is_named_with_where_it_happened(shop_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(monkeypatch, module=lambda text: text + "\nfrom shop._nowhere import nothing\n")
    (difference,) = json.loads(_split(shop_project, "--format", "json").stdout)["verification"]["differences"]
    assert difference["after"].startswith("ModuleNotFoundError: No module named 'shop._nowhere' (at ")


def test_no_verify_skips_the_check_even_for_a_broken_split(shop_project: Path, monkeypatch: pytest.MonkeyPatch,
                                                           landed) -> None:
    _plant(monkeypatch, module=lambda text: text + "\nfrom shop._nowhere import nothing\n")
    result = _split(shop_project, "--no-verify", "--format", "json")
    assert landed(result) and json.loads(result.stdout)["verification"] is None
    assert (shop_project / "shop" / "__init__.py").is_file()


def test_the_verification_runs_before_the_gate(shop_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _plant(monkeypatch, facade=lambda text: text + "\ndel describe\n")
    result = _split(shop_project, "--gate", f"touch {shop_project.parent / 'gate-ran'}")
    assert result.exit_code == 1 and not (shop_project.parent / "gate-ran").exists()


def test_moved_code_reporting_a_new_module_name_is_a_difference_unless_asked_for(tree,
    shop_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the old `__module__` kept, a moved class naming its new module is caught; asked for, it is not."""
    options = use_case.SplitOptions(max_lines=25)
    home = use_case.moved_names(shop_project / "shop.py", options)["shop.Basket"].rpartition(".")[0]
    assert home.startswith("shop._")
    _plant(monkeypatch, facade=lambda text: text + f"\nBasket.__module__ = {home!r}\n")
    before = tree(shop_project)
    strict = use_case.apply_split(shop_project / "shop.py", replace(options, keep_module_name=True))
    assert [(d.kind.slug, d.after) for d in strict.verification.differences] == [
        ("module-changed", home), ("mro-changed", f"{home}.Basket -> builtins.object")]
    assert tree(shop_project) == before
    asked = use_case.apply_split(shop_project / "shop.py", replace(options, keep_module_name=False))
    assert asked.verification.passed and asked.written


def test_an_original_that_does_not_import_cannot_be_verified_and_nothing_is_written(tree, shop_project: Path) -> None:
    with (shop_project / "shop.py").open("a") as module:
        module.write("\nimport no_such_dependency\n")
    before = tree(shop_project)
    result = _split(shop_project)
    assert result.exit_code == 1
    assert "cannot verify: the original does not import with " in result.stderr
    assert ": ModuleNotFoundError: No module named 'no_such_dependency' (at " in result.stderr
    assert "nothing written" in result.stderr
    assert tree(shop_project) == before


def test_import_side_effects_stay_out_of_the_output_and_the_project(shop_project: Path, landed) -> None:
    noisy = "\nprint('hello from shop')\nopen('import-log.txt', 'a').write('x')\n"
    with (shop_project / "shop.py").open("a") as module:
        module.write(noisy)
    result = _split(shop_project, "--format", "json")
    assert landed(result), result.output
    assert json.loads(result.stdout)["verification"]["passed"]  # stdout is still one JSON document
    assert not list(shop_project.rglob("import-log.txt"))


def test_a_split_that_hangs_on_import_times_out_and_is_restored(tree, shop_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_run, "IMPORT_TIMEOUT_S", 1.5)
    monkeypatch.setattr(verify_run, "PACE_ALLOWED", 0.0)  # exactly 1.5 s, however long the original took on a busy machine
    _plant(monkeypatch, facade=lambda text: text + "\nimport time\ntime.sleep(60)\n")
    before = tree(shop_project)
    result = _split(shop_project, "--format", "json")
    assert result.exit_code == 1
    (difference,) = json.loads(result.stdout)["verification"]["differences"]
    assert difference["after"] == "did not finish importing within 1.5 s"
    assert tree(shop_project) == before


def test_a_value_made_at_random_on_import_is_not_a_difference(shop_project: Path, landed) -> None:
    # boltons.ecoutils: INSTANCE_ID = hex(random.getrandbits(128)) reads differently in every import
    with (shop_project / "shop.py").open("a") as module:
        module.write("\nimport os\nINSTANCE_ID = os.urandom(8).hex()\n")
    result = _split(shop_project, "--format", "json")
    assert landed(result), result.output
    assert json.loads(result.stdout)["verification"]["passed"]
