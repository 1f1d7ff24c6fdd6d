from __future__ import annotations

from pathlib import Path

from refactor_tool.check.findings import (
    Finding,
    FindingKind,
    apply_allow,
    check_allow_kinds,
    unused_allow,
)
from refactor_tool.check.limits import RoadmapFacts, resolve_limits
from refactor_tool.errors import ConfigError
from refactor_tool.io.project import AllowEntry, Origin, load_project_config


def test_each_limit_comes_from_the_command_line_then_pyproject_then_roadmap_then_default(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-new-files = 20\nmax-lines = 300\n")
    config = load_project_config(tmp_path)
    roadmap = RoadmapFacts("ROADMAP.md", {"max-new-files": (15, 91), "max-new-dependencies": (0, 92)}, None)
    limits = resolve_limits(config, roadmap, {"max-lines": 250})
    assert {name: (limit.value, limit.origin, limit.where) for name, limit in limits.items()} == {
        "max-lines": (250, Origin.COMMAND_LINE, "--max-lines"),
        "max-new-files": (20, Origin.PYPROJECT, "pyproject.toml"),
        "max-new-dependencies": (0, Origin.ROADMAP, "ROADMAP.md:92"),
        "max-api-breaks": (0, Origin.DEFAULT, "default"),
    }


def test_allow_entries_match_by_path_glob_or_subject_and_stale_ones_are_found() -> None:
    findings = (Finding(FindingKind.DEAD_MODULE, "pkg/legacy/old.py", 1, "m", subject="pkg.legacy.old"),
                Finding(FindingKind.NEW_DEPENDENCY, "pyproject.toml", 0, "m", subject="rich"),
                Finding(FindingKind.NEW_DEPENDENCY, "pyproject.toml", 0, "m", subject="numpy"))
    entries = (AllowEntry("dead-module", "pkg/legacy/*", "kept for one release"),
               AllowEntry("new-dependency", "rich", "the report needs tables"),
               AllowEntry("import-cycle", "pkg/*", "stale"))
    result = apply_allow(findings, entries)
    assert [f.accepted for f in result] == ["kept for one release", "the report needs tables", None]
    assert unused_allow(result, entries) == (entries[2],)


def test_an_allow_entry_with_an_unknown_kind_names_its_line() -> None:
    try:
        check_allow_kinds([AllowEntry("file-to-large", "x", "r", line=12)], "pyproject.toml")
    except ConfigError as error:
        assert error.line == 12 and "did you mean 'file-too-large'?" in error.message
    else:
        raise AssertionError("no error")
