"""Decorators that re-read the source of the module a function names: planning counts what a new module
holding such code adds (`emit.source_readers` writes it).

typeguard's `@typechecked` instruments a function by parsing `inspect.getsource(sys.modules[f.__module__])`
and finding the function there by its qualified name and first line.
"""

from __future__ import annotations

import ast

from refactor_tool.syntax.facts.model import ModuleAnalysis

#: (module, name) of the decorators that read the source of `sys.modules[f.__module__]`.
SOURCE_READERS = frozenset({("typeguard", "typechecked")})


def reader_names(tree: ast.Module) -> frozenset[str]:
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
    return any(name in analysis.source for _, name in SOURCE_READERS) and bool(reader_names(ast.parse(analysis.source)))


RENAMED = '''

# {reason}
__name__ = {name}


def {helper}(values, own):
    """Names what this module's code defined (`__module__` is `own`) as before, with the functions
    and classes of their bodies."""
    pending = list(values)
    while pending:
        value = pending.pop()
        for part in (value, *(getattr(value, a, None) for a in ("__func__", "fget", "fset", "fdel"))):
            if getattr(part, "__module__", None) == own:
                part.__module__ = __name__
                if isinstance(part, type):
                    pending += vars(part).values()


{helper}(list(vars().values()), {own})
del {helper}
'''


#: The lines `emit.source_readers.named_as_before` adds to a module, its comment included.
NAMED_AS_BEFORE_LINES = RENAMED.count("\n") + 3
