from __future__ import annotations

import sys
from pathlib import Path

import pytest

from refactor_tool.io.gate import GateVerdict, is_plain_pytest, run_gate
from refactor_tool.io.gate_results import CountSource, RunCounts, parse_junit, parse_summary

JUNIT = b"""<?xml version="1.0"?><testsuites><testsuite tests="4">
<testcase name="a"><properties><property name="markers" value="cuda parametrize"/></properties>
  <skipped message="no CUDA GPU">skip</skipped></testcase>
<testcase name="b"><properties><property name="markers" value="cuda"/></properties></testcase>
<testcase name="c"><failure message="boom"/></testcase>
<testcase name="d"><error message="fixture"/></testcase>
</testsuite></testsuites>"""


def test_junit_counts_and_marker_counts() -> None:
    counts, markers = parse_junit(JUNIT, ("cuda", "slow"))
    assert counts == RunCounts(1, 1, 1, 1, CountSource.JUNIT)
    (cuda,) = markers
    assert (cuda.marker, cuda.ran, cuda.skipped, cuda.skip_reasons) == ("cuda", 1, 1, ("no CUDA GPU",))


@pytest.mark.parametrize(
    ("output", "expected"),
    [("...\n===== 1 failed, 12 passed, 3 skipped, 2 warnings in 4.36s =====\n", (12, 1, 3, 0)),
     ("12 passed, 1 xfailed, 1 error in 0.5s\n", (12, 0, 1, 1)),
     ("============ no tests ran in 0.01s ============\n", (0, 0, 0, 0)),
     ("....\nRan 4 tests in 0.001s\n\nFAILED (failures=1, skipped=1)\n", (2, 1, 1, 0)),
     ("Ran 3 tests in 0.1s\n\nOK\n", (3, 0, 0, 0)),
     ("total: 5 passed, 0 failed\n", (5, 0, 0, 0))],
)
def test_summary_lines_of_common_runners(output: str, expected: tuple[int, int, int, int]) -> None:
    counts = parse_summary(output)
    assert counts is not None and (counts.passed, counts.failed, counts.skipped, counts.errors) == expected


def test_no_summary_line_gives_no_counts() -> None:
    assert parse_summary("building...\ndone\n") is None


@pytest.mark.parametrize(
    ("command", "plain"),
    [("pytest -q", True), ("python3 -m pytest tests/x", True), ("/venv/bin/pytest", True),
     ("cd x && pytest", False), ("pytest | tee log", False), ("make test", False), ("python -m unittest", False)],
)
def test_options_are_appended_only_to_a_plain_pytest_command(command: str, plain: bool) -> None:
    assert is_plain_pytest(command) is plain


def test_a_pytest_gate_writes_its_log_and_reads_the_junit_report_with_markers(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n@pytest.mark.cuda\n@pytest.mark.skipif(True, reason='no CUDA GPU')\ndef test_gpu():\n    pass\n\n"
        "@pytest.mark.cuda\ndef test_cpu_too():\n    pass\n\ndef test_plain():\n    pass\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    cuda: needs a GPU\n")
    lines: list[str] = []
    log = tmp_path / "logs" / "gate.log"
    outcome = run_gate(f"{sys.executable} -m pytest -q -p no:cacheprovider", tmp_path, log=log, on_output=lines.append)
    assert outcome.verdict is GateVerdict.PASSED
    assert outcome.counts == RunCounts(2, 0, 1, 0, CountSource.JUNIT)
    assert [(m.marker, m.ran, m.skipped) for m in outcome.markers] == [("cuda", 1, 1)]
    assert "2 passed, 1 skipped" in log.read_text() and any("2 passed" in line for line in lines)


def test_gates_that_fail_run_nothing_or_cannot_start(tmp_path: Path) -> None:
    assert run_gate("echo '3 passed in 0.1s'", tmp_path).verdict is GateVerdict.PASSED
    assert run_gate("echo '1 failed, 2 passed'; exit 1", tmp_path).verdict is GateVerdict.FAILED
    assert run_gate("echo 'no tests ran in 0.01s'; exit 5", tmp_path).verdict is GateVerdict.RAN_NO_TEST
    assert run_gate("no-such-command-xyz --flag", tmp_path).verdict is GateVerdict.NOT_STARTED
