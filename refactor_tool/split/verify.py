"""Did the split change what a user of the module can see? Two snapshots in, the differences out (pure).

A snapshot is the module as a fresh interpreter saw it: every name of its namespace and of `dir()`, each
with its type, `__module__`, `__qualname__`, signature, `__mro__` and text value, plus whether each module that
imported it still imports. `compare_snapshots` lists every way the split one differs from the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum

__all__ = ["ComparisonRules", "Difference", "DifferenceKind", "ImporterOutcome", "ModuleSnapshot", "NameFacts",
           "compare_snapshots", "steady_snapshot"]


class DifferenceKind(str, Enum):
    DOES_NOT_IMPORT = "the split module does not import"
    NAME_MISSING = "a name of the original is gone"
    DIR_NAME_ADDED = "dir() shows a name the original did not"
    DIR_NAME_REMOVED = "dir() no longer shows a name"
    TYPE_CHANGED = "its type changed"
    MODULE_CHANGED = "its __module__ changed"
    QUALNAME_CHANGED = "its __qualname__ changed"
    SIGNATURE_CHANGED = "its signature changed"
    VALUE_CHANGED = "its text value changed"
    MRO_CHANGED = "its __mro__ changed"
    ALL_CHANGED = "__all__ lists other names"
    IMPORTER_BROKEN = "a module that imported it no longer imports"

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class NameFacts:
    """What one name looks like; `type` "location" marks `__file__` and the like (compared by presence)."""

    type: str
    module: str | None = None
    qualname: str | None = None
    signature: str | None = None
    mro: tuple[str, ...] | None = None
    #: A text (or tuple or frozenset of texts) as shown, else None (see `verify_probe`).
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ImporterOutcome:
    module: str
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ModuleSnapshot:
    """`error` set: the module did not import (then nothing else is known). `names` maps name -> facts or None
    (None: asked for, not there)."""

    module: str
    error: str | None = None
    namespace: frozenset[str] = frozenset()
    dir_names: frozenset[str] = frozenset()
    names: tuple[tuple[str, NameFacts | None], ...] = ()
    exported: tuple[str, ...] | None = None
    importers: tuple[ImporterOutcome, ...] = ()
    seconds: float = 0.0

    def facts(self, name: str) -> NameFacts | None:
        return dict(self.names).get(name)


@dataclass(frozen=True, slots=True)
class ComparisonRules:
    """What the user asked to change, so it is not reported.

    `renamed_modules`: new modules whose names moved code may report (an explicit option); they read as
    `old_module` before comparing. `becomes_package`: `__path__` may appear. `mro_may_change`: classes
    split into mixins on request (`--split-classes`), whose mixins are `new_names` that may appear.
    """

    old_module: str
    renamed_modules: tuple[str, ...] = ()
    becomes_package: bool = False
    mro_may_change: frozenset[str] = field(default_factory=frozenset)
    new_names: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Difference:
    kind: DifferenceKind
    name: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.slug, "what": self.kind.value, "name": self.name, "before": self.before,
                "after": self.after}


#: The value of a name that read differently in two imports of the original: not compared.
UNSTEADY = "<differs between two imports of the original>"


def steady_snapshot(first: ModuleSnapshot, second: ModuleSnapshot) -> ModuleSnapshot:
    """`first` without the text values that differ in `second`, a second import of the same unchanged module.

    A value made at import from a clock or a random source (boltons.ecoutils' `INSTANCE_ID`) reads differently
    each time, so comparing it would refuse every split; it is not compared (its type and the rest still are).
    """
    if first.error is not None or second.error is not None:
        return first
    names = tuple((name, facts if facts is None or facts.value == getattr(second.facts(name), "value", None)
                   else replace(facts, value=UNSTEADY)) for name, facts in first.names)
    return replace(first, names=names)


def _renamer(rules: ComparisonRules) -> Callable[[str], str]:
    if not rules.renamed_modules:
        return lambda text: text
    spelled = "|".join(re.escape(name) for name in sorted(rules.renamed_modules, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])(?:{spelled})(?!\w)")
    return lambda text: pattern.sub(rules.old_module, text)


#: Module hooks the import system calls one fixed way (PEP 562); what they do shows in the names and dir().
PROTOCOL_HOOKS = frozenset({"__getattr__", "__dir__"})
#: Bookkeeping Python adds to whichever module a warning came from: not part of what the module offers.
INCIDENTAL_NAMES = frozenset({"__warningregistry__"})


def _compare_facts(name: str, old: NameFacts, new: NameFacts, rules: ComparisonRules) -> list[Difference]:
    if old.type == "location" or new.type == "location" or name in PROTOCOL_HOOKS:
        return []
    rename = _renamer(rules)

    def shown(value: object) -> str:
        if value is None:
            return "-"
        return " -> ".join(value) if isinstance(value, tuple) else str(value)

    pairs = [
        (DifferenceKind.TYPE_CHANGED, old.type, rename(new.type)),
        (DifferenceKind.MODULE_CHANGED, old.module, rename(new.module) if new.module else new.module),
        (DifferenceKind.QUALNAME_CHANGED, old.qualname, new.qualname),
        (DifferenceKind.SIGNATURE_CHANGED, old.signature, rename(new.signature) if new.signature else None),
        (DifferenceKind.VALUE_CHANGED, old.value, old.value if old.value == UNSTEADY else new.value),
    ]
    if name not in rules.mro_may_change:
        renamed_mro = None if new.mro is None else tuple(rename(base) for base in new.mro)
        pairs.append((DifferenceKind.MRO_CHANGED, old.mro, renamed_mro))
    return [Difference(kind, name, shown(before), shown(after)) for kind, before, after in pairs if before != after]


def _compare_importers(before: ModuleSnapshot, after: ModuleSnapshot) -> list[Difference]:
    now = {outcome.module: outcome for outcome in after.importers}
    found = []
    for outcome in before.importers:
        if outcome.error is not None:
            continue  # it did not import before either: not the split's doing
        later = now.get(outcome.module)
        error = "did not finish importing (timed out)" if later is None else later.error
        if error is not None:
            found.append(Difference(DifferenceKind.IMPORTER_BROKEN, outcome.module, "imports", error))
    return found


def compare_snapshots(before: ModuleSnapshot, after: ModuleSnapshot, rules: ComparisonRules) -> tuple[Difference, ...]:
    """Every difference a user of the module could notice; empty when the split is faithful."""
    if before.error is not None:
        raise ValueError("the original snapshot has no names to compare (it did not import)")
    if after.error is not None:
        return (Difference(DifferenceKind.DOES_NOT_IMPORT, after.module, "imports", after.error),)
    found: list[Difference] = []
    for name in sorted((before.namespace | before.dir_names) - INCIDENTAL_NAMES):
        old, new = before.facts(name), after.facts(name)
        if old is None:
            continue
        if new is None:
            found.append(Difference(DifferenceKind.NAME_MISSING, name, old.type, "-"))
            continue
        found += _compare_facts(name, old, new, rules)
        if name in before.dir_names and name not in after.dir_names:
            found.append(Difference(DifferenceKind.DIR_NAME_REMOVED, name, "listed", "not listed"))
    allowed = {"__path__"} | rules.new_names if rules.becomes_package else rules.new_names
    for name in sorted(after.dir_names - before.dir_names - allowed - INCIDENTAL_NAMES):
        facts = after.facts(name)
        found.append(Difference(DifferenceKind.DIR_NAME_ADDED, name, "-", facts.type if facts else "?"))
    if before.exported != after.exported:
        old_all, new_all = set(before.exported or ()), set(after.exported or ())
        found.append(Difference(DifferenceKind.ALL_CHANGED, "__all__", ", ".join(sorted(old_all - new_all)) or "-",
                                ", ".join(sorted(new_all - old_all)) or "-"))
    return tuple(found + _compare_importers(before, after))
