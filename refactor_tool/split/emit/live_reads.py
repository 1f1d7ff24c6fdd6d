"""Globals rebound with `global` and read elsewhere: a function in another new module reads them from home.

`def debug(mode): global DEBUG; DEBUG = bool(mode)` rebinds `DEBUG` in the module `debug` moved to; a
function of another new module that imported `DEBUG` would keep the value it had then. So that module
imports the home module and its functions read `_settings.DEBUG` (what a person would write for a
setting others change); reads while the module loads keep the imported name. The facade reads the
same names live for its users (`rebound_globals`, `rebound_in_place`).

Methods of a split class that code run while the package loads calls (`Statement.uses_while_loading`:
enum's `EnumType.__new__`, run by `class Enum(metaclass=EnumType)`) cannot wait for the facade's late
binding either: what they read from a module loaded after theirs, or a name bound more than once
(`Enum = None` before `class Enum`), they read there. A module loaded after theirs may be the one that
runs them (`class Flag(Enum)` in `enum._flag`, still loading): importing it would load it too early, so
they find it loaded when called (`_flag().Flag`, `_flag` returning `sys.modules["enum._flag"]`).
A name bound once (`check` in `forms._check`, read by `Alias.__init__` in `forms._alias`, loaded
first) is instead written into the reader by its home right after binding it (`_alias.check = check`):
`sys.modules` holds another copy of the package after `import_fresh_module`, the binding does not.

A function that reads its module's names by a key when called (typing's `globals()[self._name]`) reads
them from the facade the same way (`vars(_typing())[self._name]`), where every name is once loaded.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.helpers import parse_template_statement

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.split.emit.part_bindings import (
    as_class_loads_them,
    bound_after,
    class_home,
    part_classes,
    part_names,
)
from refactor_tool.split.emit.wiring import local_name
from refactor_tool.syntax.facts.model import Statement
from refactor_tool.syntax.modnames import relative_import
from refactor_tool.syntax.source import source_lines

#: every word that can be a Python identifier (more than the names bound: a string's words too, which costs only
#: a longer alias when one of them is the home module's name)
_IDENTIFIER = re.compile(r"[^\W\d]\w*")


_CLASS = re.compile(r"^class (\w+)", re.MULTILINE)


_LOADED = """
def {name}():
    from sys import modules

    return modules[{dotted}]
"""


@dataclass(frozen=True, slots=True)
class LiveReads:
    """For one new module: name -> how it reaches its home module (`_settings`, `_flag()`); the imports of those modules
    (`early`: loaded before this one, imported at the top; `later`: imported at the end, once this
    module's names exist for them)."""

    homes: dict[str, str]
    early: tuple[cst.BaseStatement, ...]
    later: tuple[cst.BaseStatement, ...]
    #: what `globals()` in functions of `Statement.namespace_readers` reads instead (`vars(_typing())`)
    namespace: str | None = None
    #: names a module loaded later binds here right after binding them (see `bound_into`): read as globals
    given: frozenset[str] = frozenset()
    #: statement index here -> what follows it: `_alias.check = check` for modules loaded earlier
    hand_over: dict[int, tuple[cst.BaseStatement, ...]] = field(default_factory=dict)


def _facade_namespace(ctx: SplitContext, statements: Sequence[Statement], own: frozenset[str]
                      ) -> tuple[str | None, list[cst.BaseStatement]]:
    """The expression for the facade module, and its helper, where a statement reads names by key from
    `globals()` when called; the comment names the first such call."""
    readers = [s for s in statements if s.namespace_readers]
    if not readers:
        return None, []
    facade = ctx.locations.dotted
    # One leading underscore: `__dill()` in a method of a class would be mangled (`_Alias__dill`).
    local = local_name("_" + facade.rpartition(".")[2].lstrip("_"), own)
    text = "".join(source_lines(ctx.analysis.source)[readers[0].start - 1: readers[0].end])
    line = readers[0].start - 1 + min(n.lineno for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call)
                                      and isinstance(n.func, ast.Name) and n.func.id == "globals")
    where = f"{ctx.locations.source.name}:{line}"
    qualified = ", ".join(f"{s.defines[0]}.{n}" if s.definition == "class" else n
                          for s in readers for n in s.namespace_readers)
    helper = parse_template_statement(_LOADED, name=cst.Name(local), dotted=nodes.string(facade))
    comment = (f"Names read by key from `globals()` ({where}) by {qualified}: found in the facade, "
               f"`{facade}`, which holds them all once loaded.")
    return f"{local}()", [nodes.commented(helper.with_changes(leading_lines=[]), *nodes.wrapped(comment))]


def given_later(ctx: SplitContext, reader: str) -> frozenset[str]:
    """Names code of `reader` reads when run while the package loads, bound once by a module loaded after
    it, for sure (not on some paths only, never deleted nor rebound): that module binds them here."""
    statements = [ctx.analysis.statements[i] for i in ctx.statements.get(reader, ())]
    own = {n for s in statements for n in s.defines}
    # A part of a split class compiles its methods in a class of the same name (`class Meta:`): not this one.
    own.update(m.group(1) for s in statements for m in _CLASS.finditer(ctx.parsed.statement(s.index)))
    changed = {n for s in ctx.analysis.statements for n in (*s.rebinds, *s.deletes)}
    defined, position = ctx.analysis.defined, ctx.position(reader)
    return frozenset(n for s in statements for n in s.uses_while_loading
                     if n not in own and n not in changed and n not in ctx.conditional
                     and len(defined.get(n, ())) == 1 and ctx.owner.get(n, reader) != reader
                     and ctx.position(ctx.owner[n]) > position)


def bound_into(ctx: SplitContext, dotted: str, own: frozenset[str]
               ) -> tuple[list[cst.BaseStatement], dict[int, tuple[cst.BaseStatement, ...]]]:
    """The imports of the modules loaded before `dotted` that read names it binds when run while the package
    loads (`given_later`), and of the part modules of its split classes reading its names when called
    (`part_bindings`); after each statement binding one, `_alias.check = check` for each."""
    earlier = ctx.modules[:ctx.position(dotted)]
    running = {r: sorted(n for n in given_later(ctx, r) if ctx.owner[n] == dotted) for r in earlier}
    first = {n: indexes[0] for n, indexes in ctx.analysis.defined.items()}
    parts = {r: sorted(names, key=lambda n: (first[n], n)) for r in earlier
             if class_home(ctx, r) == dotted and (names := part_names(ctx, r))}
    wanted = {r: names for r, names in [*running.items(), *parts.items()] if names}
    if not wanted:
        return [], {}
    # A class statement names its parts' modules (`from ._engine_pl import ...`) and binds no such name.
    bound = frozenset(n for i in ctx.statements[dotted] for n in (*ctx.analysis.statements[i].defines,
                                                                  *ctx.analysis.statements[i].uses))
    local = {r: local_name(r.rpartition(".")[2], bound if r in parts else own) for r in wanted}
    imports: list[cst.BaseStatement] = []
    for reader in [r for r in wanted if r not in parts]:
        text = (f"Loaded before this module, its code run while the package loads reads "
                f"{', '.join(wanted[reader])}: bound there below, once bound here.")
        imports.append(nodes.commented(_sibling_imports(dotted, [reader], local)[0], *nodes.wrapped(text)))
    if readers := as_class_loads_them(ctx, [r for r in wanted if r in parts]):
        classes = sorted({n for r in readers for i in part_classes(ctx, r) for n in ctx.analysis.statements[i].defines})
        text = (f"Modules defining methods of {', '.join(f'`{c}`' for c in classes)} (its class statement binds "
                "them), which read names of this module when called: each is bound there below, once the class "
                "and the name exist.")
        found = _sibling_imports(dotted, readers, local)
        imports += [nodes.commented(found[0], *nodes.wrapped(text)), *found[1:]]
    after: dict[int, list[cst.BaseStatement]] = {}
    for reader, names in wanted.items():
        for name in names:
            index = bound_after(ctx, reader, name) if reader in parts else ctx.analysis.defined[name][0]
            after.setdefault(index, []).append(nodes.assignment(f"{local[reader]}.{name}", cst.Name(name)))
    return imports, {i: tuple(found) for i, found in after.items()}


def _sibling_imports(dotted: str, modules: list[str], local: dict[str, str]) -> list[cst.SimpleStatementLine]:
    """`from . import _alias, _check`, one a parent package, each module as its local name."""
    by_parent: dict[str, list[str]] = {}
    for module in modules:
        by_parent.setdefault(module.rpartition(".")[0], []).append(module)
    found = []
    for parent, held in by_parent.items():
        shorts = [m.rpartition(".")[2] for m in held]
        renamed = {s: local[m] for s, m in zip(shorts, held, strict=True) if local[m] != s}
        found.append(nodes.import_from(relative_import(dotted, False, parent), shorts, renamed=renamed or None))
    return found


def binders(ctx: SplitContext, late: dict[str, list[str]], given: frozenset[str]) -> str:
    """Who binds a module's late names, for its comment: the modules binding names `given_later`, the facade."""
    by = [h for h, names in late.items() if h != ctx.locations.dotted and set(names) & given]
    when = f"`{ctx.locations.dotted}` once every module is loaded"
    if not by:
        return when
    rest = any(h == ctx.locations.dotted or set(names) - given for h, names in late.items())
    found = ", ".join(f"`{h}`" for h in by) + (" as soon as it binds them" if len(by) == 1 else
                                               " as soon as they bind them")
    return found + (f", or by {when}" if rest else "")


def live_reads(ctx: SplitContext, dotted: str, statements: Sequence[Statement], needed: set[str]) -> LiveReads:
    """The rebound globals that code of `dotted` reads when called and that live in another new module."""
    rebound = {n for s in ctx.analysis.statements for n in s.rebinds}
    when_called = {n for s in statements for n in (*s.uses_call, *s.uses_when_called)}
    defined = ctx.analysis.defined
    position = ctx.position(dotted)
    given = (given_later(ctx, dotted) & needed) | part_names(ctx, dotted)
    loading = {n for s in statements for n in s.uses_while_loading if n in ctx.owner and n not in given
               and (len(defined.get(n, ())) > 1 or ctx.position(ctx.owner[n]) > position)}
    read_live = sorted(needed & ((rebound & when_called) | loading))
    # The home module's local name must not be any name the module's code binds or reads, its functions'
    # parameters and locals included (`def snapshot_to_dict(ledger)` beside the home module `ledger`).
    own = {n for s in statements for n in (*s.defines, *s.uses)}
    own.update(w for s in statements for w in _IDENTIFIER.findall(ctx.parsed.statement(s.index)))
    namespace, facade = _facade_namespace(ctx, statements, frozenset(own))
    handing, hand_over = bound_into(ctx, dotted, frozenset(own))
    if not read_live:
        return LiveReads({}, tuple(handing), tuple(facade), namespace, given, hand_over)
    homes: dict[str, str] = {}
    modules: dict[str, str] = {}
    for name in read_live:
        home = ctx.owner.get(name)
        if home is None or home == dotted:
            continue
        modules[home] = local_name(home.rpartition(".")[2], frozenset(own))
        homes[name] = modules[home]
    lazy = {modules[ctx.owner[n]] for n in loading if n in homes and ctx.position(ctx.owner[n]) > position}
    homes = {n: f"{m}()" if m in lazy else m for n, m in homes.items()}
    early: list[cst.BaseStatement] = []
    later: list[cst.BaseStatement] = []
    for home, local in modules.items():
        parent, _, short = home.rpartition(".")
        statement = nodes.import_from(relative_import(dotted, False, parent), [short],
                                      renamed={short: local} if local != short else None)
        if local in lazy:
            statement = parse_template_statement(_LOADED, name=cst.Name(local), dotted=nodes.string(home)
                                                 ).with_changes(leading_lines=[])
        held = [n for n, m in homes.items() if m.removesuffix("()") == local]
        rebinding = sorted(s.index for s in ctx.analysis.statements if s.rebinds & set(held))
        if rebinding:
            text = f"{', '.join(held)}: rebound with `global` ({ctx.where(rebinding[0])}); read there when called."
        else:
            first = min((defined[n][-1] for n in held), default=0)
            text = (f"{', '.join(held)}: bound there while the package loads ({ctx.where(first)}), when methods "
                    "here may already run; read there when called" + (", from the module loaded by then."
                                                                       if local in lazy else "."))
        statement = nodes.commented(statement, *nodes.wrapped(text))
        if local in lazy and later:  # two blank lines between functions
            statement = statement.with_changes(leading_lines=[cst.EmptyLine()] * 2 + list(statement.leading_lines))
        (early if ctx.position(home) < ctx.position(dotted) else later).append(statement)
    if later and facade:  # two blank lines between functions
        facade = [facade[0].with_changes(leading_lines=[cst.EmptyLine()] * 2 + list(facade[0].leading_lines))]
    return LiveReads(homes, tuple([*early, *handing]), tuple([*later, *facade]), namespace, given, hand_over)
