"""Why a method stays in its class: one rule set for mixins, one for the class-body split.

A mixin is a different class, so anything bound to the defining class (`super()`, `__class__`,
`__private` mangling, ABCMeta's scan of the namespace) keeps a method home. The class-body split
keeps the class and its namespace, and compiles moved methods inside a class of the same name, so
those all keep working (zero-argument `super()` is written out as `super(Class, self)`, see
`super_calls`); what stays there is what a part module cannot provide: code that runs while the
package is still loading, and code that reads or rebinds its own module's namespace. Code that runs
while loading moves when it reads only names bound with its class (enum's `Flag.__invert__` reads
`EJECT`, bound with `Flag` by `Enum = Flag = EJECT = ... = None`), and a metaclass's methods, all of
which may run while its module makes classes with it (enum's `EnumType`), move: they read what they
need where it lives when called (`split.emit.live_reads`).
"""

from __future__ import annotations

import types
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum


class KeepReason(StrEnum):
    """Why a method stays in the original class; values read as sentences in plans and errors."""

    CONSTRUCTOR = "constructors stay with their class"
    CLASS_HOOK = "class-creation hooks and __eq__/__hash__ act on the class that defines them"
    NAMESPACE_READER = "the class has a decorator or metaclass that may read its own namespace"
    DEFINITION_TIME = "the class body uses it while it runs (a class attribute, decorator or alias)"
    USES_CLASS_BODY = "its decorators, defaults or annotations read names of the class body"
    SUPER = (
        "uses super() or __class__, which are bound to the class that defines the method; "
        "in a mixin they would resolve from the mixin"
    )
    SUPER_TARGET = (
        "reached through super() from a method that stays; in a mixin super() would find it"
    )
    MANGLED = "uses a private __name, which Python mangles with the defining class's name"
    ABSTRACT = "abstract methods must stay for ABCMeta to find them"
    SPECIAL_NAME = "enum hooks (_missing_, _generate_next_value_) are read from the class namespace"
    # Class-body split only.
    RUNS_AT_IMPORT = (
        "it may run while the module loads (a constructor, a hook or a method they call), before a "
        "part module has the module's names"
    )
    ZERO_ARGUMENT_SUPER = (
        "uses super() or __class__ without arguments where they cannot be written out (in a nested "
        "function, a method without a first parameter, or a class decorated or bound again by name)"
    )
    REBINDS_GLOBAL = (
        "it rebinds a module global with `global` that other code of its class reads or rebinds, or "
        "that other code of the module rebinds, which a part module would rebind there"
    )
    READS_NAMESPACE = "it calls globals(), which in a part module is that module's namespace"
    MODULE_NAME_AT_DEFINITION = (
        "its decorators, defaults or annotations read module-level definitions, which a part module "
        "gets only once the package has loaded"
    )
    STALE_GLOBAL = "it reads a global that a function rebinds with `global`; a part module keeps a copy"
    NAME_CLASH = "its name is also a name of the part module's own namespace (an import or a dunder)"


@dataclass(frozen=True, slots=True)
class KeptMethod:
    """A method that had to stay in the original class, and why."""

    name: str
    line: int
    reason: KeepReason


@dataclass(frozen=True, slots=True)
class DefFacts:
    """What the keep rules need to know about one `def` in a class body."""

    name: str
    decorators: frozenset[str]
    uses_super: bool
    zero_argument_super: bool
    mangled: bool
    #: every zero-argument `super()` and `__class__` can be written out (`super_calls.explicit_super`)
    super_rewritable: bool
    #: names its `global` statements declare
    declared_globals: frozenset[str]
    calls_globals: bool
    definition_time: frozenset[str]
    definition_globals: frozenset[str]
    reads: frozenset[str]


# Dunders that only mean something in the namespace of the class that defines them.
_HOOKS = frozenset(
    {"__init_subclass__", "__class_getitem__", "__set_name__", "__mro_entries__", "__prepare__"}
    | {"__eq__", "__hash__", "__init__", "__new__", "__post_init__", "__slots__"}
)
_ABSTRACT = frozenset(
    {"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"}
)
#: Names a module's namespace gives a meaning of its own (and `__getattr__`, which a part module
#: defines): no method moved to a part module may have one.
MODULE_NAMES = frozenset(
    {"__getattr__", "__dir__", "__name__", "__doc__", "__file__", "__path__", "__spec__"}
    | {"__loader__", "__package__", "__builtins__", "__cached__", "__annotations__", "__all__"}
    | {"__dict__", "__class__"}
)
#: Attributes every module object has through its type (`__repr__`, `__eq__`...): a part module binds
#: such methods as plain globals, since its `__getattr__` is never asked for them.
MODULE_ATTRIBUTES = frozenset(dir(types.ModuleType)) - MODULE_NAMES


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_sunder(name: str) -> bool:
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"


def is_mangled(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


def mixin_reason(facts: DefFacts, namespace_reader: bool) -> KeepReason | None:
    """The first reason, in order of importance, why this definition cannot leave for a mixin."""
    name = facts.name
    checks = (
        (name in {"__init__", "__new__"}, KeepReason.CONSTRUCTOR),
        (name in _HOOKS, KeepReason.CLASS_HOOK),
        (is_dunder(name) and namespace_reader, KeepReason.NAMESPACE_READER),
        (is_sunder(name), KeepReason.SPECIAL_NAME),
        (facts.uses_super, KeepReason.SUPER),
        (facts.mangled, KeepReason.MANGLED),
        (bool(facts.decorators & _ABSTRACT), KeepReason.ABSTRACT),
        (bool(facts.definition_time), KeepReason.USES_CLASS_BODY),
    )
    return next((reason for hit, reason in checks if hit), None)


@dataclass(frozen=True, slots=True)
class BodyRules:
    """What the class-body split knows of the module around the class.

    `runs_at_import`: methods that may run while the module loads and read names of other groups of
    the module (`emit.class_rules.needing_others`; none for a metaclass); `importable`: names a part
    module has from its own imports (and builtins); `hooks_move`: `_sunder_` methods may move, since
    the class body runs in a plain dict (no metaclass, only built-in bases: enum's `EnumType(type)`)
    where they mean nothing, or binds no member (enum's `Enum` and `Flag`) that
    `_generate_next_value_` must come before (a part is imported where its first method was, never
    later); `super_by_name`: the class's name is bound once, to the class its statement makes (no
    decorator), so `super(Class, self)` may stand for `super()` (`super_calls`); `rebound`: globals
    some function rebinds with `global`;
    `own_globals`: globals a method may take along to its part module, which then holds the global
    (one method of the class rebinds it, no other code of the class reads it, no other statement of
    the module rebinds it; other modules read it there when called, see `emit.live_reads`);
    `reserved`: names the part module binds itself, which no method moved there may carry.
    """

    runs_at_import: frozenset[str] = frozenset()
    hooks_move: bool = False
    super_by_name: bool = False
    importable: frozenset[str] = frozenset()
    rebound: frozenset[str] = frozenset()
    own_globals: frozenset[str] = frozenset()
    reserved: frozenset[str] = field(default=MODULE_NAMES)


def body_reason(facts: DefFacts, rules: BodyRules, aliases: Collection[str] = ()) -> KeepReason | None:
    """The first reason why this definition stays in the class statement when its body is split."""
    names = {facts.name, *aliases}
    checks = (
        (bool(names & rules.runs_at_import), KeepReason.RUNS_AT_IMPORT),
        (bool(names & rules.reserved), KeepReason.NAME_CLASH),
        (is_sunder(facts.name) and not rules.hooks_move, KeepReason.SPECIAL_NAME),
        (facts.zero_argument_super and not (facts.super_rewritable and rules.super_by_name),
         KeepReason.ZERO_ARGUMENT_SUPER),
        (bool(facts.declared_globals - rules.own_globals), KeepReason.REBINDS_GLOBAL),
        (facts.calls_globals, KeepReason.READS_NAMESPACE),
        (bool(facts.definition_time), KeepReason.USES_CLASS_BODY),
        (bool(facts.definition_globals - rules.importable), KeepReason.MODULE_NAME_AT_DEFINITION),
        (bool(facts.reads & rules.rebound - facts.declared_globals), KeepReason.STALE_GLOBAL),
    )
    return next((reason for hit, reason in checks if hit), None)
