"""Every name `refactor-tool split` makes up in the code it writes: the one list.

emit writes these names; `merge`, undoing a split, recognises the wiring by them and removes it. A
split that starts writing a new helper name adds it here (tests/refactor_tool/split/emit/test_names.py
fails on a split whose files bind a made-up name missing from this list).
"""

from __future__ import annotations

#: Stands for the old module's `__file__` in moved code that located files through it; merged
#: back, it is `__file__` again.
ORIGIN_FILE = "_ORIGIN_FILE"

#: The facade's late bindings (names a new module uses only inside functions, from a module loaded
#: after it) and the variables of the loop that sets them.
LATE_BINDINGS = "_SPLIT_LATE"
LATE_LOOP = ("_split_module", "_split_names", "_split_name", "_split_home")

#: What the facade's generated `__dir__` leaves out.
HIDDEN = "_SPLIT_HIDDEN"

#: Globals a new module rebinds with `global`, served live by the facade's generated `__getattr__`,
#: and the module's own `__getattr__` that it falls back on.
LIVE_GLOBALS = "_LIVE_GLOBALS"
ORIGINAL_GETATTR = "_ORIGINAL_GETATTR"

#: The facade's module class that repeats a patch of the facade in every new module.
FORWARDED_TO = "_SPLIT_MODULES"
MODULE_CLASS = "_SplitModule"

#: How the docstring of each module a split writes begins (`{module}`: the module split); merge drops
#: such docstrings, keeping the module's own.
MODULE_DOCSTRING = "Split out of `{module}` by refactor-tool"
MAIN_DOCSTRING = "Runs `{module}` as a script (`python -m {module}`)."

#: The helpers above that only wire the package together (ORIGIN_FILE is not one: code reads it).
HELPERS = frozenset(
    {LATE_BINDINGS, *LATE_LOOP, HIDDEN, LIVE_GLOBALS, ORIGINAL_GETATTR, FORWARDED_TO, MODULE_CLASS}
)
