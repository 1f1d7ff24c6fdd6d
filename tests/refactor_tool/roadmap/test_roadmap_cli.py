"""`refactor-tool roadmap ...` and `refactor-tool phase ...` through click: output and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from roadmap_support import FIXTURES, REPO_ROADMAP, SEED

from refactor_tool.cli import main


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_show_json_is_the_parsed_roadmap() -> None:
    result = _run("roadmap", "show", SEED, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [len(phase["tasks"]) for phase in data["phases"]] == [11, 6, 4]
    assert [box["limit"] for box in data["timeboxes"]] == ["PT2H", "PT2H", "PT1H"]
    assert [box["action"]["kind"] for box in data["timeboxes"]] == ["carry-over", "reduce-scope", "defer-optional"]
    assert [(limit["kind"], limit["value"]) for limit in data["limits"]] == [
        ("new-files", 15), ("new-dependencies", 0), ("api-breaks", 0)]
    assert data["phases"][1]["tasks"][2]["symbols"] == ["save_training_state", "load_start_step",
                                                        "find_checkpoint_path"]
    assert data["gantt"][1]["after"] == ["p1"] and data["gantt"][1]["start"] == "2026-01-12T00:00:00"


def test_show_text_lists_phases_tasks_and_tables() -> None:
    result = _run("roadmap", "show", REPO_ROADMAP)
    assert result.exit_code == 0, result.output
    for words in ("Phase 1: Core engine module split (MVP) · 10/10 done · timebox 2 h, then carry-over",
                  "expected result (line 29): bit_ttt/", "(TrainArgs)", "reduce-scope", "new-dependencies",
                  "smoke-test"):
        assert words in result.stdout


def test_lint_exits_one_with_findings_named_by_file_and_line() -> None:
    result = _run("roadmap", "lint", SEED)
    assert result.exit_code == 1
    assert f"{SEED}:67: task-file-not-in-tree phase 2 extracts `training_loop.rs`" in result.stdout
    assert result.stdout.rstrip().endswith(f"6 findings in {SEED}")
    data = json.loads(_run("roadmap", "lint", SEED, "--format", "json").stdout)
    assert data["ok"] is False and len(data["findings"]) == 6
    assert data["findings"][0] == {
        "kind": "plan-exceeds-timebox", "summary": "The Gantt chart plans the phase for longer than its timebox",
        "message": data["findings"][0]["message"], "path": str(SEED), "line": 15}


def test_lint_exits_zero_on_a_clean_roadmap(tmp_path: Path) -> None:
    clean = tmp_path / "ROADMAP.md"
    clean.write_text("## Phase 1: split\n\n- [ ] `a.py` extract (A)\n", encoding="utf-8")
    result = _run("roadmap", "lint", clean)
    assert (result.exit_code, result.stdout.strip()) == (0, f"ok: no contradictions in {clean}")


@pytest.mark.parametrize(("name", "line"), [("ja_duration.md", 9), ("en_gantt_after.md", 6)])
@pytest.mark.parametrize("command", [("roadmap", "show"), ("roadmap", "lint"), ("roadmap", "audit"),
                                     ("roadmap", "run"), ("roadmap", "report"), ("phase", "start", "1", "--roadmap"),
                                     ("phase", "stop", "1", "--roadmap"), ("phase", "status", "1", "--roadmap")])
def test_malformed_input_is_one_line_and_exit_two(tmp_path: Path, command: tuple[str, ...], name: str,
                                                  line: int) -> None:
    path = tmp_path / name
    path.write_bytes((FIXTURES / "malformed" / name).read_bytes())
    result = _run(*command, path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}:{line}: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "reports").exists()  # nothing written
    assert path.read_bytes() == (FIXTURES / "malformed" / name).read_bytes()
    as_json = _run(*command, path, "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)["line"]) == (2, line)


def test_a_missing_roadmap_is_exit_two() -> None:
    result = _run("roadmap", "show", "no/such/ROADMAP.md")
    assert (result.exit_code, result.stderr.strip()) == (2, "error: no/such/ROADMAP.md: no such roadmap file")


def test_report_writes_the_files_beside_the_roadmap(tmp_path: Path) -> None:
    roadmap = tmp_path / "ROADMAP.md"
    roadmap.write_bytes(SEED.read_bytes())
    result = _run("roadmap", "report", roadmap)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'reports' / 'timebox.md'}" in result.stdout
    assert "unmeasured" in result.stdout and "not recorded" in result.stdout
    data = json.loads(_run("roadmap", "report", roadmap, "--format", "json", "-o", tmp_path / "out").stdout)
    assert data["written"] == [str(tmp_path / "out" / "timebox.md"), str(tmp_path / "out" / "timebox.json")]
    assert data["report"]["sources"] == ["not recorded"]


def _log(path: Path, *lines: dict[str, object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_phase_commands_use_the_log_beside_the_roadmap(tmp_path: Path) -> None:
    roadmap = tmp_path / "ROADMAP.md"
    roadmap.write_bytes(SEED.read_bytes())
    started = _run("phase", "start", "1", "--roadmap", roadmap, "--format", "json")
    assert started.exit_code == 0, started.output
    assert json.loads(started.stdout)["state"] == "running"
    status = _run("phase", "status", "1", "--roadmap", roadmap)
    assert status.exit_code == 0 and "of 2 h" in status.stdout and "running" in status.stdout
    assert _run("phase", "start", "2", "--roadmap", roadmap).exit_code == 2  # phase 1 still runs
    stopped = _run("phase", "stop", "1", "--roadmap", roadmap, "--format", "json")
    assert (stopped.exit_code, json.loads(stopped.stdout)["state"]) == (0, "stopped")
    log = tmp_path / "reports" / "timebox_events.jsonl"
    assert [json.loads(line)["event"] for line in log.read_text(encoding="utf-8").splitlines()] == ["start", "stop"]


def test_status_over_the_limit_shows_the_action_and_exits_one(tmp_path: Path) -> None:
    began = datetime.now(UTC) - timedelta(hours=3)
    log = _log(tmp_path / "events.jsonl", {"event": "start", "phase": 2, "at": began.isoformat()})
    result = _run("phase", "status", "2", "--roadmap", SEED, "--events", log)
    assert result.exit_code == 1
    assert "over by" in result.stdout and "reduce-scope: スコープ縮小 (checkpoint.rs のみ)" in result.stdout
    data = json.loads(_run("phase", "status", "2", "--roadmap", SEED, "--events", log, "--format", "json").stdout)
    assert data["over"] is True and data["action"]["scope"] == ["checkpoint.rs"]


def test_phase_errors_are_exit_two(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    assert _run("phase", "stop", "1", "--roadmap", SEED, "--events", log).exit_code == 2
    assert _run("phase", "start", "7", "--roadmap", SEED, "--events", log).exit_code == 2
    assert _run("phase", "start", "0", "--roadmap", SEED, "--events", log).exit_code == 2  # click's range check
    bad = _log(tmp_path / "bad.jsonl", {"event": "start"})
    result = _run("phase", "status", "1", "--roadmap", SEED, "--events", bad)
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {bad}:1: ")
    assert not log.exists()


def test_the_commands_are_listed() -> None:
    assert "roadmap" in _run("--help").stdout and "phase" in _run("--help").stdout
    assert all(name in _run("roadmap", "--help").stdout for name in ("show", "lint", "report"))
    assert all(name in _run("phase", "--help").stdout for name in ("start", "stop", "status"))
