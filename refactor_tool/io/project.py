"""Where a project's files and its `[tool.refactor_tool]` settings come from."""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    root: Path
    max_lines: int = 400
    exclude: tuple[str, ...] = ()


def load_project_config(root: Path) -> ProjectConfig:
    """Read `[tool.refactor_tool]` from `root/pyproject.toml`; defaults where it is absent."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return ProjectConfig(root=root)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML: {error}", path=pyproject, line=getattr(error, "lineno", None)) from error
    section = data.get("tool", {}).get("refactor_tool", {})
    max_lines = section.get("max-lines", 400)
    if not isinstance(max_lines, int) or max_lines < 1:
        raise ConfigError("[tool.refactor_tool] max-lines must be a positive integer", path=pyproject)
    exclude = section.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(item, str) for item in exclude):
        raise ConfigError("[tool.refactor_tool] exclude must be a list of glob strings", path=pyproject)
    return ProjectConfig(root=root, max_lines=max_lines, exclude=tuple(exclude))


def python_files(root: Path, exclude: tuple[str, ...] = ()) -> tuple[Path, ...]:
    """The project's Python files: those git tracks or would track, else every `*.py` below root."""
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
        if path.is_file() and not any(fnmatch.fnmatch(path.relative_to(root).as_posix(), g) for g in exclude)
    )


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") or part in {"build", "dist", "__pycache__"} for part in relative.parts)
