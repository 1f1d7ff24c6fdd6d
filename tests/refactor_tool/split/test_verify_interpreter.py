"""The verification imports with the project's interpreter: a dependency only the project's venv has.

A real virtual environment (made without pip, so it is quick) holds a package `fancydep` that the
interpreter running these tests lacks; the shop module needs it. With the venv where a user keeps it,
the split verifies there and lands; without it, it is refused naming the interpreter and `--python`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

NEEDS_DEPENDENCY = "\n\nimport fancydep\n\n\ndef greeting() -> str:\n    return fancydep.hello()\n"


def _venv_with_dependency(folder: Path) -> Path:
    """A venv at `folder` whose site-packages holds `fancydep`; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    (Path(purelib) / "fancydep").mkdir(parents=True)
    (Path(purelib) / "fancydep" / "__init__.py").write_text("def hello():\n    return 'hello'\n")
    return python


@pytest.fixture
def needy_shop(shop_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop project, its module needing `fancydep`; no virtual environment active."""
    with (shop_project / "shop.py").open("a") as module:
        module.write(NEEDS_DEPENDENCY)
    for name in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    return shop_project


def _split(root: Path, *options: str, env: dict[str, str] | None = None):
    return CliRunner(env=env).invoke(main, ["split", str(root / "shop.py"), "--max-lines", "25", *options],
                                     catch_exceptions=False)


def test_the_tools_own_interpreter_lacks_the_dependency() -> None:
    found = subprocess.run([sys.executable, "-c", "import fancydep"], capture_output=True, timeout=60)
    assert found.returncode != 0  # else the tests below prove nothing


def test_with_the_projects_venv_the_split_verifies_there_and_lands(needy_shop: Path) -> None:
    python = _venv_with_dependency(needy_shop / ".venv")
    result = _split(needy_shop, "--format", "json")
    assert result.exit_code == 0, result.output
    verification = json.loads(result.stdout)["verification"]
    assert verification["passed"]
    assert verification["interpreter"] == {"path": str(python), "chosen_by": "project-venv",
                                           "why": "the project's virtual environment"}
    assert (needy_shop / "shop" / "__init__.py").is_file() and not (needy_shop / "shop.py").exists()


def test_the_text_output_says_which_interpreter_verified(needy_shop: Path) -> None:
    python = _venv_with_dependency(needy_shop / ".venv")
    result = _split(needy_shop)
    assert result.exit_code == 0, result.output
    assert f"verified with {python} (the project's virtual environment): every name as before" in \
        " ".join(result.stdout.split())


def test_without_it_the_split_is_refused_naming_the_interpreter_and_how_to_choose(tree, needy_shop: Path) -> None:
    before = tree(needy_shop)
    result = _split(needy_shop)
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert (f"cannot verify: the original does not import with {sys.executable} (the interpreter refactor-tool "
            "runs on): ModuleNotFoundError: No module named 'fancydep' (at ") in message
    assert "nothing written. Verify with the interpreter that has the project's dependencies (--python PATH" in message
    assert tree(needy_shop) == before


@pytest.mark.parametrize("how", ["option", "venv-folder", "active", "configured"])
def test_a_venv_elsewhere_is_used_when_named_or_active(needy_shop: Path, tmp_path: Path, how: str) -> None:
    python = _venv_with_dependency(tmp_path / "envs" / "shop")
    options, env = ["--format", "json"], None
    if how == "option":
        options.append(f"--python={python}")
    elif how == "venv-folder":
        options.append(f"--python={tmp_path / 'envs' / 'shop'}")
    elif how == "active":
        env = {"VIRTUAL_ENV": str(tmp_path / "envs" / "shop")}
    else:
        (needy_shop / "pyproject.toml").write_text('[tool.refactor_tool]\npython = "../envs/shop/bin/python"\n')
    result = _split(needy_shop, *options, env=env)
    assert result.exit_code == 0, result.output
    chosen = json.loads(result.stdout)["verification"]["interpreter"]
    assert Path(chosen["path"]).parent.parent.resolve() == (tmp_path / "envs" / "shop").resolve()
    assert chosen["chosen_by"] == {"option": "given", "venv-folder": "given", "active": "active-venv",
                                   "configured": "configured"}[how]


def test_python_naming_no_interpreter_is_an_input_error_before_anything_changes(tree, needy_shop: Path) -> None:
    before = tree(needy_shop)
    result = _split(needy_shop, "--python", str(needy_shop / "missing" / "python"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --python ") and "no Python interpreter there" in result.stderr
    assert tree(needy_shop) == before
