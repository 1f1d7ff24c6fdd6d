"""Setting a name on the facade also sets it in the new modules that use it, as in one module.

Tests and callers patch module globals (`mock.patch("shutil.open")`, `zipfile.ZIP64_LIMIT = 5`);
before the split the patched global was the one the code read. The facade's module object gets a
`ModuleType` subclass whose `__setattr__`/`__delattr__` repeat the change in every new module that
reads or binds that name, so such patches keep reaching the moved code.
"""

from __future__ import annotations

from refactor_tool.codegen.blocks import WIDTH

GENERATED_NAMES = ("_SPLIT_USERS",)


def _tuple(names: tuple[str, ...], indent: str) -> str:
    lines, current = [], indent
    for name in names:
        piece = f"{name!r}, "
        if len(current) + len(piece) > WIDTH and current.strip():
            lines.append(current.rstrip())
            current = indent
        current += piece
    lines.append(current.rstrip())
    return "(\n" + "\n".join(lines) + f"\n{indent[:-4]})"


def forwarding_text(users: dict[str, tuple[str, ...]]) -> str:
    body = "".join(f"    {module!r}: {_tuple(names, '        ')},\n" for module, names in users.items() if names)
    return (
        f"_SPLIT_USERS = {{\n{body}}}\n\n\n"
        'class _SplitModule(__import__("types").ModuleType):\n'
        '    """Patching a name here also patches it where the moved code reads it."""\n\n'
        "    def __setattr__(self, name, value):\n"
        "        super().__setattr__(name, value)\n"
        "        for module, names in _SPLIT_USERS.items():\n"
        "            if name in names:\n"
        '                setattr(__import__("sys").modules[module], name, value)\n\n'
        "    def __delattr__(self, name):\n"
        "        super().__delattr__(name)\n"
        "        for module, names in _SPLIT_USERS.items():\n"
        '            if name in names and name in vars(__import__("sys").modules[module]):\n'
        '                delattr(__import__("sys").modules[module], name)\n\n\n'
        'if __spec__ is not None and __import__("sys").modules.get(__spec__.name) is not None:\n'
        '    __import__("sys").modules[__spec__.name].__class__ = _SplitModule\n'
        "del _SplitModule\n"
    )
