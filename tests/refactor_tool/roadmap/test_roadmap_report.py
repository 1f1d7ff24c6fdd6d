"""The timebox report: where each phase's time comes from, its status, and the tables it renders."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from roadmap_support import SEED, FakeClock

from refactor_tool.errors import InputError
from refactor_tool.roadmap.events import EventKind, TimeboxEvent, append_event
from refactor_tool.roadmap.history import PhaseEstimate
from refactor_tool.roadmap.model import ActionKind, LimitKind
from refactor_tool.roadmap.parse import read_roadmap
from refactor_tool.roadmap.report import AuditResults, PhaseStatus, TimeSource, build_report
from refactor_tool.roadmap.report_markdown import report_markdown
from refactor_tool.roadmap.use_case import write_timebox_report

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ROADMAP = read_roadmap(SEED)
EVENTS = (
    TimeboxEvent(EventKind.START, 1, T0), TimeboxEvent(EventKind.STOP, 1, T0 + timedelta(minutes=95)),
    TimeboxEvent(EventKind.START, 2, T0 + timedelta(hours=2)),
    TimeboxEvent(EventKind.STOP, 2, T0 + timedelta(hours=4, minutes=30)),
    TimeboxEvent(EventKind.ACTION, 2, T0 + timedelta(hours=4, minutes=30), ActionKind.REDUCE_SCOPE),
)
#: git says phase 3 took 70 minutes; phase 1's estimate is ignored because the log has phase 1
ESTIMATES = {
    1: PhaseEstimate(1, T0, T0 + timedelta(hours=9), ("a" * 40,), 11, 0),
    3: PhaseEstimate(3, T0 + timedelta(hours=5), T0 + timedelta(hours=6, minutes=10), ("b" * 40, "c" * 40), 4, 0),
}


def _report(audit: AuditResults | None = None):
    return build_report(ROADMAP, EVENTS, ESTIMATES, T0 + timedelta(hours=7), audit)


def test_time_source_status_and_action_per_phase() -> None:
    rows = _report().phases
    assert [(row.source, row.spent, row.status) for row in rows] == [
        (TimeSource.EVENT_LOG, timedelta(minutes=95), PhaseStatus.WITHIN),
        (TimeSource.EVENT_LOG, timedelta(minutes=150), PhaseStatus.OVER),
        (TimeSource.GIT_HISTORY, timedelta(minutes=70), PhaseStatus.OVER),
    ]
    assert [row.action_taken for row in rows] == [
        "none needed", "reduce-scope", "none recorded (the roadmap says: 延期可能 (必須ではない))"]
    assert [(row.tasks_done, row.tasks_total) for row in rows] == [(11, 11), (6, 6), (4, 4)]
    assert rows[2].commits == ("b" * 40, "c" * 40)


def test_a_running_phase_counts_until_now_and_an_unrecorded_one_says_why() -> None:
    events = (TimeboxEvent(EventKind.START, 1, T0),)
    rows = build_report(ROADMAP, events, {}, T0 + timedelta(minutes=30)).phases
    assert (rows[0].status, rows[0].spent, rows[0].actual_end) == (PhaseStatus.RUNNING, timedelta(minutes=30),
                                                                   T0 + timedelta(minutes=30))
    assert (rows[1].status, rows[1].spent, rows[1].note) == (
        PhaseStatus.UNMEASURED, None, "no event log and no commit ticking its tasks")
    born = {2: PhaseEstimate(2, None, None, (), 0, 6)}
    assert "ticked when the roadmap was written" in build_report(ROADMAP, (), born, T0).phases[1].note


def test_the_markdown_tables() -> None:
    text = report_markdown(_report())
    assert "## Phase 2: Train モジュールリファクタリング\n\n" \
           "| budget | spent | status | action taken | tasks done | audit |\n|---|---|---|---|---|---|\n" \
           "| 2 h | 2 h 30 min (event log) | over budget | reduce-scope | 6 / 6 | not audited |\n" in text
    assert "| 1 h | 1 h 10 min (estimated from git history: bbbbbbb, ccccccc) | over budget |" in text
    assert "Estimated from git history: a phase runs from the end of the phase before it" in text
    assert "| new-files | 15ファイル以内 | not measured | — |" in text
    assert "| ファイルサイズ: 各ファイル < 400行 | file-size | every file < 400 lines | not run |" in text
    assert "Time spent: event log, estimated from git history." in text


def test_the_mermaid_chart_draws_plan_timebox_and_actual() -> None:
    text = report_markdown(_report())
    chart = text[text.index("```mermaid"):]
    assert "    section Phase 1\n    planned core_engine 分割 :plan1_0, 2026-01-11 00:00, 1440m\n" in chart
    assert "    timebox :box2, 2026-03-02 11:00, 120m\n    actual (event log) :crit, act2, 2026-03-02 11:00, 150m\n" in chart
    assert "    actual (event log) :done, act1, 2026-03-02 09:00, 95m\n" in chart


def test_audit_results_fill_the_hooks() -> None:
    phase1 = ROADMAP.phases[0]
    audit = AuditResults(
        task_verdicts={phase1.tasks[0].line: "verified", phase1.tasks[1].line: "verified",
                       phase1.tasks[2].line: "contradicted"},
        limit_usage={LimitKind.NEW_FILES: 16, LimitKind.API_BREAKS: 0},
        criterion_results={ROADMAP.criteria[0].line: "passed"},
    )
    report = _report(audit)
    assert report.audited and report.phases[0].verdicts == {"verified": 2, "contradicted": 1}
    assert [(row.used, row.held) for row in report.limits] == [(16, False), (None, None), (0, True)]
    text = report_markdown(report)
    assert "| 11 / 11 | 1 contradicted, 2 verified |" in text and "| 6 / 6 | no task audited |" in text
    assert "| new-files | 15ファイル以内 | 16 | broken |" in text
    assert "| `cargo test --workspace` | passed |" in text


def test_json_has_what_the_markdown_has() -> None:
    data = json.loads(json.dumps(_report().as_dict()))
    assert data["sources"] == ["event log", "estimated from git history"]
    assert [(p["spent"], p["status"], p["action_taken"]) for p in data["phases"]] == [
        ("PT1H35M", "within budget", "none needed"), ("PT2H30M", "over budget", "reduce-scope"),
        ("PT1H10M", "over budget", "none recorded (the roadmap says: 延期可能 (必須ではない))")]
    assert data["limits"][0]["limit"]["value"] == 15 and data["limits"][0]["held"] is None


class _NoHistory:
    def roadmap_log(self, path: Path) -> str:
        return ""

    def commit_time(self, revision: str) -> datetime | None:
        return None


def test_writing_both_files_from_the_event_log(tmp_path: Path, clock: FakeClock) -> None:
    roadmap = tmp_path / "ROADMAP.md"
    roadmap.write_bytes(SEED.read_bytes())
    log = tmp_path / "reports" / "timebox_events.jsonl"
    append_event(log, TimeboxEvent(EventKind.START, 1, clock.now()))
    clock.advance(minutes=50)
    append_event(log, TimeboxEvent(EventKind.STOP, 1, clock.now()))
    result = write_timebox_report(roadmap, git=_NoHistory(), clock=clock)
    assert result.written == (str(tmp_path / "reports" / "timebox.md"), str(tmp_path / "reports" / "timebox.json"))
    assert "| 2 h | 50 min (event log) | within budget |" in Path(result.written[0]).read_text(encoding="utf-8")
    assert json.loads(Path(result.written[1]).read_text(encoding="utf-8"))["phases"][0]["spent"] == "PT50M"
    assert sorted(path.name for path in (tmp_path / "reports").iterdir()) == [
        "timebox.json", "timebox.md", "timebox_events.jsonl"]


def test_nothing_is_written_when_the_folder_cannot_be_made(tmp_path: Path, clock: FakeClock) -> None:
    roadmap = tmp_path / "ROADMAP.md"
    roadmap.write_bytes(SEED.read_bytes())
    (tmp_path / "blocked").write_text("a file where the folder would go", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write the report"):
        write_timebox_report(roadmap, output_dir=tmp_path / "blocked" / "reports", git=_NoHistory(), clock=clock)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ROADMAP.md", "blocked"]


def test_a_failure_on_the_second_file_leaves_neither(tmp_path: Path, clock: FakeClock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    roadmap = tmp_path / "ROADMAP.md"
    roadmap.write_bytes(SEED.read_bytes())
    real = tempfile.mkstemp
    calls = []

    def mkstemp_failing_second(*args: object, **kwargs: object):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(tmp_path / "reports" / "timebox.json"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_failing_second)
    with pytest.raises(InputError, match="No space left") as caught:
        write_timebox_report(roadmap, git=_NoHistory(), clock=clock)
    assert caught.value.path.endswith("timebox.json")
    # neither file, and not the folder the transaction made for them
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ROADMAP.md"]
