"""Every name `refactor-tool split` makes up in the code it writes: the one list.

emit writes these names; `merge`, undoing a split, recognises the wiring by them and removes it. A
split that starts writing a new helper name adds it here (tests/refactor_tool/split/emit/test_names.py
fails on a split whose files bind a made-up name missing from this list).

The helpers are functions the facade calls once and deletes, so none of them stays in `dir(module)`;
a statement that mentions one exists only to wire a split package together.
"""

from __future__ import annotations

#: Stands for the old module's `__file__` in moved code that located files through it; merged
#: back, it is `__file__` again.
ORIGIN_FILE = "_ORIGIN_FILE"

#: `_bind_late()`: binds names into new modules loaded before the code they call only when run.
BIND_LATE = "_bind_late"
#: `_forward_patches()`: setting a name on the facade also sets it in the new modules that read it
#: (only names the project's files are seen to set).
FORWARD_PATCHES = "_forward_patches"
#: `_serve_rebound(...)`: the facade's `__getattr__`/`__dir__` for globals moved code rebinds with `global`.
SERVE_REBOUND = "_serve_rebound"
#: `_gather_annotations()`: the facade's `__annotations__`, from the new modules holding annotated globals.
GATHER_ANNOTATIONS = "_gather_annotations"

#: `if _TYPE_CHECKING:` declares, for type checkers and linters, names the facade binds into a module late.
DECLARED_LATE = "_TYPE_CHECKING"

#: The helpers above that only wire the package together (ORIGIN_FILE is not one: code reads it).
HELPERS = frozenset({BIND_LATE, FORWARD_PATCHES, SERVE_REBOUND, GATHER_ANNOTATIONS, DECLARED_LATE})

#: Helpers earlier versions of the split wrote; still recognised, so that their splits merge back.
LEGACY_HELPERS = frozenset({
    "_SPLIT_LATE", "_split_module", "_split_names", "_split_name", "_split_home", "_SPLIT_HIDDEN",
    "_LIVE_GLOBALS", "_ORIGINAL_GETATTR", "_SPLIT_MODULES", "_SplitModule",
})

#: What `merge` treats as split wiring.
RECOGNISED = HELPERS | LEGACY_HELPERS


def generated_docstring(text: str, module: str) -> bool:
    """Whether `text` is a docstring a split of `module` wrote for a module it created (merge drops them)."""
    return f"split out of `{module}`" in " ".join(text.split()).lower() or text.startswith(f"Runs `{module}` as a script")
