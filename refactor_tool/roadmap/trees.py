"""An expected-result tree (`├──` / `└──`, or ASCII `|--`) read into paths under its root.

An entry may list several names (`mod.rs, rms_norm.rs`); a name ending in `/` is a directory, and
deeper lines sit under the last directory drawn to their left. `# notes` and `← notes` are dropped.
"""

from __future__ import annotations

import re

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Fence
from refactor_tool.roadmap.model import ExpectedTree, TreeEntry

_BRANCH = re.compile(r"^(?P<prefix>[│|\s]*)(?:├──|└──|\|--|`--|\+--)\s*(?P<names>.*)$")
_NOTE = re.compile(r"\s+(?:#|←|<-|//).*$")


def looks_like_tree(fence: Fence) -> bool:
    return any(_BRANCH.match(line) for line in fence.lines)


def read_tree(fence: Fence, path: str) -> ExpectedTree:
    lines = list(fence.lines)
    root = ""
    first = 0
    if lines and not _BRANCH.match(lines[0]):
        root = _clean(lines[0]).strip()
        root = "" if root in (".", "./") else root.removeprefix("./").rstrip("/") + "/"
        first = 1
    entries: list[TreeEntry] = []
    #: (column of the branch mark, directory path) for the directories still open to the left
    open_dirs: list[tuple[int, str]] = []
    for offset, text in enumerate(lines[first:], start=first):
        line = fence.line + offset
        if not text.strip() or not text.strip(" │|"):
            continue
        match = _BRANCH.match(text)
        if match is None:
            raise InputError(
                f"expected a tree line (├── name or └── name) in the expected result, found {text.strip()!r}",
                path=path, line=line,
            )
        column = len(match.group("prefix"))
        while open_dirs and open_dirs[-1][0] >= column:
            open_dirs.pop()
        parent = open_dirs[-1][1] if open_dirs else root
        names = [name.strip() for name in _clean(match.group("names")).split(",") if name.strip()]
        if not names:
            raise InputError("a tree line names nothing", path=path, line=line)
        for name in names:
            is_dir = name.endswith("/")
            entry = TreeEntry(parent + name.rstrip("/"), is_dir, line)
            entries.append(entry)
            if is_dir:
                open_dirs.append((column, entry.path + "/"))
    return ExpectedTree(root, tuple(entries), fence.line)


def _clean(text: str) -> str:
    return _NOTE.sub("", text).replace("`", "")
