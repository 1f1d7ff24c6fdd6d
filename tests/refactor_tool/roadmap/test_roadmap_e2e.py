"""End to end: this repository's ROADMAP.md carried out on bit_ttt rebuilt in its monolithic form.

`roadmap run` goes through the three phases (the splits of `core_engine.py` and `train/trainer.py`, the
unused `legacy/` package deleted, the deprecated `build_model` export removed); then `roadmap audit` must
verify every task and bit_ttt's tests must pass on the tree it gave back. A planted lie (a ticked task whose
file is missing) is then named with exit 1. Minutes of work: in the slow suite.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from monolith import build_monolith, run_tool, tool_environment

from refactor_tool.roadmap.parse import read_roadmap

pytestmark = pytest.mark.slow

LIE = "- [x] `bit_ttt/train/resume.py` extract (find_checkpoint_path)\n"


def test_the_roadmap_runs_on_the_monolith_and_the_audit_verifies_every_task(tmp_path: Path) -> None:
    roadmap = build_monolith(tmp_path)
    assert not (tmp_path / "bit_ttt" / "layers").exists() and (tmp_path / "bit_ttt" / "legacy").is_dir()
    ran, run = run_tool(tmp_path, "roadmap", "run", "ROADMAP.md")
    assert ran == 0, run
    assert [phase["end"] for phase in run["phases"]] == ["done", "done", "done"]
    assert all(task.done for phase in read_roadmap(roadmap).phases for task in phase.tasks)
    assert (tmp_path / "bit_ttt" / "layers" / "rms_norm.py").is_file()
    assert (tmp_path / "bit_ttt" / "train" / "checkpoint.py").is_file()
    assert not (tmp_path / "bit_ttt" / "legacy").exists()
    assert "build_model" not in (tmp_path / "bit_ttt" / "__init__.py").read_text(encoding="utf-8")

    audited, audit = run_tool(tmp_path, "roadmap", "audit", "ROADMAP.md")  # the tasks' commands run too
    assert audited == 0, audit
    tasks = [entry for entry in audit["items"] if entry["subject"] == "task"]
    assert len(tasks) == 20 and {entry["verdict"] for entry in tasks} == {"verified"}
    assert {entry["text"]: entry["verdict"] for entry in audit["items"] if entry["subject"] != "task"} == {
        "expected tree of phase 1: bit_ttt/": "verified", "expected tree of phase 2: bit_ttt/train/": "verified",
        "new-files: 15 at most": "verified", "new-dependencies: 0 (existing only)": "verified",
        "api-breaks: 0 (compatibility kept)": "verified", "All tests pass: python -m pytest": "verified",
        "CI green: bash .ci/run": "not checkable", "File size: every file < 400 lines": "verified",
        "Training pipeline works: smoke test passes": "verified"}

    gate = subprocess.run([sys.executable, "-m", "pytest", "tests/bit_ttt", "-q"], cwd=tmp_path,
                          env=tool_environment(), capture_output=True, text=True, check=False)
    assert gate.returncode == 0, gate.stdout[-3000:]

    text = roadmap.read_text(encoding="utf-8")
    anchor = "- [x] `bit_ttt/train/__init__.py` re-exports\n"
    roadmap.write_text(text.replace(anchor, LIE + anchor, 1), encoding="utf-8")
    line = roadmap.read_text(encoding="utf-8").splitlines().index(LIE.rstrip()) + 1
    lied, caught = run_tool(tmp_path, "roadmap", "audit", "ROADMAP.md", "--no-commands")
    assert lied == 1
    wrong = {entry["line"]: entry["evidence"][0] for entry in caught["items"] if entry["verdict"] == "contradicted"}
    # the lie, and the task after it: `bit_ttt.train` cannot re-export what the missing module would hold
    assert sorted(wrong) == [line, line + 1]
    assert wrong[line] == "`bit_ttt/train/resume.py` does not exist" and "bit_ttt.train.resume" in wrong[line + 1]
