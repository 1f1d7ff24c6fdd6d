"""`roadmap audit`, `roadmap run`, `roadmap report --audit` and `split --plan ROADMAP.md --phase N` through click:
output and exit codes 0 / 1 / 2, a real phase over a one-second timebox, real splits of a tiny package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from roadmap_repos import PYPROJECT, one_phase, write

from refactor_tool.cli import main

SLEEP = f'`{sys.executable} -c "import time; time.sleep(1.2)"`'
SHOP = {"pyproject.toml": PYPROJECT, "shop/__init__.py": "from shop.core import Cart, price_of\n",
        "shop/core.py": "class Cart:\n    pass\n\n\ndef price_of(item):\n    return 1\n"}


def _cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_audit_exits_0_when_nothing_is_contradicted_and_1_naming_a_planted_lie(tmp_path: Path) -> None:
    write(tmp_path, {**SHOP, "ROADMAP.md": one_phase("- [x] create `shop/`\n- [ ] `shop/cart.py` extract (Cart)")})
    clean = _cli("roadmap", "audit", tmp_path / "ROADMAP.md", "--format", "json")
    assert clean.exit_code == 0, clean.output
    data = json.loads(clean.stdout)
    assert data["ok"] and data["counts"] == {"verified": 1, "not done": 1}
    write(tmp_path, {"ROADMAP.md": one_phase("- [x] create `shop/`\n- [x] `shop/cart.py` extract (Cart)")})
    lie = _cli("roadmap", "audit", tmp_path / "ROADMAP.md")
    assert lie.exit_code == 1
    assert f"{tmp_path / 'ROADMAP.md'}:10: shop/cart.py extract (Cart): `shop/cart.py` does not exist" in lie.stdout


def test_audit_of_a_malformed_roadmap_is_one_line_and_exit_2(tmp_path: Path) -> None:
    write(tmp_path, {"ROADMAP.md": "# nothing here\n"})
    result = _cli("roadmap", "audit", tmp_path / "ROADMAP.md")
    assert result.exit_code == 2 and "no phases found" in result.output


def test_run_stops_a_phase_over_a_one_second_timebox_and_carries_the_rest_over(tmp_path: Path) -> None:
    tasks = f"- [ ] {SLEEP} passes\n- [ ] `{sys.executable} -c pass` passes"
    timebox = "## Timeboxes\n\n| Phase | Limit | Action when exceeded |\n|---|---|---|\n" \
              "| Phase 1 | 1 s | carry the rest over to the next session |\n"
    write(tmp_path, {**SHOP, "ROADMAP.md": one_phase(tasks, extra=timebox)})
    before = (tmp_path / "ROADMAP.md").read_bytes()
    result = _cli("roadmap", "run", tmp_path / "ROADMAP.md", "--format", "json")
    assert result.exit_code == 1, result.output
    (phase,) = json.loads(result.stdout)["phases"]
    assert phase["end"] == "carried_over" and phase["action"] == "carry-over" and phase["cut"] == [10]
    assert phase["spent_seconds"] >= 1.2
    after = (tmp_path / "ROADMAP.md").read_bytes()
    assert after == before.replace(b"- [ ] `", b"- [x] `", 1)
    report = (tmp_path / "reports" / "timebox.md").read_text(encoding="utf-8")
    assert "over budget" in report and "carry-over" in report


def test_run_dry_run_exits_0_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {**SHOP, "ROADMAP.md": one_phase("- [ ] `shop/cart.py` extract (Cart)")})
    result = _cli("roadmap", "run", tmp_path / "ROADMAP.md", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    (phase,) = json.loads(result.stdout)["phases"]
    split = phase["steps"][0]
    assert split["title"] == "split `shop/core.py` into `cart.py`" and split["status"] == "planned (dry run)"
    assert "+class Cart:" in split["detail"][-1] and phase["ticked"] == []
    shown = _cli("roadmap", "run", tmp_path / "ROADMAP.md", "--dry-run")
    assert shown.exit_code == 0 and "+class Cart:" in shown.stdout and "nothing written" in shown.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ROADMAP.md", "pyproject.toml", "shop"]


def test_split_carries_out_a_phase_of_a_roadmap(tmp_path: Path) -> None:
    write(tmp_path, {**SHOP, "ROADMAP.md": one_phase("- [ ] `shop/cart.py` extract (Cart)\n"
                                                     "- [ ] `shop/prices.py` extract (price_of)")})
    result = _cli("split", tmp_path / "shop" / "core.py", "--plan", tmp_path / "ROADMAP.md", "--phase", "1")
    assert result.exit_code == 0, result.output
    assert "class Cart" in (tmp_path / "shop" / "cart.py").read_text(encoding="utf-8")
    assert "def price_of" in (tmp_path / "shop" / "prices.py").read_text(encoding="utf-8")
    probe = "import shop.core, shop.cart, shop.prices; " \
            "print(shop.core.Cart is shop.cart.Cart, shop.core.price_of is shop.prices.price_of)"
    same = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert same.stdout.split() == ["True", "True"]


@pytest.mark.parametrize(("args", "words"), [
    (("--plan", "ROADMAP.md"), "a roadmap plan needs `--phase N`"),
    (("--phase", "1"), "--phase N goes with a roadmap plan"),
    (("--plan", "ROADMAP.md", "--phase", "7"), "the roadmap has no phase 7"),
])
def test_split_with_a_roadmap_plan_refuses_bad_options_with_exit_2(tmp_path: Path, args: tuple[str, ...],
                                                                    words: str) -> None:
    write(tmp_path, {**SHOP, "ROADMAP.md": one_phase("- [ ] `shop/cart.py` extract (Cart)")})
    shown = [str(tmp_path / a) if a == "ROADMAP.md" else a for a in args]
    result = _cli("split", tmp_path / "shop" / "core.py", *shown, "--dry-run")
    assert result.exit_code == 2 and words in result.output
    assert not (tmp_path / "shop" / "cart.py").exists()


def test_report_with_audit_puts_the_verdicts_in(tmp_path: Path) -> None:
    write(tmp_path, {**SHOP, "ROADMAP.md": one_phase("- [x] create `shop/`\n- [x] `shop/cart.py` extract (Cart)")})
    result = _cli("roadmap", "report", tmp_path / "ROADMAP.md", "--audit")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "reports" / "timebox.json").read_text(encoding="utf-8"))
    assert report["audited"] and report["phases"][0]["verdicts"] == {"contradicted": 1, "verified": 1}


def test_a_split_that_cannot_keep_the_roadmaps_file_size_fails_the_phase_with_exit_1(tmp_path: Path) -> None:
    # six small classes planned into one module over the limit: the split refuses such a plan (exit 2 from
    # `split`); in a run, the phase fails, the run goes on to its report and exits 1
    names = [f"Item{number}" for number in range(6)]
    core = "".join(f"class {name}:\n    pass\n\n\n" for name in names) + "def price_of(item):\n    return 1\n"
    criteria = "## Success criteria\n\n1. **File size**: every file < 15 lines\n"
    write(tmp_path, {**SHOP, "shop/core.py": core, "shop/__init__.py": "",
                     "ROADMAP.md": one_phase(f"- [ ] `shop/cart.py` extract ({', '.join(names)})", extra=criteria)})
    before = (tmp_path / "shop" / "core.py").read_bytes()
    result = _cli("roadmap", "run", tmp_path / "ROADMAP.md", "--allow-dirty", "--format", "json")
    assert result.exit_code == 1, result.output
    (phase,) = json.loads(result.stdout)["phases"]
    (split, *_rest) = phase["steps"]
    assert phase["end"] == "failed" and split["status"] == "failed" and phase["ticked"] == []
    assert split["detail"][0].startswith(f"the split refused the plan, nothing written: {tmp_path / 'ROADMAP.md'}:9: ")
    assert (tmp_path / "shop" / "core.py").read_bytes() == before and not (tmp_path / "shop" / "cart.py").exists()


def test_a_phase_extracting_a_subclass_leaves_its_shared_base_importable(tmp_path: Path) -> None:
    """The base stays unlisted (two classes use it), so the split puts it in a module of its own that the
    planned module imports at its top: a base class is needed while the subclass is defined."""
    core = "class Base:\n    pass\n\n\nclass Cart(Base):\n    pass\n\n\nclass Bag(Base):\n    pass\n"
    write(tmp_path, {**SHOP, "shop/__init__.py": "", "shop/core.py": core,
                     "ROADMAP.md": one_phase("- [ ] `shop/cart.py` extract (Cart)")})
    result = _cli("split", tmp_path / "shop" / "core.py", "--plan", tmp_path / "ROADMAP.md", "--phase", "1")
    assert result.exit_code == 0, result.output
    probe = "import shop.cart, shop.core; print(issubclass(shop.cart.Cart, shop.core.Base), shop.core.Cart is shop.cart.Cart)"
    same = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert same.stdout.split() == ["True", "True"], same.stderr
