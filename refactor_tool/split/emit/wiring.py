"""The few mechanisms a facade may need beyond plain re-exports, each only where a statement needs it.

- late bindings: a module loaded first calls names of one loaded after it (only when run): the facade
  binds them there once both are loaded;
- rebound globals: `global counter` in moved code rebinds `counter` in its new module, so the facade
  reads it there (a module `__getattr__`, and a `__dir__` that still lists it);
- patch forwarding: a project file sets a name on the old module (`mock.patch("mod.CRLF")`,
  `mod.socket = fake`); the facade repeats the change in the new modules that read that name;
- module annotations: `x: int = 1` moved away still shows in the facade's `__annotations__`.

Each is a helper function called once and deleted (see `names`), written with a comment naming the
statement it exists for, so `dir(module)` shows what it showed before.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.helpers import parse_template_module

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.split.emit.names import (
    BIND_LATE,
    FORWARD_PATCHES,
    GATHER_ANNOTATIONS,
    SERVE_REBOUND,
)
from refactor_tool.split.model import Layout
from refactor_tool.syntax.modnames import relative_import


def _with_comment(body: list[cst.BaseStatement], text: str) -> list[cst.BaseStatement]:
    if not body:
        return body
    first = nodes.commented(body[0], *nodes.wrapped(text))
    return [first.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *first.leading_lines]), *body[1:]]


def _called_once(helper: str, inner: list[cst.BaseStatement], result: str | None = None) -> list[cst.BaseStatement]:
    """`def helper(): ...`, then `helper()` (or `result = helper()`), then `del helper`."""
    definition = cst.FunctionDef(name=cst.Name(helper), params=cst.Parameters(),
                                 body=cst.IndentedBlock(body=inner))
    call = cst.Call(func=cst.Name(helper))
    run = (nodes.assignment(result, call) if result is not None
           else cst.SimpleStatementLine(body=[cst.Expr(call)]))
    lines = [cst.EmptyLine(), cst.EmptyLine()]
    return [definition, run.with_changes(leading_lines=lines), nodes.deletion([helper])]


def _module_imports(ctx: SplitContext, modules: list[str]) -> list[cst.BaseStatement]:
    """`from . import _a, _b` (a function-local import: the facade's namespace does not change)."""
    package = ctx.locations.layout is Layout.PACKAGE
    by_source: dict[str, list[str]] = {}
    for dotted in modules:
        parent, _, short = dotted.rpartition(".")
        source = relative_import(ctx.locations.dotted, package, parent) if parent else ""
        by_source.setdefault(source or ".", []).append(short)
    return [nodes.import_from(source, shorts) for source, shorts in by_source.items()]


def late_bindings(ctx: SplitContext, late: Mapping[str, Mapping[str, str]]) -> list[cst.BaseStatement]:
    """`_early.name = name` for each name a module loaded earlier calls only when run."""
    if not late:
        return []
    inner: list[cst.BaseStatement] = [*_module_imports(ctx, list(late))]
    for dotted, names in late.items():
        for name in names:
            written = name not in ctx.analysis.defined
            value = cst.parse_expression(f'globals()["{name}"]') if written else cst.Name(name)
            inner.append(nodes.assignment(f"{dotted.rpartition('.')[2]}.{name}", value))
    every = list(dict.fromkeys(n for names in late.values() for n in names))  # a name bound in several modules once
    shown = [f"{n} ({ctx.where(ctx.analysis.defined[n][-1])})" for n in every if n in ctx.analysis.defined][:4]
    more = len(every) - len(shown)
    listed = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    text = ("Names modules use only when their code runs and that exist only once every module is loaded "
            f"(importing them earlier would be an import cycle): {listed}.")
    return _with_comment(_called_once(BIND_LATE, inner), text)


_SERVE_REBOUND = '''
def {helper}(fallback):
    homes = {homes}

    def __getattr__(name):
        if name in homes:
            import sys

            return getattr(sys.modules[homes[name]], name)
        if fallback is not None:
            return fallback(name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__():
        return sorted({listed})

    return __getattr__, __dir__
'''


def rebound_globals(ctx: SplitContext, live: Mapping[str, str]) -> list[cst.BaseStatement]:
    """A module `__getattr__` (chained to the original's) serving `live` names from where code rebinds them."""
    if not live:
        return []
    own_getattr, own_dir = "__getattr__" in ctx.analysis.defined, "__dir__" in ctx.analysis.defined
    homes = cst.Dict([cst.DictElement(nodes.string(n), nodes.string(m)) for n, m in live.items()])
    hidden = [n for n, own in (("__getattr__", own_getattr), ("__dir__", own_dir)) if not own]
    hidden_names = ", ".join(f'"{name}"' for name in hidden)
    listed = "{*globals(), *homes}" + (f" - {{{hidden_names}}}" if hidden else "")  # {} would be a dict
    module = parse_template_module(_SERVE_REBOUND, helper=cst.Name(SERVE_REBOUND), homes=homes,
                                   listed=cst.parse_expression(listed))
    fallback = "__getattr__" if own_getattr else "None"
    targets = "__getattr__, __dir__" if not own_dir else "__getattr__, _"
    body = [*module.body,
            cst.parse_statement(f"{targets} = {SERVE_REBOUND}({fallback})\n").with_changes(
                leading_lines=[cst.EmptyLine(), cst.EmptyLine()]),
            nodes.deletion([SERVE_REBOUND, *(["_"] if own_dir else [])])]
    rebinding = sorted(s.index for s in ctx.analysis.statements if s.rebinds & set(live))
    where = ", ".join(ctx.where(i) for i in rebinding[:3])
    text = (f"`global` in moved code ({where}) rebinds {', '.join(live)} in the module it moved to: "
            "read here, the current value is read there.")
    return _with_comment(body, text)


_FORWARD_PATCHES = '''
def {helper}():
    import sys
    import types

    readers = {readers}

    class PatchesReachMovedCode(types.ModuleType):
        def __setattr__(self, name, value):
            super().__setattr__(name, value)
            for module in readers.get(name, ()):
                setattr(sys.modules[module], name, value)

        def __delattr__(self, name):
            super().__delattr__(name)
            for module in readers.get(name, ()):
                if name in vars(sys.modules[module]):
                    delattr(sys.modules[module], name)

    module = sys.modules.get(__name__)
    if module is not None and vars(module) is globals():
        module.__class__ = PatchesReachMovedCode


{helper}()
del {helper}
'''


def patch_forwarding(ctx: SplitContext, patched: Mapping[str, str]) -> list[cst.BaseStatement]:
    """Setting one of `patched` on the facade also sets it in the new modules that read it."""
    readers = {name: ctx.readers(name) for name in sorted(patched)}
    readers = {name: modules for name, modules in readers.items() if modules}
    if not readers:
        return []
    table = cst.Dict([
        cst.DictElement(nodes.string(name), cst.Tuple([cst.Element(nodes.string(m)) for m in modules]))
        for name, modules in readers.items()
    ])
    module = parse_template_module(_FORWARD_PATCHES, helper=cst.Name(FORWARD_PATCHES), readers=table)
    places = ", ".join(f"{name} ({patched[name].split(' ', 1)[0]})" for name in readers)
    text = (f"Project files set these names on `{ctx.locations.dotted}`: {places}. Setting one here also "
            "sets it in the modules whose code reads it.")
    return _with_comment(list(module.body), text)


def gathered_annotations(ctx: SplitContext, modules: list[str]) -> list[cst.BaseStatement]:
    """`__annotations__` of the facade: those of every new module with module-level annotations."""
    if not modules:
        return []
    shorts = [m.rpartition(".")[2] for m in modules]
    merged = cst.Dict([cst.StarredDictElement(cst.Attribute(cst.Name(s), cst.Name("__annotations__")))
                       for s in shorts])
    inner = [*_module_imports(ctx, modules), cst.SimpleStatementLine([cst.Return(merged)])]
    first = min(i for m in modules for i in ctx.statements[m] if ctx.analysis.statements[i].annotates)
    text = (f"Annotated module globals ({ctx.where(first)}) give the module an `__annotations__`: here those "
            "of the modules they moved to.")
    return _with_comment(_called_once(GATHER_ANNOTATIONS, inner, "__annotations__"), text)
