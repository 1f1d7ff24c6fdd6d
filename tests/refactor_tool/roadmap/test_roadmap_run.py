"""`roadmap run` through its ports: a fake split that writes the planned modules and takes time on a fake
clock, a fake command runner. Each circuit breaker, forced by a phase running over a tiny timebox; the
ticks byte for byte; a failing step; a dry run that writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from roadmap_repos import PYPROJECT, FakeCommands, write
from roadmap_support import FakeClock

from refactor_tool.roadmap.events import EventKind, read_events
from refactor_tool.roadmap.run_model import PhaseEnd, RunPorts, SplitOutcome
from refactor_tool.roadmap.use_case import run_roadmap

ROADMAP = """# Shop roadmap

## Phase 1: Split (MVP)

### Tasks

- [ ] `shop/args.py` extract (Args)
- [ ] `shop/checkpoint.py` extract (save)
- [ ] `shop/loop.py` extract (train)
- [ ] `python -m shop.check` passes

## Phase 2: Check

### Tasks

- [ ] `python -m shop.final` passes

## Timeboxes

| Phase | Limit | Action when exceeded |
|---|---|---|
| Phase 1 | 1 min | {action} |
| Phase 2 | 1 hour | carry the rest over to the next session |
"""
ACTIONS = {"carry-over": "carry the rest over to the next session",
           "reduce-scope": "reduce scope (`checkpoint.py` only)",
           "defer-optional": "may be deferred (not required)"}
LINES = {"args": 7, "checkpoint": 8, "loop": 9, "check": 10, "final": 16}


class FakeSplit:
    """Writes each planned module (its symbols as stub definitions) and takes `minutes` on the clock."""

    def __init__(self, root: Path, clock: FakeClock, minutes: float = 2, interrupted: int | None = None) -> None:
        self.root, self.clock, self.minutes, self.interrupted = root, clock, minutes, interrupted
        self.calls: list[tuple[str, tuple[tuple[str, tuple[str, ...]], ...], bool]] = []

    def __call__(self, path: Path, spec, dry_run: bool) -> SplitOutcome:
        self.calls.append((path.relative_to(self.root).as_posix(), tuple((m.path, m.symbols) for m in spec.modules),
                           dry_run))
        written = []
        if not dry_run and self.interrupted is None:
            for module in spec.modules:
                target = path.parent / module.path
                target.write_text("".join(f"def {name}():\n    pass\n" for name in module.symbols), encoding="utf-8")
                written.append(str(target))
            self.clock.advance(minutes=self.minutes)
        return SplitOutcome(ok=self.interrupted is None, written=tuple(written), interrupted=self.interrupted)


def _repo(root: Path, action: str = "carry-over") -> Path:
    write(root, {"pyproject.toml": PYPROJECT + 'gate = "python -m shop.gate"\n', "shop/__init__.py": "",
                 "shop/settings.py": "class Args:\n    pass\n",
                 "shop/trainer.py": "def save():\n    pass\n\n\ndef train():\n    save()\n"})
    (root / "ROADMAP.md").write_bytes(ROADMAP.format(action=ACTIONS[action]).encode())
    return root / "ROADMAP.md"


def _run(root: Path, action: str = "carry-over", *, minutes: float = 2, commands: FakeCommands | None = None,
         dry_run: bool = False, interrupted: int | None = None):
    roadmap = _repo(root, action)
    clock = FakeClock()
    split = FakeSplit(root, clock, minutes, interrupted)
    commands = commands or FakeCommands()
    result = run_roadmap(roadmap, dry_run=dry_run, ports=RunPorts(clock=clock, commands=commands, split=split))
    return result, split, commands, roadmap


def _ticked(roadmap: Path) -> set[int]:
    return {number for number, line in enumerate(roadmap.read_text(encoding="utf-8").splitlines(), 1)
            if line.startswith("- [x]")}


def _only_ticks_changed(roadmap: Path, action: str) -> None:
    before = ROADMAP.format(action=ACTIONS[action]).encode()
    after = roadmap.read_bytes()
    assert len(before) == len(after)
    assert {after[i:i + 1] for i in range(len(before)) if before[i] != after[i]} <= {b"x"}


def test_within_its_timebox_every_phase_runs_and_every_box_is_ticked(tmp_path: Path) -> None:
    result, split, commands, roadmap = _run(tmp_path, minutes=0.5)
    assert [phase.end for phase in result.phases] == [PhaseEnd.DONE, PhaseEnd.DONE]
    assert result.exit_code == 0
    assert _ticked(roadmap) == set(LINES.values())
    _only_ticks_changed(roadmap, "carry-over")
    assert [call[0] for call in split.calls] == ["shop/settings.py", "shop/trainer.py"]
    assert commands.ran == ["python -m shop.check", "python -m shop.gate", "python -m shop.final", "python -m shop.gate"]
    assert (tmp_path / "reports" / "timebox.md").is_file() and result.report


def test_carry_over_stops_the_phase_and_the_run_and_leaves_the_rest_open(tmp_path: Path) -> None:
    result, split, commands, roadmap = _run(tmp_path, "carry-over")
    (phase,) = result.phases
    assert phase.end is PhaseEnd.CARRIED_OVER and phase.action.value == "carry-over"
    assert set(phase.cut) == {LINES["checkpoint"], LINES["loop"], LINES["check"]}
    assert _ticked(roadmap) == {LINES["args"]}
    assert result.waiting == (2,) and result.exit_code == 1
    assert len(split.calls) == 1
    assert commands.ran == ["python -m shop.gate"]  # the gate checks what was done; the check task was cut
    kinds = [(e.kind, e.action.value if e.action else None) for e in read_events(tmp_path / "reports" / "timebox_events.jsonl")]
    assert kinds == [(EventKind.START, None), (EventKind.ACTION, "carry-over"), (EventKind.STOP, None)]
    _only_ticks_changed(roadmap, "carry-over")


def test_reduce_scope_re_plans_the_rest_down_to_the_files_the_roadmap_keeps(tmp_path: Path) -> None:
    result, split, _commands, roadmap = _run(tmp_path, "reduce-scope")
    phase = result.phases[0]
    assert phase.end is PhaseEnd.SCOPE_CUT
    assert split.calls[1][:2] == ("shop/trainer.py", (("checkpoint.py", ("save",)),))
    assert set(phase.cut) == {LINES["loop"], LINES["check"]}
    assert _ticked(roadmap) == {LINES["args"], LINES["checkpoint"], LINES["final"]}
    assert [p.number for p in result.phases] == [1, 2] and result.exit_code == 1


def test_an_optional_phase_over_its_timebox_is_deferred_and_the_run_goes_on(tmp_path: Path) -> None:
    result, _split, commands, roadmap = _run(tmp_path, "defer-optional")
    assert [phase.end for phase in result.phases] == [PhaseEnd.DEFERRED, PhaseEnd.DONE]
    assert _ticked(roadmap) == {LINES["args"], LINES["final"]}
    assert "python -m shop.final" in commands.ran and "python -m shop.check" not in commands.ran
    assert result.exit_code == 0  # deferring an optional phase is what the roadmap allows


def test_a_failing_check_fails_the_phase_and_the_next_waits(tmp_path: Path) -> None:
    result, _split, _commands, roadmap = _run(tmp_path, minutes=0, commands=FakeCommands({"python -m shop.check": 1}))
    assert result.phases[0].end is PhaseEnd.FAILED and result.waiting == (2,) and result.exit_code == 1
    assert _ticked(roadmap) == {LINES["args"], LINES["checkpoint"], LINES["loop"]}


def test_a_split_stopped_by_a_signal_stops_the_run_with_its_exit_code(tmp_path: Path) -> None:
    result, _split, _commands, roadmap = _run(tmp_path, interrupted=130)
    assert result.exit_code == 130 and result.phases[0].end is PhaseEnd.FAILED
    assert _ticked(roadmap) == set()


def test_a_dry_run_plans_every_phase_and_writes_nothing(tmp_path: Path) -> None:
    result, split, commands, roadmap = _run(tmp_path, dry_run=True)
    assert [phase.end for phase in result.phases] == [PhaseEnd.PLANNED, PhaseEnd.PLANNED]
    assert all(call[2] for call in split.calls) and commands.ran == []
    assert roadmap.read_bytes() == ROADMAP.format(action=ACTIONS["carry-over"]).encode()
    assert not (tmp_path / "reports").exists() and not (tmp_path / "shop" / "args.py").exists()


def test_one_phase_only(tmp_path: Path) -> None:
    roadmap = _repo(tmp_path)
    result = run_roadmap(roadmap, phase=2, ports=RunPorts(clock=FakeClock(), commands=FakeCommands(),
                                                          split=FakeSplit(tmp_path, FakeClock())))
    assert [phase.number for phase in result.phases] == [2] and _ticked(roadmap) == {LINES["final"]}


def test_a_phase_whose_boxes_are_all_ticked_is_left_alone(tmp_path: Path) -> None:
    roadmap = _repo(tmp_path)
    roadmap.write_text(roadmap.read_text().replace("- [ ] `python -m shop.final`", "- [x] `python -m shop.final`"))
    commands = FakeCommands()
    result = run_roadmap(roadmap, phase=2, ports=RunPorts(clock=FakeClock(), commands=commands))
    assert result.phases[0].end is PhaseEnd.ALREADY_DONE and commands.ran == []


@pytest.mark.parametrize("phase", [3])
def test_an_unknown_phase_is_an_input_error(tmp_path: Path, phase: int) -> None:
    from refactor_tool.errors import InputError

    with pytest.raises(InputError, match="no phase 3"):
        run_roadmap(_repo(tmp_path), phase=phase, ports=RunPorts(clock=FakeClock()))
