"""What analysis knows about one top-level statement of a module: what it binds, uses, rebinds, mutates."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class StatementKind(str, Enum):
    """How a top-level statement takes part in a split."""

    DOCSTRING = "the module docstring, which stays with the package `__init__` or the shim"
    FUTURE = "a `from __future__` import, copied into every new module"
    IMPORT = "a plain import, copied into each module that uses one of its names"
    STAR_IMPORT = "a star import, copied into every module because its names are unknown"
    TYPE_CHECKING = "an `if TYPE_CHECKING:` block, copied into each module that uses its names"
    MAIN_GUARD = "an `if __name__ == '__main__':` block, run only as a script"
    CODE = "a definition or module-level code, moved to exactly one module"


@dataclass(frozen=True, slots=True)
class Statement:
    """One entry of the module body (`a = 1; b = 2` on one line is one entry, as LibCST sees it).

    `uses_import` are names needed while the module executes (base classes, decorators, default
    values, class bodies, module-level code); `uses_call` only when a function runs;
    `uses_annotation` only in annotations (postponed under `from __future__ import annotations`);
    `uses_when_called` every global a function body of the statement reads, also those `uses_import`
    holds (what a `del` of the name at the end of the module would break).
    """

    index: int
    start: int
    end: int
    span: int
    kind: StatementKind
    defines: tuple[str, ...]
    deletes: tuple[str, ...]
    uses_import: frozenset[str]
    uses_call: frozenset[str]
    uses_annotation: frozenset[str]
    rebinds: frozenset[str]
    mutates: tuple[str, ...]
    reads_file: bool = False
    reads_name: bool = False
    reads_globals: bool = False
    definition: str = ""
    relative_import: bool = False
    star_import: bool = False
    annotates: bool = False
    executes: frozenset[str] = frozenset()
    introspects: bool = False
    uses_when_called: frozenset[str] = frozenset()
    #: Names bound or deleted on some paths only (`try: import ssl`, `if sys.platform == "win32": ...`).
    maybe_binds: frozenset[str] = frozenset()
    #: While the module loads, passes its own namespace to other code (`Enum._convert_(..., __name__)`,
    #: `f(globals())`, `sys.modules[__name__]`).
    hands_out_module: bool = False
    #: The module-level names it binds to a lambda (`key = lambda x: ...`): pickled by value with its
    #: `__globals__`, which picklers take by reference only when they are its module's namespace.
    lambdas: tuple[str, ...] = ()
    #: What it registers while the module loads, as `register(type)` (`facts.registrations`): the same
    #: key registered twice must keep its order.
    registers: frozenset[str] = frozenset()
    #: Globals its functions read when code run while the module loads calls them (a part module of a
    #: split class holding methods that run then, `split.emit.class_parts`): they must be bound by then.
    uses_while_loading: frozenset[str] = frozenset()
    #: Its functions (a class's methods) that read the module's namespace by a key when called, all the
    #: `globals()` it calls (`globals()[self._name]`, `facts.namespace.namespace_reads_when_called`).
    namespace_readers: tuple[str, ...] = ()

    @property
    def uses(self) -> frozenset[str]:
        return self.uses_import | self.uses_call | self.uses_annotation

    @property
    def binds(self) -> frozenset[str]:
        """Every module-level name the statement binds or unbinds."""
        return frozenset((*self.defines, *self.deletes))

    @property
    def label(self) -> str:
        """A human name for the statement: its first defined name, or where it starts."""
        return self.defines[0] if self.defines else f"<statement at line {self.start}>"


@dataclass(frozen=True, slots=True)
class ModuleAnalysis:
    path: str
    source: str
    statements: tuple[Statement, ...]
    future_annotations: bool
    all_names: tuple[str, ...] | None

    @property
    def defined(self) -> dict[str, tuple[int, ...]]:
        """Each module-level name -> indexes of the statements that bind it, in order."""
        found: dict[str, list[int]] = {}
        for statement in self.statements:
            for name in statement.defines:
                found.setdefault(name, []).append(statement.index)
        return {name: tuple(indexes) for name, indexes in found.items()}

    def final_names(self) -> tuple[str, ...]:
        """Names bound when the module finishes executing (bound and not deleted afterwards), in order."""
        alive: dict[str, None] = {}
        for statement in self.statements:
            if statement.kind in (StatementKind.TYPE_CHECKING, StatementKind.MAIN_GUARD):
                continue
            for name in statement.defines:
                alive[name] = None
            for name in statement.deletes:
                alive.pop(name, None)
        return tuple(alive)

    def conditional_names(self) -> dict[str, int]:
        """Names that may or may not exist when the module finishes, each with the statement that decides.

        `try: import ssl / except ImportError: pass` leaves `ssl` bound only where the import worked;
        `x = None` before it would make `x` sure again.
        """
        sure: set[str] = set()
        maybe: dict[str, int] = {}
        for statement in self.statements:
            if statement.kind in (StatementKind.TYPE_CHECKING, StatementKind.MAIN_GUARD):
                continue
            for name in statement.defines:
                if name not in statement.maybe_binds:
                    sure.add(name)
                    maybe.pop(name, None)
                elif name not in sure:
                    maybe.setdefault(name, statement.index)
            for name in statement.deletes:
                if name in statement.maybe_binds:
                    if name in sure:
                        sure.discard(name)
                        maybe[name] = statement.index
                elif name not in statement.defines:
                    sure.discard(name)
                    maybe.pop(name, None)
        return maybe
