"""griffe on the same case table: equal where griffe is right, and where it differs, why ours is right.

griffe's kinds are mapped to ours coarsely (a removed class member is a removed object to griffe).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from api_cases import CASES, Case
from api_trees import diff_trees, found, write_tree

griffe = pytest.importorskip("griffe")

_GRIFFE_TO_OURS = {
    "Positional parameter was moved": "parameter-moved",
    "Parameter was removed": "parameter-removed",
    "Parameter kind was changed": "parameter-kind-changed",
    "Parameter default was changed": "default-changed",
    "Parameter is now required": "default-removed",
    "Parameter was added as required": "required-parameter-added",
    "Return types are incompatible": "return-annotation-changed",
    "Public object was removed": "path-removed",
    "Public object points to a different kind of object": "kind-changed",
    "Base class was removed": "base-class-removed",
}


def _coarse(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {("path-removed" if kind == "class-member-removed" else kind, path) for kind, path in pairs}


def griffe_findings(tmp_path: Path, case: Case) -> set[tuple[str, str]]:
    old_root = write_tree(tmp_path / "g_old", case.old)
    new_root = write_tree(tmp_path / "g_new", case.new)
    old = griffe.load("mypkg", search_paths=[str(old_root)], resolve_aliases=True)
    new = griffe.load("mypkg", search_paths=[str(new_root)], resolve_aliases=True)
    return {(_GRIFFE_TO_OURS[b.kind.value], b.obj.path) for b in griffe.find_breaking_changes(old, new)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_griffe_agrees_or_we_say_why(case: Case, tmp_path: Path) -> None:
    theirs = griffe_findings(tmp_path, case)
    ours = _coarse(found(diff_trees(tmp_path, case.old, case.new)))
    if case.griffe is None:
        assert theirs == ours, "griffe is right here, so both tools must agree"
    else:
        assert case.why, "every disagreement with griffe carries the reason ours is right"
        assert theirs == _coarse(set(case.griffe)), "griffe's behaviour changed: re-check the case"
        assert theirs != ours


def test_the_griffe_blind_spots_are_covered() -> None:
    """The four blind spots from the research (§1.5) each have a case where griffe and ours differ."""
    disagreements = {case.id.split(":")[0] for case in CASES if case.griffe is not None}
    assert {"G", "A->D", "F", "top-level re-export without __all__ removed"} <= disagreements
