"""`roadmap audit` beyond tasks: expected trees, resource limits (refactor-check's engine with the roadmap's
numbers), success criteria; the seed and this repository's own roadmap."""

from __future__ import annotations

import shutil
from pathlib import Path

from roadmap_repos import PYPROJECT, FakeCommands, commit, one_phase, write
from roadmap_support import REPO_ROADMAP, SEED

from refactor_tool.roadmap.audit import AuditPorts
from refactor_tool.roadmap.model import LimitKind
from refactor_tool.roadmap.use_case import audit_roadmap
from refactor_tool.roadmap.verdicts import AuditItem, AuditReport, Subject

TREE = """
### Expected result

```
shop/
├── __init__.py
└── cart.py
```
"""
LIMITS = """
## Resource limits

| Resource | Limit |
|---|---|
| New files | 2 at most |
| New dependencies | 0 |
| Breaking API changes | 0 |

## Success criteria

1. **All tests pass**: `pytest -q`
2. **CI green**: GitHub Actions
3. **File size**: every file < 20 lines
4. **Training works**: smoke test passes
"""


def _audit(root: Path, tasks: str = "- [x] create `shop/`", *, extra: str = "", commands: FakeCommands | None = None,
           smoke: str | None = None) -> AuditReport:
    config = PYPROJECT + (f'smoke-test = "{smoke}"\n' if smoke else "")
    write(root, {"pyproject.toml": config, "shop/__init__.py": "", "shop/cart.py": "class Cart:\n    pass\n",
                 "ROADMAP.md": one_phase(tasks, extra=extra)})
    return audit_roadmap(root / "ROADMAP.md", ports=AuditPorts(commands=commands or FakeCommands()))


def _one(report: AuditReport, subject: Subject, starts: str = "") -> AuditItem:
    found = [e for e in report.items if e.subject is subject and e.text.startswith(starts)]
    assert len(found) == 1, [(e.subject, e.text) for e in report.items]
    return found[0]


def test_a_tree_whose_paths_exist_is_verified_and_what_else_is_there_is_said(tmp_path: Path) -> None:
    write(tmp_path, {"shop/prices.py": "X = 1\n"})
    tree = _one(_audit(tmp_path, extra=TREE), Subject.TREE)
    assert tree.verdict.value == "verified"
    assert tree.evidence == ("all 3 paths exist", "the folders also hold `shop/prices.py`, which the tree does not draw")


def test_a_tree_path_that_is_missing_contradicts_it(tmp_path: Path) -> None:
    tree = _one(_audit(tmp_path, extra=TREE.replace("cart.py", "cart.py\n└── orders.py")), Subject.TREE)
    assert tree.verdict.value == "contradicted" and tree.evidence == ("`shop/orders.py` is missing",)


def test_a_tree_of_a_phase_with_open_tasks_is_not_yet_claimed(tmp_path: Path) -> None:
    tree = _one(_audit(tmp_path, "- [ ] create `shop/orders/`", extra=TREE.replace("cart.py", "orders/")),
                Subject.TREE)
    assert tree.verdict.value == "not done"


def test_limits_hold_against_the_base_and_break_when_over(tmp_path: Path) -> None:
    report = _audit(tmp_path, extra=LIMITS)
    commit(tmp_path)
    write(tmp_path, {"shop/a.py": "A = 1\n", "shop/b.py": "B = 1\n"})
    report = audit_roadmap(tmp_path / "ROADMAP.md", ports=AuditPorts(commands=FakeCommands()))
    files = _one(report, Subject.LIMIT, "new-files")
    assert files.verdict.value == "verified" and files.evidence[0].startswith("refactor-check: 2 used of 2 since HEAD")
    assert report.limit_usage[LimitKind.NEW_FILES] == 2
    write(tmp_path, {"shop/c.py": "C = 1\n"})
    report = audit_roadmap(tmp_path / "ROADMAP.md", ports=AuditPorts(commands=FakeCommands()))
    files = _one(report, Subject.LIMIT, "new-files")
    assert files.verdict.value == "contradicted" and "3 files added since HEAD" in files.evidence[0]
    assert report.exit_code == 1
    assert _one(report, Subject.LIMIT, "new-dependencies").verdict.value == "verified"


def test_without_git_new_files_cannot_be_counted(tmp_path: Path) -> None:
    files = _one(_audit(tmp_path, extra=LIMITS), Subject.LIMIT, "new-files")
    assert files.verdict.value == "not checkable" and "needs a base" in files.evidence[0]


def test_criteria_run_the_gate_measure_file_sizes_and_leave_ci_to_ci(tmp_path: Path) -> None:
    write(tmp_path, {"shop/big.py": "X = 1\n" * 25})
    commands = FakeCommands({"pytest -q": 1})
    report = _audit(tmp_path, extra=LIMITS, commands=commands, smoke="python -m shop.smoke")
    assert _one(report, Subject.CRITERION, "All tests").verdict.value == "contradicted"
    assert _one(report, Subject.CRITERION, "CI").verdict.value == "not checkable"
    size = _one(report, Subject.CRITERION, "File size")
    assert size.verdict.value == "contradicted" and size.evidence[0].startswith("shop/big.py:")
    smoke = _one(report, Subject.CRITERION, "Training")
    assert smoke.verdict.value == "verified" and "`python -m shop.smoke`: passed" in smoke.evidence[0]
    assert commands.ran == ["pytest -q", "python -m shop.smoke"]


def test_a_smoke_test_with_no_command_anywhere_is_not_checkable(tmp_path: Path) -> None:
    smoke = _one(_audit(tmp_path, extra=LIMITS), Subject.CRITERION, "Training")
    assert smoke.verdict.value == "not checkable" and "smoke-test` is unset" in smoke.evidence[0]


def test_criteria_are_claimed_only_once_every_task_is_ticked(tmp_path: Path) -> None:
    report = _audit(tmp_path, "- [ ] create `shop/orders/`", extra=LIMITS, commands=FakeCommands({"pytest -q": 1}))
    assert _one(report, Subject.CRITERION, "All tests").verdict.value == "not done"
    assert report.results().criterion_results[_one(report, Subject.CRITERION, "All tests").line] == "failed"


def test_the_seed_in_a_folder_without_its_rust_code_is_contradicted_file_by_file(tmp_path: Path) -> None:
    shutil.copyfile(SEED, tmp_path / "ROADMAP.md")
    commands = FakeCommands({"cargo check": 127, "cargo test": 127, "cargo check --workspace": 127})
    report = audit_roadmap(tmp_path / "ROADMAP.md", ports=AuditPorts(commands=commands))
    verdicts = {e.text: e.verdict.value for e in report.items if e.subject is Subject.TASK}
    assert verdicts["rms_norm.rs 抽出 (RMSNorm)"] == "contradicted"
    assert verdicts["cargo check, cargo test 通過確認"] == "not checkable"
    assert verdicts["lib.rs から deprecated エクスポート削除"] == "not checkable"
    rms = next(e for e in report.items if e.text.startswith("rms_norm.rs"))
    assert rms.evidence == ("`rust_engine/src/layers/rms_norm.rs` does not exist",)
    assert report.exit_code == 1


def test_this_repositorys_roadmap_has_every_task_verified() -> None:
    """Commands are left out here (they are the test suite itself); `.ci/run` audits with them."""
    report = audit_roadmap(REPO_ROADMAP, run_commands=False)
    tasks = [e for e in report.items if e.subject is Subject.TASK]
    assert len(tasks) == 20
    assert {e.verdict.value for e in tasks if not e.text.endswith("passes")} == {"verified"}
    assert all(e.verdict.value == "verified" for e in report.items if e.subject is Subject.TREE)
