"""Setting a name on the facade also sets it in the new modules, as it would in one module.

Tests and callers patch module globals (`mock.patch("shutil.open")`, `zipfile.ZIP64_LIMIT = 5`);
before the split the patched global was the one the code read. The facade's module object gets a
`ModuleType` subclass whose `__setattr__`/`__delattr__` repeat the change in every new module, so
such patches keep reaching the moved code (a module that never reads the name is not affected).
"""

from __future__ import annotations


def forwarding_text(modules: tuple[str, ...]) -> str:
    listed = "".join(f"    {module!r},\n" for module in modules)
    return (
        f"_SPLIT_MODULES = (\n{listed})\n\n\n"
        'class _SplitModule(__import__("types").ModuleType):\n'
        '    """Patching a name here also patches it where the moved code reads it."""\n\n'
        "    def __setattr__(self, name, value):\n"
        "        super().__setattr__(name, value)\n"
        '        if not name.startswith("__"):\n'
        "            for module in _SPLIT_MODULES:\n"
        '                setattr(__import__("sys").modules[module], name, value)\n\n'
        "    def __delattr__(self, name):\n"
        "        super().__delattr__(name)\n"
        "        for module in _SPLIT_MODULES:\n"
        '            if not name.startswith("__") and name in vars(__import__("sys").modules[module]):\n'
        '                delattr(__import__("sys").modules[module], name)\n\n\n'
        'if __spec__ is not None and __import__("sys").modules.get(__spec__.name) is not None:\n'
        '    __import__("sys").modules[__spec__.name].__class__ = _SplitModule\n'
        "del _SplitModule\n"
    )
