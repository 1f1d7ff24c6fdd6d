from __future__ import annotations

from refactor_tool.check.dependencies import added_declarations, declared, undeclared_imports
from refactor_tool.check.installed import packages_distributions
from refactor_tool.check.read import read_facts

PYPROJECT = b"""
[project]
name = "Demo_Project"
dependencies = ["Click>=8", "PyYAML ; python_version > '3'"]
[project.optional-dependencies]
model = ["torch>=2"]
dev = ["pytest", "demo-project[model]", "import_linter"]
[dependency-groups]
docs = ["mkdocs"]
"""


def test_declared_dependencies_by_group_with_normalized_names() -> None:
    found = declared(PYPROJECT)
    assert found.groups == {"runtime": {"click", "pyyaml"}, "extra:model": {"torch"},
                            "extra:dev": {"pytest", "importlinter"}, "group:docs": {"mkdocs"}}
    assert found.for_runtime() == {"click", "pyyaml", "torch"}


def test_distributions_declared_since_the_base_each_give_a_finding() -> None:
    base = declared(PYPROJECT)
    head = declared(PYPROJECT.replace(b'"Click>=8"', b'"Click>=8", "rich"').replace(b'"pytest"', b'"pytest", "hypothesis"'))
    assert [(f.subject, f.message, f.scope) for f in added_declarations(base, head)] == [
        ("hypothesis", "hypothesis is newly declared (extra dev)", "development"),
        ("rich", "rich is newly declared ([project] dependencies)", "runtime")]


def test_scopes_of_new_declarations_follow_who_installs_them() -> None:
    """Users install the dependencies and user-facing extras (`model`); a distribution moved there from a
    development extra is new to them; one already declared for users and added to `dev` too is not new."""
    base = declared(PYPROJECT)
    head = declared(PYPROJECT.replace(b'"Click>=8"', b'"Click>=8", "pytest"').replace(b'"torch>=2"', b'"torch>=2", "numpy"')
                    .replace(b'"import_linter"', b'"import_linter", "click", "asv"').replace(b'"mkdocs"', b'"mkdocs", "furo"'))
    assert [(f.subject, f.message, f.scope) for f in added_declarations(base, head)] == [
        ("asv", "asv is newly declared (extra dev)", "development"),
        ("furo", "furo is newly declared (group docs)", "development"),
        ("numpy", "numpy is newly declared (extra model)", "runtime"),
        ("pytest", "pytest is newly declared ([project] dependencies; declared only for development before)",
         "runtime")]


def test_imports_are_mapped_to_distributions_and_checked_against_the_declared_ones() -> None:
    facts = {
        "pkg/a.py": read_facts(b"import os\nimport yaml\nimport click.testing\nimport requests\nfrom . import b\n"
                               b"import pkg.c\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n"),
        "pkg/b.py": read_facts(b"from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pytest\n"
                               b"def f():\n    import importlinter\n"),
        "tests/test_a.py": read_facts(b"import pytest\nimport hypothesis\nimport conftest_helpers\n"),
    }
    distributions = {"yaml": ["PyYAML"], "click": ["click"], "pytest": ["pytest"], "importlinter": ["import-linter"]}
    findings = undeclared_imports(facts, frozenset({"pkg/a.py", "pkg/b.py"}), frozenset({"pkg", "conftest_helpers"}),
                                  declared(PYPROJECT), distributions)
    assert [(f.path, f.line, f.message) for f in findings] == [
        ("pkg/a.py", 4, "imports requests, but no declared dependency provides it (requests)"),
        ("pkg/b.py", 5, "runtime code imports importlinter (import-linter), declared only for development"),
        ("tests/test_a.py", 2, "imports hypothesis, but no declared dependency provides it (hypothesis)"),
    ]


def test_the_installed_distributions_map_equals_the_standard_librarys() -> None:
    from importlib import metadata

    assert packages_distributions() == metadata.packages_distributions()
