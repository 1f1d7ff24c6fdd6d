"""Every row of the proof report that is not identical names a failure class (item 4 of issue 9's proof)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "proof"))

from _classify import classify, first_line


@pytest.mark.parametrize(("text", "label"), [
    ("AssertionError: Module does not compile with optimize=2 (-OO flag).", "9.9 the module run by its file"),
    ("split pyparsing/core.py exited 1: verification failed (1 differences), first: pyparsing.core: the split "
     "module does not import: TypeError: unsupported operand type(s) for ^: 'And' and 'And'",
     "verification refused: the split module does not import"),
    ("AttributeError: partially initialized module 'dill._dill' has no attribute 'Sentinel'",
     "9.5 circular import at package load"),
    ("E       Failed: DID NOT RAISE <class 'typeguard.TypeCheckError'>", "not yet diagnosed: typeguard"),
    ("doctest expected 'urlutils.py', got '_utils.py'", "9.9 a doctest lists the package's own source files"),
])
def test_a_failure_text_gets_its_class(text: str, label: str) -> None:
    assert classify(text).startswith(f"guess: {label}")


def test_every_row_that_is_not_identical_is_classified() -> None:
    rows = json.loads((Path(__file__).resolve().parents[2] / "reports" / "proof.json").read_text("utf-8"))["rows"]
    unclassified = [row["name"] for row in rows
                    if not row["identical"] and classify(row["why_not"].split("; ")[0]) == "unclassified"]
    assert not unclassified


def test_a_failed_doctest_is_told_by_its_outcome() -> None:
    text = ("047     >>> _CUR_DIR = os.path.dirname(os.path.abspath(__file__))\n"
            "049     >>> os.path.basename(filenames[-1])\nExpected:\n    'urlutils.py'\nGot:\n    '_utils.py'\n\n"
            "boltons/fileutils.py:49: DocTestFailure\n")
    assert first_line(text) == "doctest expected 'urlutils.py', got '_utils.py'"
    assert classify(text) == classify(first_line(text))
