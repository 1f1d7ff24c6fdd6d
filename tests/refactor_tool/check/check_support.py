"""A small project in a temporary git repository, for `refactor-check` end-to-end tests.

`pkg` (runtime code: `pkg/__init__.py` re-exports `pkg.core.public_function`), one passing test, a
pyproject declaring `click` and a pytest gate; committed once, so HEAD is the base.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli.check import main

PYPROJECT = """\
[project]
name = "demo"
version = "0.1"
dependencies = ["click>=8"]

[project.optional-dependencies]
dev = ["pytest"]

[tool.refactor_tool]
packages = ["pkg"]
gate = "{python} -m pytest -q tests -p no:cacheprovider"
"""

FILES = {
    "pkg/__init__.py": '"""Demo package."""\nfrom pkg.core import public_function\n\n__all__ = ["public_function"]\n',
    "pkg/core.py": '"""Core."""\nimport click\n\n\ndef public_function(a):\n    return a + 1\n',
    "tests/test_core.py": "from pkg.core import public_function\n\n\ndef test_adds_one():\n"
                          "    assert public_function(1) == 2\n",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def make_repo(tmp_path: Path, pyproject: str = PYPROJECT) -> Path:
    repo = tmp_path / "demo"
    repo.mkdir()
    write(repo, "pyproject.toml", pyproject.replace("{python}", sys.executable))
    for path, text in FILES.items():
        write(repo, path, text)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "Test")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def write(repo: Path, path: str, text: str) -> Path:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def check(repo: Path, *args: str) -> tuple[int, dict, str]:
    """Run `refactor-check --format json`: (exit code, the JSON document or {}, stderr)."""
    result = CliRunner().invoke(main, ["--root", str(repo), "--format", "json", *args])
    try:
        document = json.loads(result.stdout)
    except ValueError:
        document = {}
    return result.exit_code, document, result.stderr


def kinds(document: dict) -> list[str]:
    return [finding["kind"] for finding in document.get("findings", [])]
