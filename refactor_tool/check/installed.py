"""Which installed distributions provide which import names: `packages_distributions()`, made cheap.

`importlib.metadata` costs about 30 ms to import (it brings `email`, `csv`, `zipfile` and `pathlib` along)
and parses every METADATA file as an e-mail message to read one header; on the benchmark's stdlib copy
that was a fifth of a cold run. This module reads the same folders the library reads, for the common
case of `*.dist-info` folders on `sys.path`: the `Name:` line, `top_level.txt`, else the first column of
RECORD, with the library's own rule for which files name an import (it changed in Python 3.12 and 3.13).
Anything less common (a zip on `sys.path`, an `.egg`, an egg-info without `top_level.txt`, a finder with
its own distributions) is left to the library. A test compares the result with the library's.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

_SUFFIXES_BY_LENGTH: list[str] | None = None


def packages_distributions() -> dict[str, list[str]]:
    """Import name -> the names of the distributions providing it, as `importlib.metadata` gives it."""
    folders = _distribution_folders()
    if folders is None:
        from importlib import metadata

        return {name: list(dists) for name, dists in metadata.packages_distributions().items()}
    found: dict[str, list[str]] = {}
    for folder in folders:
        name, tops = _read(folder)
        for top in tops:
            found.setdefault(top, []).append(name)  # type: ignore[arg-type]
    return found


def _distribution_folders() -> list[Path] | None:
    """The metadata folders `importlib.metadata.distributions()` finds, or None where it would find more."""
    from importlib.machinery import PathFinder

    if any(hasattr(finder, "find_distributions") and finder is not PathFinder for finder in sys.meta_path):
        return None
    folders = []
    for entry in sys.path:
        where = entry or "."
        if os.path.isfile(where):
            return None  # a zip file on the path
        try:
            children = os.listdir(where)
        except OSError:
            continue  # missing, or a path hook's name: the library finds nothing there either
        for child in children:
            low = child.lower()
            if low.endswith(".egg") or (low == "egg-info" and where.lower().endswith(".egg")):
                return None
            if low.endswith((".dist-info", ".egg-info")):
                folders.append(Path(where, child))
    return folders


def _read(folder: Path) -> tuple[str | None, list[str] | set[str]]:
    """(distribution name, top-level import names) of one metadata folder."""
    declared = (_text(folder, "top_level.txt") or "").split()
    record = None if declared else _text(folder, "RECORD")
    if not declared and record is None:  # an egg-info: its file list is the library's business
        from importlib import metadata

        dist = metadata.PathDistribution(folder)
        return dist.metadata["Name"], set(metadata._top_level_inferred(dist))  # type: ignore[attr-defined]
    return _name(folder), declared or _inferred(record or "")


def _text(folder: Path, name: str) -> str | None:
    try:
        return (folder / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _name(folder: Path) -> str | None:
    """The `Name:` header, read up to the end of the headers (not the long description after them)."""
    for filename in ("METADATA", "PKG-INFO"):
        try:
            with (folder / filename).open(encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        break  # the headers end at the first empty line
                    field, colon, value = line.partition(":")
                    if colon and field.strip().lower() == "name":
                        return value.strip()
        except (OSError, UnicodeDecodeError):
            continue
        break  # the file exists and names nothing: as the library reads it
    from importlib import metadata

    name: str | None = metadata.PathDistribution(folder).metadata["Name"]
    return name


#: RECORD text with a path that needs `PurePosixPath`'s normalising, quoting, or a row without commas
_ODD = re.compile(r"^[/.]|//|/\.|/,|\"|^[^,\n]+$", re.MULTILINE)
_NESTED_PY = re.compile(r"^([^,\n/]+)/[^,\n]*\.py,", re.MULTILINE)
_TOP_PY = re.compile(r"^([^,\n/]+)\.py,", re.MULTILINE)
_NESTED = re.compile(r"^([^,\n/]+)/[^,\n]*,", re.MULTILINE)
_TOP = re.compile(r"^([^,\n/]+),", re.MULTILINE)


def _inferred(record: str) -> set[str]:
    """The import names a RECORD's files give, by the rule of the running Python's `importlib.metadata`.

    Plain RECORDs (every wheel's) are read with four regular expressions; the rest row by row."""
    if _ODD.search(record):
        return _inferred_by_row(record)
    if sys.version_info < (3, 12):
        return set(_NESTED_PY.findall(record)) | set(_TOP_PY.findall(record))
    tops = set(_NESTED.findall(record))
    for name in _TOP.findall(record):
        module = _module_name(name)
        if module is None and sys.version_info >= (3, 13):
            module = name  # 3.13 keeps the file's name, then drops it if it has a dot
        if module is not None:
            tops.add(module)
    return {name for name in tops if "." not in name}


def _inferred_by_row(record: str) -> set[str]:
    only_py = sys.version_info < (3, 12)
    tops: set[str] = set()
    for line in record.splitlines():
        path = line.partition(",")[0] if '"' not in line else _quoted_path(line)
        if not path or (only_py and not path.endswith(".py")):
            continue
        plain = not path.startswith(("/", ".")) and "//" not in path and "/." not in path and not path.endswith("/")
        parts = path.split("/") if plain else _parts(path)  # most paths need no normalising
        if not parts:
            continue
        if only_py:
            if len(parts[-1]) > 3:  # `.py` alone is no suffix
                tops.add(parts[0] if len(parts) > 1 else parts[-1][:-3])
            continue
        name = parts[0] if len(parts) > 1 else _module_name(parts[0])
        if name is None and sys.version_info >= (3, 13):
            name = parts[0]
        if name is not None and "." not in name:
            tops.add(name)
    return tops


def _quoted_path(line: str) -> str:
    """The first column of a RECORD line that quotes it (a path holding a comma or a quote)."""
    import csv

    row = next(csv.reader([line]), [])
    return row[0] if row else ""


def _parts(path: str) -> list[str]:
    """`PurePosixPath(path).parts`."""
    root = ""
    if path.startswith("/"):
        root = "//" if path.startswith("//") and not path.startswith("///") else "/"
    parts = [part for part in path.split("/") if part and part != "."]
    return [root, *parts] if root else parts


def _module_name(file_name: str) -> str | None:
    """`inspect.getmodulename`, without importing `inspect`."""
    global _SUFFIXES_BY_LENGTH
    if _SUFFIXES_BY_LENGTH is None:
        from importlib.machinery import all_suffixes

        _SUFFIXES_BY_LENGTH = sorted(all_suffixes(), key=len, reverse=True)
    for suffix in _SUFFIXES_BY_LENGTH:
        if file_name.endswith(suffix):
            return file_name[: -len(suffix)]
    return None

