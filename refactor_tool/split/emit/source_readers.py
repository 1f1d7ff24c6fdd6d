"""Decorators that re-read the source of the module a function names, and what a moved module does for them.

typeguard's `@typechecked` instruments a function by parsing `inspect.getsource(sys.modules[f.__module__])`
and finding the function there by its qualified name and first line. Moved code that keeps the old
module name would send it to the facade's source, where the function is not: it stays unchecked (with
a warning). Such a module runs under its own name and gives what it defined the old name at its end
(the decorators and the text: `plan.source_readers`, whose size planning counts).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.split.emit.names import NAMED_AS_BEFORE
from refactor_tool.split.plan.source_readers import RENAMED, reader_names, reads_source
from refactor_tool.syntax.facts.model import Statement


def source_reading_decorator(ctx: SplitContext, statements: Sequence[Statement]) -> str | None:
    """Where the first of `statements` decorated by such a decorator is (`mod.py:12`), if one is."""
    if not ctx.keep_module_name or not reads_source(ctx.analysis):
        return None
    names = reader_names(ast.parse(ctx.analysis.source))
    for statement in statements:  # a part of a class split by its body too: it defines no module name
        tree = ast.parse(ctx.parsed.statement(statement.index, strip_leading=True))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and any(
                    ast.unparse(d.func if isinstance(d, ast.Call) else d) in names for d in node.decorator_list):
                return ctx.where(statement.index)
    return None


def named_as_before(ctx: SplitContext, dotted: str, where: str) -> str:
    """The end of new module `dotted`, whose code runs under its own name for the decorator at `where`."""
    facade = ctx.locations.dotted
    reason = (f"`@typechecked` ({where}) instruments a function by re-reading the source of the module it "
              "names (`__module__`), so the code above ran under this module's own name; what it defined "
              f"now names `{facade}`, the module name moved code keeps.")
    return RENAMED.format(reason="\n# ".join(nodes.wrapped(reason)), name=f'"{facade}"', own=f'"{dotted}"',
                          helper=NAMED_AS_BEFORE)
