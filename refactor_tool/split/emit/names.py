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
#: `_read_rebound()`: without `__all__`, reading a public global moved code rebinds reads it where it is rebound.
READ_REBOUND = "_read_rebound"
#: `_gather_annotations()`: the facade's `__annotations__`, from the new modules holding annotated globals.
GATHER_ANNOTATIONS = "_gather_annotations"

#: `_named_as_before(...)`: a module typeguard re-reads names what it defined as the old module, at its end.
NAMED_AS_BEFORE = "_named_as_before"
#: `import mod as _loaded_first`: a shim's new private package loads the shim first (see `emit._package_init`).
LOADED_FIRST = "_loaded_first"

#: `if _TYPE_CHECKING:` declares, for type checkers and linters, names the facade binds into a module late.
DECLARED_LATE = "_TYPE_CHECKING"

#: How the docstring of each module a split writes begins (`{module}`: the module split); merge drops
#: such docstrings, keeping the module's own.
MODULE_DOCSTRING = "Split out of `{module}` by refactor-tool"
MAIN_DOCSTRING = "Runs `{module}` as a script (`python -m {module}`)."

#: The helpers above that only wire the package together (ORIGIN_FILE is not one: code reads it).
HELPERS = frozenset({BIND_LATE, FORWARD_PATCHES, SERVE_REBOUND, READ_REBOUND, GATHER_ANNOTATIONS, DECLARED_LATE,
                     NAMED_AS_BEFORE, LOADED_FIRST})

#: Helpers earlier versions of the split wrote; still recognised, so that their splits merge back.
LEGACY_HELPERS = frozenset({
    "_SPLIT_LATE", "_split_module", "_split_names", "_split_name", "_split_home", "_SPLIT_HIDDEN",
    "_LIVE_GLOBALS", "_ORIGINAL_GETATTR", "_SPLIT_MODULES", "_SplitModule",
})

#: What `merge` treats as split wiring.
RECOGNISED = HELPERS | LEGACY_HELPERS


#: Phrases in the docstring of each module a split writes (`{module}`: the module split), by which merge
#: drops them and keeps the module's own: new modules say they were split out of it (earlier versions
#: began "Split out of `{module}` by refactor-tool"); a package's `__main__.py` says it runs it.
SPLIT_OUT_OF = "split out of `{module}`"
MAIN_DOCSTRING = "Runs `{module}` as a script (`python -m {module}`)."
DOCSTRING_PHRASES = (SPLIT_OUT_OF, MAIN_DOCSTRING)
