"""The comparison of two module snapshots: every kind of difference a user could notice, and what is allowed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from refactor_tool.split.verify import (
    ComparisonRules,
    DifferenceKind,
    ImporterOutcome,
    ModuleSnapshot,
    NameFacts,
    compare_snapshots,
)

K = DifferenceKind
WIDGET = NameFacts("builtins.type", "pkg.core", "Widget", "(size=1)", ("pkg.core.Widget", "builtins.object"))
LOUD = NameFacts("builtins.function", "pkg.core", "loud", "(text: 'str') -> 'str'")
LOCATION = NameFacts("location")


def snapshot(names: dict[str, NameFacts | None], *, dir_names: set[str] | None = None,
             namespace: set[str] | None = None, exported: tuple[str, ...] | None = ("Widget", "loud"),
             importers: tuple[ImporterOutcome, ...] = (), error: str | None = None) -> ModuleSnapshot:
    present = {name for name, facts in names.items() if facts is not None}
    return ModuleSnapshot(
        module="pkg.core", error=error, namespace=frozenset(present if namespace is None else namespace),
        dir_names=frozenset(present if dir_names is None else dir_names), names=tuple(sorted(names.items())),
        exported=exported, importers=importers,
    )


ORIGINAL = {"Widget": WIDGET, "loud": LOUD, "__file__": LOCATION, "__doc__": NameFacts("builtins.str")}
RULES = ComparisonRules("pkg.core")
RENAMED = ComparisonRules("pkg.core", renamed_modules=("pkg.core._widgets", "pkg.core._text"))


def _with(**changes: NameFacts | None) -> dict[str, NameFacts | None]:
    return {**ORIGINAL, **changes}


CASES = [
    # (id, after names, extra snapshot options, rules, expected (kind, name) pairs)
    ("identical", ORIGINAL, {}, RULES, []),
    ("a name is gone", _with(loud=None), {}, RULES, [(K.NAME_MISSING, "loud")]),
    ("type changed", _with(loud=replace(LOUD, type="functools.partial")), {}, RULES, [(K.TYPE_CHANGED, "loud")]),
    ("__module__ changed", _with(Widget=replace(WIDGET, module="pkg.core._widgets")), {}, RULES,
     [(K.MODULE_CHANGED, "Widget")]),
    ("__qualname__ changed", _with(loud=replace(LOUD, qualname="_Mixin.loud")), {}, RULES,
     [(K.QUALNAME_CHANGED, "loud")]),
    ("signature changed", _with(loud=replace(LOUD, signature="(text: 'str', extra=None) -> 'str'")), {}, RULES,
     [(K.SIGNATURE_CHANGED, "loud")]),
    ("__mro__ changed", _with(Widget=replace(WIDGET, mro=("pkg.core.Widget", "pkg.core._WidgetPart", "builtins.object"))),
     {}, RULES, [(K.MRO_CHANGED, "Widget")]),
    ("__mro__ of a class split on request", _with(Widget=replace(WIDGET, mro=("pkg.core.Widget", "pkg.core._P",
                                                                          "builtins.object"))),
     {}, replace(RULES, mro_may_change=frozenset({"Widget"})), []),
    ("new module names, asked for", _with(Widget=replace(WIDGET, module="pkg.core._widgets",
                                                         mro=("pkg.core._widgets.Widget", "builtins.object"))),
     {}, RENAMED, []),
    ("new module names, but not one of the split's", _with(Widget=replace(WIDGET, module="pkg.elsewhere")), {},
     RENAMED, [(K.MODULE_CHANGED, "Widget")]),
    ("a renamed module's prefix is not a renamed module", _with(Widget=replace(WIDGET, module="pkg.core._widgetsX")),
     {}, RENAMED, [(K.MODULE_CHANGED, "Widget")]),
    ("generated helper shows in dir()", {**ORIGINAL, "_SPLIT_MODULES": NameFacts("builtins.tuple")}, {}, RULES,
     [(K.DIR_NAME_ADDED, "_SPLIT_MODULES")]),
    ("generated helper hidden from dir()", {**ORIGINAL, "_SPLIT_MODULES": NameFacts("builtins.tuple")},
     {"dir_names": set(ORIGINAL) - {"_SPLIT_MODULES"}}, RULES, []),
    ("mixins of a class split on request", {**ORIGINAL, "_WidgetPart": NameFacts("builtins.type")}, {},
     replace(RULES, new_names=frozenset({"_WidgetPart"})), []),
    ("reachable but no longer in dir()", ORIGINAL, {"dir_names": set(ORIGINAL) - {"loud"}}, RULES,
     [(K.DIR_NAME_REMOVED, "loud")]),
    ("__path__ of a package layout", {**ORIGINAL, "__path__": LOCATION}, {}, replace(RULES, becomes_package=True), []),
    ("__path__ where the layout is not a package", {**ORIGINAL, "__path__": LOCATION}, {}, RULES,
     [(K.DIR_NAME_ADDED, "__path__")]),
    ("location names are not compared", _with(__file__=LOCATION), {}, RULES, []),
    ("the warnings registry is bookkeeping", {**ORIGINAL, "__warningregistry__": NameFacts("builtins.dict")}, {},
     RULES, []),
    ("module __getattr__ hook: its signature is fixed by PEP 562",
     {**ORIGINAL, "__getattr__": NameFacts("builtins.function", "pkg.core", "__getattr__", "(name)")},
     {}, RULES, [(K.DIR_NAME_ADDED, "__getattr__")]),
    ("__all__ lists other names", ORIGINAL, {"exported": ("Widget",)}, RULES, [(K.ALL_CHANGED, "__all__")]),
    ("the split does not import", {}, {"error": "ImportError: cannot import name 'x'"}, RULES,
     [(K.DOES_NOT_IMPORT, "pkg.core")]),
]


@pytest.mark.parametrize(("after_names", "options", "rules", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_differences(after_names, options, rules, expected) -> None:
    before = snapshot(ORIGINAL)
    after = snapshot(after_names, **options)
    found = compare_snapshots(before, after, rules)
    assert [(d.kind, d.name) for d in found] == expected


def test_before_and_after_values_are_shown_for_people() -> None:
    after = snapshot(_with(loud=replace(LOUD, signature="(text, extra=None)")))
    (difference,) = compare_snapshots(snapshot(ORIGINAL), after, RULES)
    assert (difference.before, difference.after) == ("(text: 'str') -> 'str'", "(text, extra=None)")
    assert difference.as_dict()["kind"] == "signature-changed"


def test_a_name_present_only_in_the_hook_protocol_of_the_original_counts_as_missing() -> None:
    """The original's module `__getattr__` served `lazy`; the split must still serve it."""
    before = snapshot({**ORIGINAL, "lazy": NameFacts("builtins.int")}, dir_names=set(ORIGINAL))
    assert [(d.kind, d.name) for d in compare_snapshots(before, snapshot(ORIGINAL), RULES)] == [
        (K.NAME_MISSING, "lazy")]


IMPORTER_CASES = [
    ("still imports", (ImporterOutcome("tests.test_core"),), (ImporterOutcome("tests.test_core"),), []),
    ("no longer imports", (ImporterOutcome("app"),), (ImporterOutcome("app", "ImportError: x"),),
     [(K.IMPORTER_BROKEN, "app")]),
    ("did not import before either", (ImporterOutcome("app", "ModuleNotFoundError: numpy"),),
     (ImporterOutcome("app", "ModuleNotFoundError: numpy"),), []),
    ("never reached (the probe timed out)", (ImporterOutcome("app"), ImporterOutcome("cli")),
     (ImporterOutcome("app"),), [(K.IMPORTER_BROKEN, "cli")]),
]


@pytest.mark.parametrize(("before", "after", "expected"), [c[1:] for c in IMPORTER_CASES],
                         ids=[c[0] for c in IMPORTER_CASES])
def test_importers(before, after, expected) -> None:
    found = compare_snapshots(snapshot(ORIGINAL, importers=before), snapshot(ORIGINAL, importers=after), RULES)
    assert [(d.kind, d.name) for d in found] == expected


def test_an_original_that_did_not_import_cannot_be_compared() -> None:
    with pytest.raises(ValueError, match="did not import"):
        compare_snapshots(snapshot({}, error="SyntaxError"), snapshot(ORIGINAL), RULES)


def test_every_kind_reads_as_a_sentence_and_has_a_slug() -> None:
    for kind in DifferenceKind:
        assert " " in kind.value and kind.slug == kind.name.lower().replace("_", "-")


def test_the_module_getattr_hook_is_compared_by_presence_only() -> None:
    """The facade wraps the original `__getattr__(name: str)` in its own `__getattr__(name)`: the same hook."""
    hook = NameFacts("builtins.function", "pkg.core", "__getattr__", "(name: 'str')")
    before = snapshot({**ORIGINAL, "__getattr__": hook})
    after = snapshot({**ORIGINAL, "__getattr__": replace(hook, signature="(name)")})
    assert compare_snapshots(before, after, RULES) == ()
