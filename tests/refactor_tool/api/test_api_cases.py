"""Every kind of change, and every scenario griffe gets wrong, as (old code, new code, expected findings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_cases import CASES, Case
from api_trees import diff_trees, found

from refactor_tool.api import DOCS, BreakageKind


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case_table(case: Case, tmp_path: Path) -> None:
    diff = diff_trees(tmp_path, case.old, case.new)
    assert found(diff) == set(case.expected)
    assert {a.path for a in diff.additions} == set(case.additions)
    assert not diff.problems


def test_every_kind_has_a_case_and_a_doc() -> None:
    covered = {slug for case in CASES for slug, _ in case.expected}
    # Needs a snapshot taken with --import, so it is covered in test_api_import.py.
    covered.add(BreakageKind.RUNTIME_UNCHECKED.slug)
    assert covered == {kind.slug for kind in BreakageKind}
    for kind in BreakageKind:
        doc = DOCS[kind]
        assert doc.what and doc.why and doc.example
        assert kind.value[0].isupper() and " " in kind.value  # a sentence, not an identifier


def test_move_and_change_is_reported_at_the_public_path(tmp_path: Path) -> None:
    """Scenario G: the finding names the path users import, and points at the file the definition moved to."""
    case = next(c for c in CASES if c.id.startswith("G:"))
    diff = diff_trees(tmp_path, case.old, case.new)
    grow = next(f for f in diff.findings if f.path == "mypkg.big.Widget.grow")
    assert grow.detail == "by -> step"
    assert grow.file is not None and grow.file.endswith("mypkg/big/_widgets.py")
    assert grow.line is not None and grow.line > 1
    assert diff.exit_code == 1


def test_warnings_alone_do_not_fail(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == "default-changed")
    diff = diff_trees(tmp_path, case.old, case.new)
    assert diff.findings and not diff.breaking
    assert diff.exit_code == 0
