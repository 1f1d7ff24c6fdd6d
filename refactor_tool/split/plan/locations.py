"""Where a split module and its new modules live: file paths and dotted names for both layouts.

Package layout: `dir/mod.py` -> `dir/mod/__init__.py` + `dir/mod/_<name>.py`.
Shim layout: `dir/mod.py` stays as a re-export module; automatic modules go to `dir/_mod/<name>.py`
(`dir/_mod_parts/` when `_mod` is taken, e.g. by a C accelerator such as `_bisect`), planned ones
where the plan says, relative to `dir`.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from refactor_tool.errors import PlanError
from refactor_tool.split.model import Layout


@dataclass(frozen=True, slots=True)
class Locations:
    source: Path
    dotted: str
    layout: Layout

    @property
    def stem(self) -> str:
        return self.source.stem

    @property
    def is_init(self) -> bool:
        """A package's `__init__.py` is the monolith: its code moves into private modules beside it."""
        return self.source.name == "__init__.py"

    @property
    def package(self) -> str:
        """The original module's `__package__`: its package, '' for a top-level module (a package's
        `__init__` is its own package)."""
        return self.dotted if self.is_init else self.dotted.rpartition(".")[0]

    @property
    def facade(self) -> Path:
        """The file users import after the split: the package `__init__` or the shim."""
        if self.layout is Layout.PACKAGE and not self.is_init:
            return self.source.with_suffix("") / "__init__.py"
        return self.source

    @property
    def facade_package(self) -> str:
        """`__package__` of the facade: the new package itself, or the original's package for a shim."""
        return self.dotted if self.layout is Layout.PACKAGE else self.package

    @property
    def base_dir(self) -> Path:
        """Planned paths are relative to this directory."""
        if self.is_init:
            return self.source.parent
        return self.source.with_suffix("") if self.layout is Layout.PACKAGE else self.source.parent

    def auto_relpath(self, name: str) -> str:
        if self.layout is Layout.PACKAGE:
            return f"{name}.py"
        return f"{self.private_package}/{name}.py"

    def taken_names(self) -> set[str]:
        """Names of modules and folders already in the package an `__init__`'s code moves into."""
        if not self.is_init:
            return set()
        return {p.stem if p.suffix == ".py" else p.name for p in self.source.parent.iterdir()}

    @property
    def private_package(self) -> str:
        """`_mod`, or `_mod_parts` if `_mod` already names a module (file, folder or importable)."""
        name = f"_{self.stem}"
        sibling = self.source.parent / name
        taken = sibling.with_suffix(".py").exists() or (sibling.exists() and not (sibling / "__init__.py").exists())
        if not taken and not self.package:
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            taken = spec is not None and not str(spec.origin or "").startswith(str(sibling))
        return f"{name}_parts" if taken else name

    def resolve(self, relpath: str, line: int | None = None, plan: str | None = None) -> tuple[Path, str]:
        """The file path and dotted name of a new module given by a path relative to `base_dir`."""
        pure = PurePosixPath(relpath if relpath.endswith(".py") else f"{relpath.replace('.', '/')}.py")
        parts = pure.with_suffix("").parts
        if pure.is_absolute() or ".." in parts or not parts or not all(p.isidentifier() for p in parts):
            raise PlanError(f"bad module path in plan: {relpath!r}", path=plan, line=line)
        if parts == ("__init__",):
            raise PlanError(f"plan target {relpath!r} is the package itself", path=plan, line=line)
        path = self.base_dir.joinpath(*pure.parts)
        prefix = self.dotted if self.layout is Layout.PACKAGE else self.package
        dotted = ".".join(p for p in (prefix, *parts) if p)
        return path, dotted

    def new_package_dirs(self, paths: list[Path]) -> list[Path]:
        """Directories between `base_dir` and the new modules that need an `__init__.py`."""
        needed: dict[Path, None] = {}
        for path in paths:
            directory = path.parent
            while directory != self.base_dir and self.base_dir in directory.parents:
                needed[directory] = None
                directory = directory.parent
        return [d for d in needed if not (d / "__init__.py").exists()]
