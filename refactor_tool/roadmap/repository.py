"""The repository a roadmap speaks about: where its paths are, what modules they are, who imports them.

A roadmap names paths loosely: project-relative (`bit_ttt/layers/rms_norm.py`), relative to the phase's
expected tree (`rms_norm.rs` under `rust_engine/src/layers/`), or inside a configured package
(`legacy/` for `bit_ttt/legacy/`). `candidates` lists every reading, most literal first.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from refactor_tool.errors import RefactorToolError
from refactor_tool.io.project import ProjectConfig, nearest_project_config, python_files
from refactor_tool.roadmap.lint import matches
from refactor_tool.roadmap.model import Phase
from refactor_tool.syntax.modnames import imported_modules
from refactor_tool.syntax.source import read_source


@dataclass(frozen=True, slots=True)
class Importer:
    path: str
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}"


@dataclass(slots=True)
class Repository:
    """The project at `root` (the roadmap's folder, or the folder of the nearest pyproject.toml above it)."""

    root: Path
    config: ProjectConfig
    _trees: dict[str, ast.Module | None] = field(default_factory=dict)

    @classmethod
    def of(cls, roadmap_path: Path, root: Path | None = None) -> Repository:
        if root is not None:
            config = nearest_project_config(root / "pyproject.toml")
            return cls(root.resolve(), config if config.root.resolve() == root.resolve() else
                       ProjectConfig(root=root.resolve()))
        config = nearest_project_config(roadmap_path.resolve())
        return cls(config.root.resolve(), config)

    def forget(self) -> None:
        """Files changed (a run wrote them): read them afresh."""
        self._trees.clear()

    def exists(self, relative: str) -> bool:
        return (self.root / relative).exists()

    def is_python(self, relative: str) -> bool:
        return relative.endswith(".py")

    def package_folders(self) -> tuple[str, ...]:
        """The configured packages as folders (`bit_ttt/`), those that exist."""
        folders = []
        for name in self.config.packages:
            folder = name.replace(".", "/").strip("/") if "/" not in name else name.strip("/")
            if (self.root / folder).is_dir():
                folders.append(folder + "/")
        return tuple(folders)

    def candidates(self, named: str, phase: Phase | None = None) -> tuple[str, ...]:
        """Every place `named` may mean, project-relative with `/` (a directory keeps its trailing `/`):
        the expected tree's path ending in it first, then the literal path, then inside each package."""
        slash = "/" if named.endswith("/") else ""
        bare = named.strip("/").removeprefix("./")
        drawn = [path.rstrip("/") + slash for tree in (phase.trees if phase else ()) for path in tree.paths()
                 if matches(bare, path)]
        found = [*drawn, bare + slash, *(folder + bare + slash for folder in self.package_folders())]
        return tuple(dict.fromkeys(found))

    def locate(self, named: str, phase: Phase | None = None) -> str:
        """The first reading of `named` that exists, else the most likely one (the tree's, else literal)."""
        options = self.candidates(named, phase)
        return next((option for option in options if self.exists(option.rstrip("/"))), options[0])

    def module_name(self, relative: str) -> str | None:
        """The dotted name a path imports as (existing or not): its folders up to the first without
        `__init__.py`; None for a path that is not Python (a file not ending in `.py`)."""
        path = PurePosixPath(relative.rstrip("/"))
        is_folder = relative.endswith("/") or (self.root / path).is_dir()
        if not is_folder and path.suffix != ".py":
            return None
        parts = [] if path.name == "__init__.py" else [path.stem if not is_folder else path.name]
        folder = path.parent
        while str(folder) not in ("", ".") and (self.root / folder / "__init__.py").is_file():
            parts.insert(0, folder.name)
            folder = folder.parent
        return ".".join(parts) or None

    def import_roots(self) -> tuple[str, ...]:
        """The folders a fresh interpreter needs first on `sys.path` to import the project's code."""
        roots = [str(self.root)]
        if (self.root / "src").is_dir():
            roots.append(str(self.root / "src"))
        return tuple(roots)

    def python_files(self) -> tuple[str, ...]:
        return tuple(path.relative_to(self.root).as_posix() for path in python_files(self.root, self.config.exclude))

    def tree(self, relative: str) -> ast.Module | None:
        """The parsed module (cached), None when it is missing or does not parse."""
        if relative not in self._trees:
            try:
                source = read_source(self.root / relative)
                self._trees[relative] = ast.parse(source.text, relative)
            except (RefactorToolError, SyntaxError, ValueError, OSError):
                self._trees[relative] = None
        return self._trees[relative]

    def defined_names(self, relative: str) -> frozenset[str] | None:
        """Names the module's own top-level code binds (imports excluded); None when it cannot be read."""
        tree = self.tree(relative)
        return None if tree is None else frozenset(_defined(tree.body))

    def importers(self, modules: tuple[str, ...], *, skip: tuple[str, ...] = ()) -> tuple[Importer, ...]:
        """Every import of one of `modules` (or what is inside them) by a Python file of the project
        outside the folders `skip`."""
        found = []
        for relative in self.python_files():
            if any(relative.startswith(folder.rstrip("/") + "/") for folder in skip):
                continue
            tree = self.tree(relative)
            if tree is None:
                continue
            own = self.module_name(relative) or ""
            package = own if relative.endswith("__init__.py") else own.rpartition(".")[0]
            lines: dict[int, str] = {}
            for line, module in imported_modules(tree, package):
                hit = next((m for m in modules if module == m or module.startswith(m + ".")), None)
                if hit is not None:
                    lines.setdefault(line, hit)
            found += [Importer(relative, line, module) for line, module in sorted(lines.items())]
        return tuple(found)


def _defined(body: list[ast.stmt]) -> set[str]:
    """Top-level bindings of `body`, looking into `if`/`try`/`with` blocks as Python runs them."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.If | ast.With | ast.For | ast.While):
            names |= _defined(node.body) | _defined(getattr(node, "orelse", []))
        elif isinstance(node, ast.Try):
            names |= _defined(node.body) | _defined(node.orelse) | _defined(node.finalbody)
            for handler in node.handlers:
                names |= _defined(handler.body)
    return names
