"""Each lint finding on a roadmap made to show it, and the exact findings on the seed and on ours."""

from __future__ import annotations

import pytest
from roadmap_support import FIXTURES, REPO_ROADMAP, SEED

from refactor_tool.roadmap.lint import LintKind, lint, matches, planned_new_files
from refactor_tool.roadmap.model import CriterionKind
from refactor_tool.roadmap.parse import parse_roadmap, read_roadmap

TREE_PHASE = """\
## Phase 1: split

- [x] create `pkg/`
- [x] `pkg/a.py` extract (A)
- [x] `b.py` extract (B)
- [x] `pkg/__init__.py` update
- [x] `docs/notes.md` create

```
pkg/
├── __init__.py
├── a.py
└── c.py
```
"""
BOXES = "\n## Timeboxes\n\n| Phase | Limit | Action when exceeded |\n|---|---|---|\n"
LIMITS = "\n## Resource limits\n\n| Resource | Limit |\n|---|---|\n"


def _kinds(text: str, **options: object) -> list[tuple[LintKind, int]]:
    return [(finding.kind, finding.line) for finding in lint(parse_roadmap(text, "R.md"), **options).findings]


def test_task_file_not_in_tree() -> None:
    # b.py is missing from the tree; docs/notes.md lies outside the tree's root; the update task is not checked
    assert _kinds(TREE_PHASE) == [(LintKind.TASK_FILE_NOT_IN_TREE, 5)]


def test_plan_exceeds_timebox_in_japanese() -> None:
    text = ("```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    section Phase 1\n    分割 :p1, 2026-01-11, 90m\n"
            "    検証 :after p1, 31m\n    section Phase 2\n    整理 :p2, after p1, 1h\n```\n\n"
            "## フェーズ1: 分割\n\n## フェーズ2: 整理\n\n## タイムボックス\n\n| フェーズ | 上限時間 | 超過時のアクション |\n"
            "|---|---|---|\n| Phase 1 | 2時間 | 持ち越し |\n| Phase 2 | 1時間 | 延期可能 |\n")
    assert _kinds(text) == [(LintKind.PLAN_EXCEEDS_TIMEBOX, 5)]  # 2 h 1 min > 2 h; phase 2 fits exactly


def test_too_many_planned_files() -> None:
    tree = "\n".join(f"├── m{index}.py" for index in range(4))
    text = f"## Phase 1: x\n\n- [ ] `extra.py` extract\n\n### Expected result\n\n```\npkg/\n{tree}\n```\n"
    assert _kinds(text + LIMITS + "| New files | 5 at most |\n") == [(LintKind.TASK_FILE_NOT_IN_TREE, 3)]
    over = _kinds(text + LIMITS + "| New files | 4 at most |\n")
    assert over == [(LintKind.TASK_FILE_NOT_IN_TREE, 3), (LintKind.TOO_MANY_PLANNED_FILES, 19)]


def test_files_updated_in_existing_folders_are_not_new() -> None:
    roadmap = parse_roadmap(TREE_PHASE, "R.md")
    # pkg/ is created here, so pkg/__init__.py is new although a task "updates" it
    assert planned_new_files(roadmap) == ("pkg/__init__.py", "pkg/a.py", "pkg/c.py", "b.py", "docs/notes.md")
    seed = read_roadmap(SEED)
    assert "rust_engine/src/lib.rs" not in planned_new_files(seed) and len(planned_new_files(seed)) == 14


@pytest.mark.parametrize(
    ("criterion", "finding"),
    [
        ("**All tests pass**: `pytest`", False),
        ("**All tests pass**", True),
        ("**CI green**: GitHub Actions", True),
        ("**CI green**: `bash .ci/run`", False),
        ("**File size**: every file < 400 lines", False),
        ("**File size**: small files", True),
        ("**Smoke test** passes", True),
        ("**Docs build**: `mkdocs build`", False),
        ("**Everyone is happy**", True),
        ("**全テスト通過**: `cargo test`", False),
        ("**学習パイプライン動作**: スモークテスト成功", True),
    ],
)
def test_criterion_not_checkable(criterion: str, finding: bool) -> None:
    text = f"## Phase 1: x\n\n## Success criteria\n\n1. {criterion}\n"
    assert _kinds(text) == ([(LintKind.CRITERION_NOT_CHECKABLE, 5)] if finding else [])


def test_a_configured_command_makes_a_criterion_checkable() -> None:
    text = "## Phase 1: x\n\n## 成功基準\n\n1. **学習パイプライン動作**: スモークテスト成功\n"
    assert _kinds(text, configured={CriterionKind.SMOKE_TEST}) == []


def test_phases_and_timeboxes_that_do_not_meet() -> None:
    text = "## Phase 1: x\n\n## Phase 2: y\n" + BOXES + "| Phase 1 | 1h | defer |\n| Phase 4 | 1h | defer |\n"
    assert _kinds(text) == [(LintKind.PHASE_WITHOUT_TIMEBOX, 3), (LintKind.TIMEBOX_WITHOUT_PHASE, 10)]
    assert _kinds("## Phase 1: no timeboxes at all\n") == []


def test_scope_outside_phase() -> None:
    text = "## Phase 1: x\n\n- [ ] `a/checkpoint.py` extract\n" + BOXES
    assert _kinds(text + "| Phase 1 | 1h | reduce scope (`checkpoint.py` only) |\n") == []
    assert _kinds(text + "| Phase 1 | 1h | reduce scope (`loop.py` only) |\n") == [(LintKind.SCOPE_OUTSIDE_PHASE, 9)]


def test_the_seeds_findings() -> None:
    result = lint(read_roadmap(SEED))
    assert [(finding.kind.slug, finding.line) for finding in result.findings] == [
        ("plan-exceeds-timebox", 15),
        ("plan-exceeds-timebox", 18),
        ("plan-exceeds-timebox", 21),
        ("task-file-not-in-tree", 67),
        ("criterion-not-checkable", 119),
        ("criterion-not-checkable", 121),
    ]
    messages = [finding.message for finding in result.findings]
    assert messages[0].startswith("the Gantt chart plans phase 1 for 1 d 12 h (core_engine 分割 1 d, テスト・検証 12 h)")
    assert messages[0].endswith("but its timebox (line 100) is 2 h")
    assert messages[3] == ("phase 2 extracts `training_loop.rs`, which its expected tree (line 74) does not contain; "
                           "the tree has `bit_llama/src/train/loop.rs`")
    assert not result.ok


def test_our_roadmaps_findings() -> None:
    result = lint(read_roadmap(REPO_ROADMAP))
    assert [(finding.kind.slug, finding.line) for finding in result.findings] == [("criterion-not-checkable", 102)]


def test_the_small_fixtures_give_the_same_findings_in_both_languages() -> None:
    ja, en = (lint(read_roadmap(FIXTURES / name)).findings for name in ("ja_small.md", "en_small.md"))
    assert [(f.kind, f.line) for f in ja] == [(f.kind, f.line) for f in en] == [
        (LintKind.PLAN_EXCEEDS_TIMEBOX, 12), (LintKind.PLAN_EXCEEDS_TIMEBOX, 15)]
    assert ja[0].message.endswith("is 1 h 30 min") and "plans phase 1 for 2 h" in ja[0].message


@pytest.mark.parametrize(
    ("named", "drawn", "expected"),
    [("loop.rs", "bit_llama/src/train/loop.rs", True), ("train/loop.rs", "src/train/loop.rs", True),
     ("rain/loop.rs", "src/train/loop.rs", False), ("oop.rs", "src/loop.rs", False),
     ("pkg/", "src/pkg/", True), ("", "a.py", False)],
)
def test_matching_is_by_whole_path_components(named: str, drawn: str, expected: bool) -> None:
    assert matches(named, drawn) is expected


def test_every_kind_has_a_slug_and_a_sentence() -> None:
    for kind in LintKind:
        assert kind.slug == kind.name.lower().replace("_", "-")
        assert kind.value[0].isupper() and " " in kind.value
