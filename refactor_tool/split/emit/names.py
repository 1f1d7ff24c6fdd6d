"""Every name the split's generated code uses for its own helpers: the one list `merge` reads to undo a split.

The helpers are functions the facade calls once and deletes (nothing of them stays in `dir(module)`);
a statement mentioning one of these names exists only to wire a split package together.
"""

from __future__ import annotations

#: `_bind_late()`: binds names into modules loaded before the code they call only when run.
BIND_LATE = "_bind_late"
#: `_forward_patches()`: setting a name on the facade also sets it in the modules that read it.
FORWARD_PATCHES = "_forward_patches"
#: `_serve_rebound(...)`: a module `__getattr__`/`__dir__` for globals moved code rebinds with `global`.
SERVE_REBOUND = "_serve_rebound"
#: `_gather_annotations()`: the module-level annotations of every new module, on the facade.
GATHER_ANNOTATIONS = "_gather_annotations"
#: Stands in for `__file__` in moved code that located files next to the split module.
ORIGIN_FILE = "_ORIGIN_FILE"

#: Helpers of earlier versions of the split, still recognised so that their splits merge back.
LEGACY = frozenset({
    "_SPLIT_LATE", "_SPLIT_HIDDEN", "_SPLIT_MODULES", "_LIVE_GLOBALS", "_ORIGINAL_GETATTR", "_SplitModule",
    "_split_module", "_split_names", "_split_name", "_split_home",
})

GENERATED = frozenset({BIND_LATE, FORWARD_PATCHES, SERVE_REBOUND, GATHER_ANNOTATIONS}) | LEGACY
