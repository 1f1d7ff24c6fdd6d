"""Accepted breaks: `[tool.refactor_tool.api.allow]` in pyproject.toml maps a path to the reason it may break.

    [tool.refactor_tool.api.allow]
    "pkg.old_helper" = "deprecated since 1.2, removed in 2.0"
    "pkg.experimental.*" = "experimental, no compatibility promise"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from refactor_tool.errors import ConfigError


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def read_allow(pyproject: Path | None) -> dict[str, str]:
    """The allow entries (path -> non-empty reason); a malformed table is a `ConfigError` naming the file."""
    if pyproject is None:
        return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"invalid TOML: {error}", path=pyproject) from error
    except OSError as error:
        raise ConfigError(f"cannot read: {error.strerror}", path=pyproject) from error
    table = data.get("tool", {}).get("refactor_tool", {}).get("api", {}).get("allow", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.refactor_tool.api.allow] must be a table of path = \"reason\"", path=pyproject)
    allow: dict[str, str] = {}
    for path, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"allow entry {path!r} needs a reason (a non-empty string)", path=pyproject)
        allow[path] = reason.strip()
    return allow
