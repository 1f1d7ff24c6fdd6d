"""The few mechanisms a facade may need beyond plain re-exports, each only where a statement needs it.

- late bindings: a module loaded first calls names of one loaded after it (only when run): the facade
  binds them there once both are loaded (what the methods of a split class read of its class's module,
  that module binds into their parts itself: `part_bindings`);
- rebound globals: `global counter` in moved code rebinds `counter` in its new module, so the facade
  reads it there (a module `__getattr__`, and a `__dir__` that still lists it);
- patch forwarding: a project file sets a name on the old module (`mock.patch("mod.CRLF")`,
  `mod.socket = fake`); the facade repeats the change in the new modules that read that name (a built-in's
  name, `swap_attr(shutil, "open", ...)`, in all of them);
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
    READ_REBOUND,
    SERVE_REBOUND,
)
from refactor_tool.split.model import Layout, listed
from refactor_tool.split.plan.sizes import wrap_from_import
from refactor_tool.syntax.facts.model import StatementKind
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


def _module_imports(ctx: SplitContext, modules: list[str], avoid: frozenset[str] = frozenset()
                    ) -> list[cst.BaseStatement]:
    """`from . import _a, _b` (a function-local import: the facade's namespace does not change); a module
    whose name is also one of the names in `avoid` is imported as `<name>_module` (see `local_name`)."""
    package = ctx.locations.layout is Layout.PACKAGE
    by_source: dict[str, list[str]] = {}
    for dotted in modules:
        parent, _, short = dotted.rpartition(".")
        source = relative_import(ctx.locations.dotted, package, parent) if parent else ""
        by_source.setdefault(source or ".", []).append(short)
    return [nodes.import_from(source, shorts, renamed={s: local_name(s, avoid) for s in shorts if s in avoid})
            for source, shorts in by_source.items()]


def local_name(short: str, avoid: frozenset[str]) -> str:
    """The name a helper gives module `short`: its own, unless the module's code also has a name `short`
    (bottle's `request` object beside the new module `request`), then `short_module`."""
    name = short
    while name in avoid:
        name += "_module"
    return name


def late_bindings(ctx: SplitContext, late: Mapping[str, Mapping[str, str]]) -> list[cst.BaseStatement]:
    """`_early.name = name` for each name a module loaded earlier calls only when run."""
    if not late:
        return []
    avoid = frozenset(n for names in late.values() for n in names)
    inner: list[cst.BaseStatement] = [*_module_imports(ctx, list(late), avoid)]
    # Names a facade statement may delete (`try: from _datetime import * ... else: del (_EPOCH, ...)`),
    # and names no statement binds, which code may write through `globals()` or never (IPython puts
    # `get_ipython` in builtins): bound where the facade has them, else found where they were.
    deleted = {n for i in ctx.pinned for n in ctx.analysis.statements[i].deletes}
    for dotted, names in late.items():
        for name in names:
            written = name not in ctx.analysis.defined
            value = cst.parse_expression(f'globals()["{name}"]') if written else cst.Name(name)
            binding = nodes.assignment(f"{local_name(dotted.rpartition('.')[2], avoid)}.{name}", value)
            if name in deleted or written:
                binding = cst.If(test=cst.parse_expression(f'"{name}" in globals()'),
                                 body=cst.IndentedBlock(body=[binding]))
            inner.append(binding)
    every = list(dict.fromkeys(n for names in late.values() for n in names))  # a name bound in several modules once
    shown = [f"{n} ({ctx.where(ctx.analysis.defined[n][-1])})" for n in every if n in ctx.analysis.defined][:4]
    more = len(every) - len(shown)
    which = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    text = ("Names modules use only when their code runs and that exist only once every module is loaded "
            f"(importing them earlier would be an import cycle): {which}.")
    return _with_comment(_called_once(BIND_LATE, inner), text)


_SERVE_REBOUND = '''
def {helper}(fallback):
    homes = {homes}

    def __getattr__(name):
        if name in homes:
            from sys import modules

            return getattr(modules[homes[name]], name)
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


_READ_REBOUND = '''
def {helper}():
    from sys import modules as loaded

    module = loaded.get(__name__)
    if module is None or vars(module) is not globals():
        return
    homes = {homes}

    class ReadsReboundGlobals(type(module)):
        def __getattribute__(self, name):
            home = homes.get(name)
            if home is not None and home in loaded:
                return getattr(loaded[home], name)
            return super().__getattribute__(name)

        def __setattr__(self, name, value):
            super().__setattr__(name, value)
            if name in homes and homes[name] in loaded:
                setattr(loaded[homes[name]], name, value)

    module.__class__ = ReadsReboundGlobals


{helper}()
del {helper}
'''


def rebound_in_place(ctx: SplitContext, homes: Mapping[str, str]) -> list[cst.BaseStatement]:
    """Public globals that moved code rebinds with `global`, in a module without `__all__`: they stay
    re-exported here (a star import reads this module's dict), and reading them as attributes of the
    module (`from bottle import DEBUG` after `bottle.debug()`) reads where they are rebound."""
    if not homes:
        return []
    table = cst.Dict([cst.DictElement(nodes.string(n), nodes.string(m)) for n, m in homes.items()])
    module = parse_template_module(_READ_REBOUND, helper=cst.Name(READ_REBOUND), homes=table)
    rebinding = sorted(s.index for s in ctx.analysis.statements if s.rebinds & set(homes))
    where = ", ".join(ctx.where(i) for i in rebinding[:3])
    text = (f"`global` in moved code ({where}) rebinds {', '.join(homes)} in the module it moved to: read as "
            "an attribute of this module, the current value is read there.")
    return _with_comment(list(module.body), text)


_FORWARD_PATCHES = '''
def {helper}():
    from sys import modules as loaded

    module = loaded.get(__name__)
    if module is None or vars(module) is not globals():
        return
    modules = {modules}
@READERS@    forwarded = set()

    def targets(name):
        if name.startswith("__") and name.endswith("__"):
            return []
        found = [loaded.get(m) for m in @SOURCES@]
        return [m for m in found if m is not None
                and (@READ_THERE@name in vars(m) or hasattr(loaded["builtins"], name))]

    class PatchesReachMovedCode(type(module)):
        def __setattr__(self, name, value):
            super().__setattr__(name, value)
            for reader in targets(name):
                setattr(reader, name, value)
                forwarded.add(name)

        def __delattr__(self, name):
            super().__delattr__(name)
            if name in forwarded:
                for reader in targets(name):
                    if name in vars(reader):
                        delattr(reader, name)

        def __reduce__(self):  # picklers find a module's reducer by its type, `module`: by name here too
            from importlib import import_module

            return import_module, (self.__name__,)

    module.__class__ = PatchesReachMovedCode


{helper}()
del {helper}
'''


def settings(ctx: SplitContext, exported: set[str]) -> dict[str, str]:
    """Module settings code outside the project may set (`logging.raiseExceptions = False`,
    `zipfile.ZIP64_LIMIT = ...` in a test): plain assigned globals the facade re-exports that moved code
    reads when called. Setting one on the facade must still change what that code reads."""
    found: dict[str, str] = {}
    exported = exported - {n for i in ctx.pinned for n in ctx.analysis.statements[i].deletes}
    for statement in ctx.analysis.statements:
        if statement.kind is not StatementKind.CODE or statement.definition or statement.index in ctx.pinned:
            continue
        for name in statement.defines:
            if name in exported and not (name.startswith("__") and name.endswith("__")) and any(
                    name in ctx.analysis.statements[i].uses_call for m in ctx.modules for i in ctx.statements[m]):
                found[name] = ""
    return found


def patch_forwarding(ctx: SplitContext, patched: Mapping[str, str]) -> list[cst.BaseStatement]:
    """Setting a name on the facade also sets it in every new module holding it, so the code there
    reads the new value (a name project files set: in every module reading it); written when project
    files set names on the module (`patched`: name -> the statement) or it has settings its users may
    set ("")."""
    wanted = sorted(name for name in patched if ctx.readers(name))
    if not wanted:
        return []
    quoted = [nodes.string(m).value for m in ctx.modules]
    modules = cst.parse_expression(wrap_from_import("_", quoted).partition(" import ")[2].strip()
                                   if len(ctx.modules) > 1 else f"({quoted[0]},)")
    # Names the project's files set are set where they are read, bound there or not (`open`).
    table = cst.Dict([cst.DictElement(nodes.string(name), cst.Tuple(
        [cst.Element(nodes.string(m)) for m in ctx.readers(name)])) for name in wanted if patched[name]])
    # Names the project's files set are sent where they are read; the others to the modules binding them.
    by_reader = bool(table.elements)
    template = (_FORWARD_PATCHES.replace("@READERS@", "    readers = {readers}\n" if by_reader else "")
                .replace("@SOURCES@", "readers.get(name, modules)" if by_reader else "modules")
                .replace("@READ_THERE@", "name in readers or " if by_reader else ""))
    module = parse_template_module(template, helper=cst.Name(FORWARD_PATCHES), modules=modules,
                                   **({"readers": table} if by_reader else {}))
    places = [f"{name} ({patched[name].split(' ', 1)[0]})" for name in wanted if patched[name]]
    own = [name for name in wanted if not patched[name]]
    said = [f"project files set {listed(places, 4)} on `{ctx.locations.dotted}`"] if places else []
    where = [f"{n} ({ctx.where(ctx.analysis.defined[n][-1])})" if n in ctx.analysis.defined else n for n in own]
    said += [f"moved code reads settings its users may set when called: {listed(where, 4)}"] if own else []
    text = ("; ".join(said) + ". Setting a name here also sets it in the modules holding it, whose code "
            "reads it (a built-in's name, `open`, in every one: it shadowed the built-in for all the module's "
            "code).")
    return _with_comment(list(module.body), text[0].upper() + text[1:])


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
