"""Stamps of what a cached answer depends on beyond the project's files: the installed distributions and
the tool's own code. Standard library only, so that a replayed run (check/replay.py) can afford them.
"""

from __future__ import annotations

import os
import site
import sys

from refactor_tool.io.fact_cache import content_key

#: the packages whose code decides what the checks find: the checks, io, and the features they call
_CODE_FOLDERS = ("check", "io", "api", "roadmap", "syntax")
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def environment_stamp() -> str:
    """Changes when a distribution is installed or removed (`environment_parts`)."""
    return content_key("distributions", *environment_parts())


def environment_parts() -> list[str]:
    """The import path, and the mtimes of every folder on it and of the site folders (installing or
    removing a distribution adds or removes a `*.dist-info` folder in one of them; reinstalling one
    replaces its folder)."""
    stamps = [sys.prefix, *sys.path]
    for folder in sorted({*sys.path, *site.getsitepackages(), site.getusersitepackages()}):
        try:
            stamps.append(f"{folder}:{os.stat(folder or '.').st_mtime_ns}")
        except OSError:
            continue
    return stamps


def code_stamp() -> str:
    """Changes when the code behind the checks does (an editable install being worked on), so no cache
    entry made by other code is reused; released versions never change it."""
    stamps = []
    for name in _CODE_FOLDERS:
        with os.scandir(os.path.join(_PACKAGE, name)) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    stamps.append(f"{name}/{entry.name}:{info.st_mtime_ns}:{info.st_size}")
    return content_key("code", *sorted(stamps))


def package_parts() -> list[str]:
    """Like `code_stamp`'s, over every module of the package: a replayed answer was also rendered
    (render/) from a command line parsed by cli/."""
    stamps = []
    for folder, folders, files in os.walk(_PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                stamps.append(f"{folder[len(_PACKAGE):]}/{name}:{info.st_mtime_ns}:{info.st_size}")
    return stamps
