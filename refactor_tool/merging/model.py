"""Values passed between the stages of a merge: the modules going in, the module coming out, and warnings."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class MergeWarningKind(str, enum.Enum):
    """Things a merge changes that a reader should know about; values read as sentences."""

    MAIN_BLOCK_DROPPED = "an `if __name__ == '__main__':` block was dropped"
    FUTURE_IMPORTS_DIFFER = "the modules used different `from __future__` imports"
    MODULE_NAME_CHANGES = "classes and functions now report the merged module as their `__module__`"


@dataclass(frozen=True, slots=True)
class MergeWarning:
    kind: MergeWarningKind
    detail: str

    def message(self) -> str:
        return f"{self.kind.value}: {self.detail}"


@dataclass(frozen=True, slots=True)
class SourceModule:
    """One module to merge: where it lives, its dotted name (for resolving imports), its text and the
    encoding it was read in (a coding cookie naming another one than UTF-8 is not copied)."""

    path: Path
    name: str
    text: str
    encoding: str = "utf-8"

    @property
    def package(self) -> str:
        """The package relative imports start from (`__init__` modules are their own package)."""
        if self.path.name == "__init__.py":
            return self.name
        return self.name.rpartition(".")[0]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged module's text and what the merge did, so the app can write it and the CLI report it."""

    into: Path
    into_name: str
    code: str
    sources: tuple[Path, ...]
    dropped_imports: int
    deduplicated: tuple[str, ...]
    warnings: tuple[MergeWarning, ...]
    #: For each module merged into another path: a module re-exporting its names from the merged one
    #: (empty when `--delete-sources` deletes those modules instead).
    shims: tuple[tuple[Path, str], ...] = ()

    @property
    def line_count(self) -> int:
        return len(self.code.splitlines())
