"""Time spent per phase estimated from git history, where no event log kept it.

`git log -p` on the roadmap shows the commit that turned each `- [ ]` into `- [x]`. A phase is taken to
have run from the end of the phase before it (or, for the first, from the commit before its first
tick) to its last tick. Tasks written already ticked carry no timing and are counted as such.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from refactor_tool.roadmap.model import Roadmap

_TASK_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*)$")
_RECORD = "\x1e"


class GitHistory(Protocol):
    def roadmap_log(self, path: Path) -> str:
        """`git log --reverse -p -U0` of the roadmap, each commit opened by `\\x1e<hash> <ISO time> <parents>`."""
        ...

    def commit_time(self, revision: str) -> datetime | None:
        ...


class GitCli:
    """The real history, read with the `git` command in the roadmap's folder; no repository means none."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def roadmap_log(self, path: Path) -> str:
        return self._git(self.folder, "log", "--reverse", "-p", "-U0", "--no-color", "--no-ext-diff",
                         f"--format={_RECORD}%H %aI %P", "--", str(path.resolve()))

    def commit_time(self, revision: str) -> datetime | None:
        out = self._git(self.folder, "log", "-1", "--format=%aI", revision).strip()
        return datetime.fromisoformat(out) if out else None

    @staticmethod
    def _git(folder: Path, *args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False,
                                  encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return done.stdout if done.returncode == 0 else ""


@dataclass(frozen=True, slots=True)
class Tick:
    task_key: str
    commit: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PhaseEstimate:
    phase: int
    start: datetime | None
    end: datetime | None
    #: the commits that ticked this phase's tasks, oldest first
    commits: tuple[str, ...]
    ticked: int
    #: done tasks whose box was already ticked when the line was written
    born_ticked: int

    @property
    def spent(self) -> timedelta | None:
        return self.end - self.start if self.start and self.end else None


def task_key(text: str) -> str:
    """One spelling of a task line's words, shared by the parsed task and the raw line in a diff."""
    return " ".join(text.replace("`", "").replace("**", "").split())


def read_ticks(log: str) -> tuple[tuple[Tick, ...], frozenset[str], dict[str, tuple[str, ...]]]:
    """Ticks (open -> done) in commit order, the keys first written already ticked, and each commit's parents."""
    state: dict[str, bool] = {}
    ticks: list[Tick] = []
    born: set[str] = set()
    parents: dict[str, tuple[str, ...]] = {}
    for record in log.split(_RECORD)[1:]:
        header, _, diff = record.partition("\n")
        commit, at_text, *commit_parents = header.split()
        parents[commit] = tuple(commit_parents)
        at = datetime.fromisoformat(at_text)
        for raw in diff.splitlines():
            if not raw.startswith("+") or raw.startswith("+++"):
                continue
            match = _TASK_LINE.match(raw[1:])
            if match is None:
                continue
            key, done = task_key(match.group(2)), match.group(1) in "xX"
            if done and state.get(key) is False:
                ticks.append(Tick(key, commit, at))
            elif done and key not in state:
                born.add(key)
            if not done:
                born.discard(key)
            state[key] = done
    return tuple(ticks), frozenset(born), parents


def estimate(roadmap: Roadmap, log: str, git: GitHistory) -> dict[int, PhaseEstimate]:
    """Per phase, the span its ticks suggest; phases with nothing ticked have no start and no end."""
    ticks, born, parents = read_ticks(log)
    last_tick = {tick.task_key: tick for tick in ticks}
    estimates: dict[int, PhaseEstimate] = {}
    previous_end: datetime | None = None
    for phase in roadmap.phases:
        done = [task_key(task.text) for task in phase.tasks if task.done]
        mine = sorted((last_tick[key] for key in done if key in last_tick), key=lambda tick: tick.at)
        start = end = None
        if mine:
            end = mine[-1].at
            first = mine[0]
            if previous_end is not None and previous_end <= first.at:
                start = previous_end
            else:
                first_parents = parents.get(first.commit, ())
                start = git.commit_time(first_parents[0]) if first_parents else None
                start = start if start is not None and start <= first.at else first.at
            previous_end = end
        commits = tuple(dict.fromkeys(tick.commit for tick in mine))
        estimates[phase.number] = PhaseEstimate(phase.number, start, end, commits, len(mine),
                                                sum(key in born and key not in last_tick for key in done))
    return estimates
