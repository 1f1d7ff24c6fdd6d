"""How the facade writes its re-exports: as a person would for the project's type checkers.

A name the facade imports only for its users reads as unused to linters. Where the package ships
`py.typed` (PEP 561), pyright (`reportPrivateImportUsage`) and mypy take an import in it for private
unless written `from ._units import A as A` (or listed in `__all__`), and so does mypy everywhere under
`--no-implicit-reexport` (part of `--strict`): there each such name is written that way. Elsewhere no
tool needs more than ruff does, so the names are imported plainly, packed as any import, with
`# noqa: F401` on the statement's first line (`from ._units import (  # noqa: F401`). An `__all__` the
original did not have would change what `from mod import *` and `help(mod)` give, so none is added.
"""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path

import libcst as cst

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.conditions import mirrored_imports
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.split.emit.new_module import guarded_imports
from refactor_tool.split.emit.reexports import NOQA, marked_statements
from refactor_tool.split.model import Layout
from refactor_tool.syntax.modnames import relative_import

#: mypy's configuration files, in the order it reads them, and the section naming its options there.
_MYPY_FILES = (("mypy.ini", "mypy"), (".mypy.ini", "mypy"), ("pyproject.toml", ""), ("setup.cfg", "mypy"))


def _truth(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on", "false", "0", "no", "off"):
        return value.strip().lower() in ("true", "1", "yes", "on")
    return None


def _mypy_options(folder: Path) -> dict[str, object] | None:
    """The `[mypy]` options of the first configuration file mypy would read in `folder`, if any."""
    for name, section in _MYPY_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if not section:
                found = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("mypy")
                if isinstance(found, dict):
                    return found
                continue
            parser = configparser.ConfigParser()
            parser.read(path, encoding="utf-8")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, configparser.Error):
            continue
        if parser.has_section(section):
            return dict(parser.items(section))
    return None


def _mypy_reexports_explicitly(start: Path) -> bool:
    """Whether the project's mypy (its configuration in `start` or a folder above, up to the repository
    root) runs without implicit re-exports: `strict`, `implicit_reexport = false`, `no_implicit_reexport`."""
    for folder in (start, *start.parents):
        options = _mypy_options(folder)
        if options is not None:
            implicit = _truth(options.get("implicit_reexport"))
            if implicit is None and _truth(options.get("no_implicit_reexport")) is not None:
                implicit = not _truth(options.get("no_implicit_reexport"))
            return not implicit if implicit is not None else bool(_truth(options.get("strict")))
        if (folder / ".git").exists():
            return False
    return False


def explicit_reexports(source: Path) -> bool:
    """Whether the re-exports of a split of `source` are written `A as A` (see the module docstring)."""
    folder = source.parent
    while (folder / "__init__.py").is_file():
        if (folder / "py.typed").is_file():
            return True
        folder = folder.parent
    return _mypy_reexports_explicitly(source.parent)


def reexport(ctx: SplitContext, dotted: str, names: list[str], listed: set[str]) -> list[cst.BaseStatement]:
    """`from ._units import A, B` for names in `listed` (the facade's `__all__` uses them); for the
    others the same marked as re-exports: `from ._units import _c as _c` where type checkers need it
    (`SplitContext.explicit_reexports`), else `# noqa: F401` on the statement. Names bound on some paths
    only are imported where they exist."""
    package = ctx.locations.layout is Layout.PACKAGE
    module = relative_import(ctx.locations.dotted, package, dotted)
    unlisted = frozenset(n for n in names if n not in listed)
    marked = unlisted if ctx.explicit_reexports else frozenset()
    missing = ctx.missing_in(dotted, names)
    sure = [n for n in names if n not in missing]
    maybe = [n for n in names if n in missing]
    reserve = len(f"  {NOQA}") if unlisted and not marked else 0
    found: list[cst.BaseStatement] = [nodes.import_from(module, sure, marked=marked, reserve=reserve)] if sure else []
    if maybe:
        mirrored, rest = mirrored_imports(ctx, module, maybe, marked=marked)
        found += mirrored + (guarded_imports(module, rest, ctx, marked=marked) if rest else [])
    if marked or not unlisted or not found:
        return found
    return marked_statements(found, unlisted)
