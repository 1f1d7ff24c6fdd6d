"""Where a project's files and its `[tool.refactor_tool]` settings come from.

Every command reads the same table through `load_project_config`; a key it does not know, or a value of
the wrong type, is an error naming the key, its line and the closest valid key (as ruff does), because
a typo such as `max-line = 30` that is silently ignored is worse than no setting at all.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
import tomllib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from refactor_tool.errors import ConfigError

#: Folders no project wants scanned, excluded even where no .gitignore says so (ruff's defaults, in part).
DEFAULT_EXCLUDE = (".git", ".hg", ".venv", "venv", ".tox", ".nox", "build", "dist", "__pycache__",
                   ".eggs", "node_modules", ".refactor_tool", ".refactor_tool_cache", "site-packages")


class Origin(str, Enum):
    """Where a setting's value came from, shown beside every limit in reports."""

    DEFAULT = "default"
    PYPROJECT = "pyproject"
    ROADMAP = "roadmap"
    COMMAND_LINE = "command line"


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """A deliberate exception: findings of `kind` at `path` (a glob) are accepted, for `reason`."""

    kind: str
    path: str
    reason: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    root: Path
    max_lines: int = 400
    exclude: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    max_new_files: int = 15
    max_new_dependencies: int = 0
    max_api_breaks: int = 0
    #: whether distributions new to development extras/dependency groups count against max-new-dependencies
    count_dev_dependencies: bool = False
    gate: str | None = None
    api_snapshots: str = "reports/api"
    roadmap: str | None = None
    smoke_test: str | None = None
    #: pytest markers whose tests the gate report counts (ran / skipped), e.g. tests that need a GPU
    gate_markers: tuple[str, ...] = ("cuda",)
    #: The interpreter that imports the project's code (split's verification); None: found (a venv, ...).
    python: str | None = None
    allow: tuple[AllowEntry, ...] = ()
    #: pyproject.toml the values were read from, None when there is none.
    source: Path | None = None
    #: Settings (python names) that the pyproject gave; the others are defaults.
    given: frozenset[str] = field(default=frozenset())

    def origin(self, name: str) -> Origin:
        return Origin.PYPROJECT if name in self.given else Origin.DEFAULT


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


#: key -> (what it must be, in words; the check)
_SCHEMA: dict[str, tuple[str, Any]] = {
    "packages": ("a list of package names or folders", _strings),
    "max-lines": ("a positive integer", _positive),
    "max-new-files": ("an integer >= 0", _count),
    "max-new-dependencies": ("an integer >= 0", _count),
    "max-api-breaks": ("an integer >= 0", _count),
    "count-dev-dependencies": ("true or false", lambda value: isinstance(value, bool)),
    "gate": ("a command (a non-empty string)", _text),
    "api-snapshots": ("a folder (a non-empty string)", _text),
    "roadmap": ("a Markdown file (a non-empty string)", _text),
    "smoke-test": ("a command (a non-empty string)", _text),
    "gate-markers": ("a list of pytest marker names", _strings),
    "python": ("an interpreter path (a non-empty string)", _text),
    "exclude": ("a list of glob strings", _strings),
    "allow": ("an array of tables [[tool.refactor_tool.allow]] with kind, path and reason", None),
    "api": ("a table ([tool.refactor_tool.api.allow] maps public paths to reasons)", None),
}
_ALLOW_KEYS = ("kind", "path", "reason")


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` (a file or a folder)."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / "pyproject.toml").is_file():
            return candidate / "pyproject.toml"
    return None


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _unknown(key: str, text: str, path: Path) -> ConfigError:
    import difflib

    close = difflib.get_close_matches(key, _SCHEMA, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(sorted(_SCHEMA))}"
    return ConfigError(f"unknown key {key!r} in [tool.refactor_tool]{hint}", path=path, line=_line_of(text, key))


def _allow_entries(value: Any, text: str, path: Path) -> tuple[AllowEntry, ...]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConfigError(f"[tool.refactor_tool] allow must be {_SCHEMA['allow'][0]}", path=path,
                          line=_line_of(text, "allow") or _header_line(text))
    entries = []
    for item in value:
        line = _header_line(text, len(entries))
        extra = sorted(set(item) - set(_ALLOW_KEYS))
        if extra:
            import difflib

            close = difflib.get_close_matches(extra[0], _ALLOW_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"unknown key {extra[0]!r} in [[tool.refactor_tool.allow]]{hint}", path=path, line=line)
        missing = [key for key in _ALLOW_KEYS if not _text(item.get(key))]
        if missing:
            raise ConfigError(f"[[tool.refactor_tool.allow]] needs {', '.join(missing)} (non-empty strings)",
                              path=path, line=line)
        entries.append(AllowEntry(item["kind"], item["path"], item["reason"], line))
    return tuple(entries)


def _header_line(text: str, number: int = 0) -> int | None:
    """The line of the `number`-th `[[tool.refactor_tool.allow]]` header."""
    found = list(re.finditer(r"^[ \t]*\[\[\s*tool\.refactor_tool\.allow\s*\]\]", text, re.MULTILINE))
    return text.count("\n", 0, found[number].start()) + 1 if number < len(found) else None


def _read(pyproject: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read: {error}", path=pyproject) from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML: {error}", path=pyproject, line=getattr(error, "lineno", None)) from error
    section = data.get("tool", {}).get("refactor_tool", {})
    if not isinstance(section, dict):
        raise ConfigError("[tool.refactor_tool] must be a table", path=pyproject, line=_line_of(text, "refactor_tool"))
    return text, section


def load_project_config(root: Path, pyproject: Path | None = None) -> ProjectConfig:
    """Read `[tool.refactor_tool]` from `pyproject` (default `root/pyproject.toml`); defaults where absent."""
    pyproject = pyproject if pyproject is not None else root / "pyproject.toml"
    if not pyproject.is_file():
        return ProjectConfig(root=root)
    text, section = _read(pyproject)
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in _SCHEMA:
            raise _unknown(key, text, pyproject)
        what, valid = _SCHEMA[key]
        if key == "allow":
            values["allow"] = _allow_entries(value, text, pyproject)
            continue
        if key == "api":
            continue  # read by the api feature (its allow table)
        if not valid(value):
            raise ConfigError(f"[tool.refactor_tool] {key} must be {what}, not {value!r}", path=pyproject,
                              line=_line_of(text, key))
        values[key.replace("-", "_")] = tuple(value) if isinstance(value, list) else value
    return ProjectConfig(root=root, source=pyproject, given=frozenset(values), **values)


def nearest_project_config(start: Path) -> ProjectConfig:
    """The configuration of the project `start` (a file or folder) belongs to: its nearest pyproject.toml."""
    pyproject = find_pyproject(start.resolve())
    if pyproject is None:
        return ProjectConfig(root=start if start.is_dir() else start.parent)
    return load_project_config(pyproject.parent, pyproject)


def is_excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    """True for a path (relative, `/`-separated) under a default-excluded folder or matching a pattern."""
    parts = relative.split("/")
    if any(part in DEFAULT_EXCLUDE for part in parts[:-1]):
        return True
    return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)


def python_files(root: Path, exclude: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """The project's Python files: those git tracks or would track, else every `*.py` below root.

    Virtual environments, build output and caches are left out even without a .gitignore saying so.
    """
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.py"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        candidates = [root / name for name in listed]
    except (OSError, subprocess.CalledProcessError):
        candidates = [p for p in root.rglob("*.py") if not _hidden(p.relative_to(root))]
    return tuple(
        path
        for path in sorted(candidates)
        if path.is_file() and not is_excluded(path.relative_to(root).as_posix(), exclude)
    )


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts[:-1])
