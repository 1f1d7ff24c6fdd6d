"""The budgets a run enforces, and where each came from: default, pyproject, roadmap or command line.

A roadmap's resource-limit table (`≤ 15 new files`, `0 new dependencies`, `0 API breaks`) and its
file-size criterion (`every file < 400 lines`) apply unless `[tool.refactor_tool]` or an option sets the
same budget; the command line wins over both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactor_tool.io.project import Origin, ProjectConfig

#: budget key (as in pyproject and on the command line) -> the roadmap's limit kind
_ROADMAP_KINDS = {"max-lines": "file-lines", "max-new-files": "new-files", "max-new-dependencies": "new-dependencies",
                  "max-api-breaks": "api-breaks"}
BUDGETS = tuple(_ROADMAP_KINDS)
_DEPRECATED_WORDS = ("deprecat", "非推奨")


@dataclass(frozen=True, slots=True)
class RemovalTask:
    """The roadmap task that asks for deprecated exports to be removed."""

    text: str
    line: int
    done: bool
    roadmap: str


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    value: int
    origin: Origin
    #: where the value is written: `pyproject.toml`, `ROADMAP.md:93`, `--max-lines`
    where: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": self.value, "origin": self.origin.value, "where": self.where}


@dataclass(frozen=True, slots=True)
class RoadmapFacts:
    """What the checks take from a roadmap: its limits (value, line) and the deprecated-exports task."""

    path: str
    limits: Mapping[str, tuple[int, int]]
    removal: RemovalTask | None

    def as_data(self) -> dict[str, Any]:
        removal = self.removal
        return {"path": self.path, "limits": {k: list(v) for k, v in self.limits.items()},
                "removal": None if removal is None else [removal.text, removal.line, removal.done]}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> RoadmapFacts:
        removal = data["removal"]
        path = data["path"]
        return cls(path, {k: (v[0], v[1]) for k, v in data["limits"].items()},
                   None if removal is None else RemovalTask(removal[0], removal[1], removal[2], path))


def read_roadmap_facts(path: Path, shown: str) -> RoadmapFacts:
    """Read the roadmap through the roadmap feature's use case (its parser, its vocabulary)."""
    from refactor_tool.roadmap.use_case import show_roadmap

    roadmap = show_roadmap(path)
    limits: dict[str, tuple[int, int]] = {}
    for name, kind in _ROADMAP_KINDS.items():
        limit = next((limit for limit in roadmap.limits if limit.kind.value == kind), None)
        if limit is not None:
            limits[name] = (limit.value, limit.line)
    if "max-lines" not in limits:
        sized = next((c for c in roadmap.criteria if c.kind.value == "file-size" and c.number), None)
        if sized is not None and sized.number is not None:
            limits["max-lines"] = (sized.number, sized.line)
    removal = next((RemovalTask(task.text, task.line, task.done, shown)
                    for phase in roadmap.phases for task in phase.tasks
                    if any(word in task.text.lower() for word in _DEPRECATED_WORDS)), None)
    return RoadmapFacts(shown, limits, removal)


def resolve_limits(config: ProjectConfig, roadmap: RoadmapFacts | None,
                   overrides: Mapping[str, int | None]) -> dict[str, Limit]:
    """Each budget from the command line, else pyproject, else the roadmap, else the default."""
    source = "pyproject.toml" if config.source is None else config.source.name
    resolved = {}
    for name in BUDGETS:
        attribute = name.replace("-", "_")
        override = overrides.get(name)
        if override is not None:
            resolved[name] = Limit(name, override, Origin.COMMAND_LINE, f"--{name}")
        elif config.origin(attribute) is Origin.PYPROJECT:
            resolved[name] = Limit(name, getattr(config, attribute), Origin.PYPROJECT, source)
        elif roadmap is not None and name in roadmap.limits:
            value, line = roadmap.limits[name]
            resolved[name] = Limit(name, value, Origin.ROADMAP, f"{roadmap.path}:{line}")
        else:
            resolved[name] = Limit(name, getattr(config, attribute), Origin.DEFAULT, "default")
    return resolved
