"""Test files whose string patch targets (`mock.patch("pkg.core.helper")`) name moved code.

Found by a text pre-filter (test files that mention the old dotted name), rewritten by the
`patch_targets` transform when it is available; with `--no-rewrite-tests` they are only listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.transaction import FileChange
from refactor_tool.split.emit.context import ModuleSetter
from refactor_tool.split.model import SplitPlan
from refactor_tool.syntax.source import read_source, utf8_text

_SKIP = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", "build", "dist"}


@dataclass(frozen=True, slots=True)
class TestRewrite:
    changes: tuple[FileChange, ...] = ()
    listed: tuple[str, ...] = ()
    rewrites: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"rewritten_files": [str(c.path) for c in self.changes], "listed_files": list(self.listed),
                "rewrites": list(self.rewrites)}


def project_root(start: Path, dotted: str) -> Path:
    """The enclosing git or pyproject root, else the folder the module is imported from."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists() or (folder / "pyproject.toml").exists():
            return folder
    depth = dotted.count(".")
    return start.parents[depth - 1] if depth else start


def _is_test_file(path: Path, root: Path) -> bool:
    name = path.name
    in_tests = "tests" in path.relative_to(root).parts[:-1]
    return in_tests or name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def candidate_files(root: Path, dotted: str) -> Iterator[Path]:
    for folder, _dirs, files in _walk(root):
        for name in files:
            path = folder / name
            if name.endswith(".py") and _is_test_file(path, root):
                try:
                    if dotted in read_source(path).text:
                        yield path
                except InputError:
                    continue


def module_setters(module_path: Path, dotted: str) -> tuple[ModuleSetter, ...]:
    """Every statement of the project's files that sets a name on module `dotted` (patches,
    assignments, `setattr`)."""
    from refactor_tool.split.patch_targets.module_writes import module_writes

    source = module_path.resolve()
    root = project_root(source.parent, dotted)
    word = re.compile(rf"\b{re.escape(dotted.rpartition('.')[2])}\b")
    found: list[ModuleSetter] = []
    for folder, _dirs, files in _walk(root):
        for name in sorted(files):
            path = folder / name
            if not name.endswith(".py") or path.resolve() == source:
                continue
            try:
                text = read_source(path).text
            except (OSError, InputError):
                continue
            if not word.search(text):
                continue
            where = path.relative_to(root).as_posix()
            writes = module_writes(text, dotted)
            for write in writes:
                alone = len(re.findall(rf"\b{re.escape(write.name)}\b", text)) == sum(
                    1 for w in writes if w.name == write.name)
                found.append(ModuleSetter(write.name, f"{where}:{write.line} `{write.code}`",
                                          write.by_path and alone))
    return tuple(found)


def _walk(root: Path):
    import os

    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP and not d.startswith(".")]
        yield Path(folder), dirs, files


def rewrite_tests(module_path: Path, plan: SplitPlan, *, enabled: bool) -> TestRewrite:
    """Re-aim the patch targets the plan says may be re-aimed (`plan.test_moves`: only those that then
    reach the same code); with `enabled` false the files are only listed. Every other name tests set on
    the old module is forwarded by the facade, so those tests are left as they are."""
    moves = dict(plan.test_moves)
    if not plan.modules or not moves:
        return TestRewrite()
    root = project_root(module_path.resolve().parent, plan.old_module)
    files = [p for p in candidate_files(root, plan.old_module) if p.resolve() != module_path.resolve()]
    if not files:
        return TestRewrite()
    from refactor_tool.split.patch_targets.rewrite import rewrite_patch_targets

    changes, rewrites, listed = [], [], []
    for path in files:
        read = read_source(path)
        source = read.text
        result = rewrite_patch_targets(source, moves)
        if not result.rewrites:
            continue
        if enabled and result.code != source:
            changes.append(FileChange(path, read.exact, utf8_text(result.code, read.encoding)))
            rewrites += [f"{path}:{item.line}: {item.old} -> {item.new}" for item in result.rewrites]
        else:
            listed.append(str(path))
    return TestRewrite(changes=tuple(changes), listed=tuple(listed), rewrites=tuple(rewrites))
