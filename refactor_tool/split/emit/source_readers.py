"""Decorators that re-read the source of the module a function names, and what a moved module does for them.

typeguard's `@typechecked` instruments a function by parsing `inspect.getsource(sys.modules[f.__module__])`
and finding the function there by its qualified name and first line. Moved code that keeps the old
module name would send it to the facade's source, where the function is not: it stays unchecked (with
a warning). Such a module runs under its own name and gives what it defined the old name at its end.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement

#: (module, name) of the decorators that read the source of `sys.modules[f.__module__]`.
SOURCE_READERS = frozenset({("typeguard", "typechecked")})


def _reader_names(tree: ast.Module) -> frozenset[str]:
    """How the module spells those decorators: `typechecked` (`from typeguard import typechecked`),
    `typeguard.typechecked` (`import typeguard`), with their aliases."""
    found = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.update(a.asname or a.name for a in node.names if (node.module, a.name) in SOURCE_READERS)
        elif isinstance(node, ast.Import):
            found.update(f"{a.asname or a.name}.{name}" for a in node.names for module, name in SOURCE_READERS
                         if a.name == module)
    return frozenset(found)


def reads_source(analysis: ModuleAnalysis) -> bool:
    """Whether the module imports such a decorator (its new modules may need `named_as_before`)."""
    return any(name in analysis.source for _, name in SOURCE_READERS) and bool(_reader_names(ast.parse(analysis.source)))


def source_reading_decorator(ctx: SplitContext, statements: Sequence[Statement]) -> str | None:
    """Where the first of `statements` decorated by such a decorator is (`mod.py:12`), if one is."""
    if not ctx.keep_module_name or not reads_source(ctx.analysis):
        return None
    names = _reader_names(ast.parse(ctx.analysis.source))
    for statement in statements:  # a part of a class split by its body too: it defines no module name
        tree = ast.parse(ctx.parsed.statement(statement.index, strip_leading=True))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and any(
                    ast.unparse(d.func if isinstance(d, ast.Call) else d) in names for d in node.decorator_list):
                return ctx.where(statement.index)
    return None


_RENAMED = '''

# {reason}
__name__ = {name}


def _named_as_before(values, own):
    """Names what this module's code defined (`__module__` is `own`) as before, with the functions
    and classes of their bodies."""
    for value in values:
        for part in (value, *(getattr(value, a, None) for a in ("__func__", "fget", "fset", "fdel"))):
            if getattr(part, "__module__", None) == own:
                part.__module__ = __name__
                if isinstance(part, type):
                    _named_as_before(list(vars(part).values()), own)


_named_as_before(list(vars().values()), {own})
del _named_as_before
'''


#: The lines `named_as_before` adds to a module, its comment included (planning counts them).
NAMED_AS_BEFORE_LINES = _RENAMED.count("\n") + 3


def named_as_before(ctx: SplitContext, dotted: str, where: str) -> str:
    """The end of new module `dotted`, whose code runs under its own name for the decorator at `where`."""
    facade = ctx.locations.dotted
    reason = (f"`@typechecked` ({where}) instruments a function by re-reading the source of the module it "
              "names (`__module__`), so the code above ran under this module's own name; what it defined "
              f"now names `{facade}`, the module name moved code keeps.")
    return _RENAMED.format(reason="\n# ".join(nodes.wrapped(reason)), name=f'"{facade}"', own=f'"{dotted}"')
