"""Test files whose string patch targets (`mock.patch("pkg.core.helper")`) name moved code.

Found by a text pre-filter (test files that mention the old dotted name), rewritten by the
`patch_targets` transform when it is available; with `--no-rewrite-tests` they are only listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.transaction import FileChange
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


def _walk(root: Path):
    import os

    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP and not d.startswith(".")]
        yield Path(folder), dirs, files


def rewrite_tests(module_path: Path, plan: SplitPlan, *, enabled: bool) -> TestRewrite:
    if not plan.modules or not plan.moves:
        return TestRewrite()
    root = project_root(module_path.resolve().parent, plan.old_module)
    files = [p for p in candidate_files(root, plan.old_module) if p.resolve() != module_path.resolve()]
    if not files:
        return TestRewrite()
    try:
        from refactor_tool.split.patch_targets.rewrite import rewrite_patch_targets
    except ImportError:
        return TestRewrite(listed=tuple(str(p) for p in files))
    changes, rewrites, listed = [], [], []
    for path in files:
        read = read_source(path)
        source = read.text
        result = rewrite_patch_targets(source, plan.moves_map)
        if not result.rewrites and not getattr(result, "stale", ()):
            continue
        for item in result.rewrites:
            rewrites.append(f"{path}:{item.line}: {item.old} -> {item.new}")
        for item in getattr(result, "stale", ()):
            rewrites.append(f"{path}:{item.line}: {item.target} left as is: {item.reason}")
        if enabled and result.code != source:
            changes.append(FileChange(path, read.exact, utf8_text(result.code, read.encoding)))
        else:
            listed.append(str(path))
    return TestRewrite(changes=tuple(changes), listed=tuple(listed), rewrites=tuple(rewrites))
