"""Whole roadmaps: the seed, this repository's own, a small one in both languages, and malformed ones."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from roadmap_support import FIXTURES, REPO_ROADMAP, SEED

from refactor_tool.errors import InputError
from refactor_tool.roadmap.model import ActionKind, CriterionKind, LimitKind, TaskKind
from refactor_tool.roadmap.parse import parse_roadmap, read_roadmap

#: where the issue keeps the seed: ../shared/seed/ beside the repository
SHARED_SEED = REPO_ROADMAP.parent.parent / "shared" / "seed" / "ROADMAP.md"
MALFORMED = FIXTURES / "malformed"


def test_the_seed_copy_is_the_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("no ../shared/seed next to this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_the_seed() -> None:
    roadmap = read_roadmap(SEED)
    assert [len(phase.tasks) for phase in roadmap.phases] == [11, 6, 4]
    assert [phase.title for phase in roadmap.phases] == ["Core Engine モジュール分割", "Train モジュールリファクタリング",
                                                         "クリーンアップ"]
    assert [phase.label for phase in roadmap.phases] == ["MVP", "Enhancement", "Completion"]
    assert all(task.done for phase in roadmap.phases for task in phase.tasks)
    assert [(box.phase, box.limit, box.action.kind) for box in roadmap.timeboxes] == [
        (1, timedelta(hours=2), ActionKind.CARRY_OVER),
        (2, timedelta(hours=2), ActionKind.REDUCE_SCOPE),
        (3, timedelta(hours=1), ActionKind.DEFER_OPTIONAL),
    ]
    assert roadmap.timebox(2).action.scope == ("checkpoint.rs",)
    assert [(limit.kind, limit.value, limit.line) for limit in roadmap.limits] == [
        (LimitKind.NEW_FILES, 15, 110), (LimitKind.NEW_DEPENDENCIES, 0, 111), (LimitKind.API_BREAKS, 0, 112),
    ]
    assert [(c.kind, c.command, c.number) for c in roadmap.criteria] == [
        (CriterionKind.TESTS, "cargo test --workspace", None), (CriterionKind.CI, None, None),
        (CriterionKind.FILE_SIZE, None, 400), (CriterionKind.SMOKE_TEST, None, None),
    ]
    assert [(item.phase, item.duration) for item in roadmap.gantt] == [
        (1, timedelta(days=1)), (1, timedelta(hours=12)), (2, timedelta(days=1)), (2, timedelta(hours=12)),
        (3, timedelta(hours=12)),
    ]


def test_the_seeds_tasks_trees_and_lines() -> None:
    phase1, phase2, phase3 = read_roadmap(SEED).phases
    assert [task.kind for task in phase1.tasks].count(TaskKind.EXTRACT) == 7
    assert phase1.tasks[1].files == ("rms_norm.rs",) and phase1.tasks[1].symbols == ("RMSNorm",)
    assert phase1.tasks[1].line == 33
    assert len(phase1.trees) == 1 and len(phase1.trees[0].files) == 10
    assert phase2.trees[0].files[-1] == "bit_llama/src/train/loop.rs"
    assert phase2.tasks[3].files == ("training_loop.rs",) and phase2.tasks[3].line == 67
    assert [task.kind for task in phase3.tasks] == [TaskKind.CHECK, TaskKind.DELETE, TaskKind.DELETE, TaskKind.CHECK]
    assert phase3.trees == ()
    assert phase1.goal == "core_engine.rs (1097行) を複数モジュールに分割"


def test_this_repositorys_roadmap() -> None:
    roadmap = read_roadmap(REPO_ROADMAP)
    assert [len(phase.tasks) for phase in roadmap.phases] == [10, 6, 4]
    assert [box.limit for box in roadmap.timeboxes] == [timedelta(hours=2), timedelta(hours=2), timedelta(hours=1)]
    assert [box.action.kind for box in roadmap.timeboxes] == list(ActionKind)
    assert [(limit.kind, limit.value) for limit in roadmap.limits] == [
        (LimitKind.NEW_FILES, 15), (LimitKind.NEW_DEPENDENCIES, 0), (LimitKind.API_BREAKS, 0)]
    assert [c.command for c in roadmap.criteria] == ["python -m pytest", "bash .ci/run", None, None]
    assert roadmap.gantt == ()
    assert roadmap.phase(2).trees[0].files == tuple(
        f"bit_ttt/train/{name}" for name in ("__init__.py", "args.py", "checkpoint.py", "loop.py"))


def _shape(path: Path) -> object:
    """Everything but the words: what a roadmap promises, comparable across languages."""
    roadmap = read_roadmap(path)
    return (
        [(phase.number, phase.label, [(t.kind, t.state, t.files, t.symbols, t.within, t.commands, t.line)
                                      for t in phase.tasks], [tree.paths() for tree in phase.trees])
         for phase in roadmap.phases],
        [(box.phase, box.limit, box.action.kind, box.action.scope, box.line) for box in roadmap.timeboxes],
        [(limit.kind, limit.value, limit.line) for limit in roadmap.limits],
        [(c.kind, c.command, c.number, c.line) for c in roadmap.criteria],
        [(g.phase, g.id, g.start, g.end, g.after, g.line) for g in roadmap.gantt],
    )


def test_japanese_and_english_fixtures_say_the_same() -> None:
    ja = _shape(FIXTURES / "ja_small.md")
    assert ja == _shape(FIXTURES / "en_small.md")
    phases, boxes, limits, criteria, gantt = ja
    assert [[task[0] for task in phase[2]] for phase in phases] == [
        [TaskKind.CREATE, TaskKind.EXTRACT, TaskKind.EXTRACT, TaskKind.UPDATE, TaskKind.CHECK],
        [TaskKind.DELETE, TaskKind.DELETE],
    ]
    assert phases[1][2][1][4] == ("shop/__init__.py",)  # the place of the change, not what is deleted
    assert [box[1] for box in boxes] == [timedelta(minutes=90), timedelta(minutes=30)]
    assert [c[0] for c in criteria] == [CriterionKind.TESTS, CriterionKind.FILE_SIZE, CriterionKind.COMMAND]
    assert [limit[1] for limit in limits] == [3, 0, 0]
    assert [g[1] for g in gantt] == ["a1", None, "a2"]


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("ja_duration.md", 9, "'約二時間' is not a duration"),
        ("en_duration.md", 9, "'two-ish hours' is not a duration"),
        ("ja_action.md", 9, "'頑張る' is not an action"),
        ("en_resource.md", 10, "'Coffee cups' is not a resource"),
        ("ja_limit_number.md", 9, "has no number"),
        ("en_gantt_after.md", 6, "`after p9` names no earlier Gantt task"),
        ("ja_gantt_date.md", 5, "'2026年1月11日' is neither a date"),
        ("en_tree.md", 10, "expected a tree line"),
        ("ja_duplicate_phase.md", 5, "phase 1 appears twice"),
        ("en_no_phases.md", 1, "no phases found"),
        ("ja_timebox_columns.md", 7, "needs a phase, a time-limit and an action column"),
        ("en_timebox_phase.md", 9, "names no phase"),
    ],
)
def test_malformed_roadmaps_name_file_and_line(name: str, line: int, words: str) -> None:
    path = MALFORMED / name
    with pytest.raises(InputError) as caught:
        read_roadmap(path)
    assert caught.value.one_line().startswith(f"{path}:{line}: ")
    assert words in caught.value.message


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such roadmap"):
        read_roadmap(tmp_path / "missing.md")
    with pytest.raises(InputError, match="directory"):
        read_roadmap(tmp_path)
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"## Phase 1: a\n\n- [ ] caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_roadmap(latin)
    assert caught.value.line == 3


def test_phases_at_any_heading_level_end_at_the_next_heading_of_their_level() -> None:
    roadmap = parse_roadmap(
        "# Plan\n\n## Phases\n\n### Phase 1 - first\n\n- [ ] `a.py` extract\n\n#### Notes\n\n- [x] still phase 1\n\n"
        "## Elsewhere\n\n- [ ] not a task of any phase\n\n## フェーズ 2\n\n- [ ] `b.py` 削除\n", "R.md")
    assert [(phase.number, phase.title, len(phase.tasks)) for phase in roadmap.phases] == [(1, "first", 2), (2, "", 1)]
    assert roadmap.title == "Plan"
    same_level = parse_roadmap("## Phase 1: a\n\n- [ ] one\n\n## Notes\n\n- [ ] not phase 1's\n", "R.md")
    assert [task.text for task in same_level.phases[0].tasks] == ["one"]
    assert parse_roadmap("\ufeff## Phase 1: bom\n", "R.md").phases[0].title == "bom"


def test_criteria_may_be_a_checklist_outside_the_phases() -> None:
    roadmap = parse_roadmap("## Phase 1: a\n\n- [x] one\n\n## Success criteria\n\n- [ ] `pytest` passes\n"
                            "- [x] **File size**: every file < 400 lines\n", "R.md")
    assert [(c.kind, c.command, c.number, c.line) for c in roadmap.criteria] == [
        (CriterionKind.COMMAND, "pytest", None, 7), (CriterionKind.FILE_SIZE, None, 400, 8)]
    assert len(roadmap.phases[0].tasks) == 1
