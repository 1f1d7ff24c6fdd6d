"""The text of one new module: its docstring, exactly the imports it uses, then its statements as written.

Names from sibling modules are imported from them; a name that exists only on some paths (`try: import
ssl`) is imported on the same terms; a name from a module loaded later (the two use each other only
when called) is bound by the facade once everything is loaded, and declared for linters under
`TYPE_CHECKING`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst
from libcst.helpers import parse_template_expression

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.blocks import assemble
from refactor_tool.split.emit.context import MODULE_BUILTINS, SplitContext
from refactor_tool.split.emit.docstrings import main_docstring, module_docstring
from refactor_tool.split.emit.live_reads import binders, live_reads
from refactor_tool.split.emit.names import DECLARED_LATE, ORIGIN_FILE
from refactor_tool.split.emit.reexports import (
    bound_by_imports,
    copied_star,
    kept_import,
    marked_unused,
    read_names,
)
from refactor_tool.split.emit.source_readers import named_as_before, source_reading_decorator
from refactor_tool.split.frames import calls_at_import
from refactor_tool.split.plan.source_readers import reads_source
from refactor_tool.split.plan.units import name_setters, shared_all
from refactor_tool.syntax.facts.model import StatementKind
from refactor_tool.syntax.modnames import relative_import, resolve


@dataclass(frozen=True, slots=True)
class ModuleText:
    text: str
    #: Sibling modules imported at the top.
    imports_from: tuple[str, ...]
    #: Names bound into this module by the facade once every module is loaded -> where they live
    #: (another new module, or the facade itself for names its code writes through `globals()`).
    late: dict[str, str]
    #: Imports of the original's project modules made after its first definitions (indexes) that this
    #: module makes at its top: such a module may import the split module back while this one loads.
    loads_back: tuple[int, ...] = ()


def _depth(package: str) -> int:
    return len(package.split(".")) if package else 0


def guarded_imports(module: str, names: list[str], ctx: SplitContext, *,
                    marked: frozenset[str] = frozenset()) -> list[cst.BaseStatement]:
    """`try: from module import name / except ImportError: pass` for each name bound on some paths only
    (one statement each: names of different branches never all exist)."""
    deciding = sorted({ctx.conditional[n] for n in names})
    where = ", ".join(ctx.where(i) for i in deciding)
    found: list[cst.BaseStatement] = []
    for name in names:
        statement = nodes.import_from(module, [name], marked=marked)
        handler = cst.ExceptHandler(body=cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Pass()])]),
                                    type=cst.Name("ImportError"))
        found.append(cst.Try(body=cst.IndentedBlock(body=[statement]), handlers=[handler]))
    text = f"Bound only on some paths ({where}), so imported only where they exist."
    found[0] = nodes.commented(found[0], *nodes.wrapped(text))
    return found


def sibling_imports(module: str, names: list[str], ctx: SplitContext, home: str) -> list[cst.BaseStatement]:
    """`from module import names`, the names new module `home` may not bind each guarded."""
    missing = ctx.missing_in(home, names)
    sure = [n for n in names if n not in missing]
    maybe = [n for n in names if n in missing]
    found: list[cst.BaseStatement] = [nodes.import_from(module, sure)] if sure else []
    if maybe:
        found += guarded_imports(module, maybe, ctx)
    return found


def _imports_typing(source: str) -> bool:
    """Whether the module imports `typing` when it loads. Only then may its new modules import it: for
    one `typing` itself imports (`enum`, `re`, `functools`) a new import of `typing` is an import cycle."""
    pending = list(ast.parse(source).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import) and any(a.name == "typing" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "typing" and not node.level:
            return True
        if isinstance(node, (ast.If, ast.Try, ast.With)):
            pending += [*node.body, *getattr(node, "orelse", ()), *getattr(node, "finalbody", ()),
                        *(s for h in getattr(node, "handlers", ()) for s in h.body)]
    return False


def _late_declaration(late: dict[str, list[str]], dotted: str, is_package: bool,
                      ctx: SplitContext, deferred: list[str], given: frozenset[str] = frozenset()
                      ) -> list[cst.BaseStatement]:
    """`if TYPE_CHECKING: from .later import name`: true for type checkers and linters; at run time the
    facade binds the names once every module is loaded (see `wiring.late_bindings`), or the module binding
    them does as soon as it has (`live_reads.given_later`: `given`). `deferred` are
    the original's own imports of such names."""
    imports: list[cst.BaseStatement] = [cst.parse_statement(text) for text in deferred]
    spelled = {n for s in imports for n in _bound_names(s)}
    static = {home: [n for n in names if n in ctx.analysis.defined and n not in spelled]
              for home, names in late.items()}
    imports += [nodes.import_from(relative_import(dotted, is_package, home), names)
                for home, names in static.items() if names]
    if not imports:
        return []
    # typeguard takes the names of a `typing.TYPE_CHECKING` block for annotations only, and checks nothing
    # against them (typeguard#353): where it re-reads this module, the flag is not typing's.
    reader = reads_source(ctx.analysis)
    meaning = "typing.TYPE_CHECKING, but not seen as it by typeguard" if reader else "typing.TYPE_CHECKING"
    found: list[cst.BaseStatement] = [cst.parse_statement(f"{DECLARED_LATE} = False  # {meaning}\n")]
    if _imports_typing(ctx.analysis.source) and not reader:
        found = [nodes.import_from("typing", ["TYPE_CHECKING"], renamed={"TYPE_CHECKING": DECLARED_LATE})]
    block = cst.If(test=cst.Name(DECLARED_LATE), body=cst.IndentedBlock(body=imports))
    text = (f"Bound here by {binders(ctx, late, given)} (imported at the top they "
            "would make an import cycle); used only when called. Declared for type checkers and linters.")
    found.append(nodes.commented(block, *nodes.wrapped(text), blank=True))
    return found


def _shared_all(ctx: SplitContext, dotted: str, statements: list, shared: int) -> list[cst.BaseStatement]:
    """`from . import __all__`: the facade's own list, which code here extends while it loads."""
    statement = nodes.import_from(relative_import(dotted, False, ctx.locations.dotted), ["__all__"])
    users = [s.index for s in statements if "__all__" in s.uses]
    text = (f"The list `{ctx.locations.dotted}` exports ({ctx.where(shared)}), extended here "
            f"({', '.join(ctx.where(i) for i in users[:3])}).")
    return [nodes.commented(statement, *nodes.wrapped(text))]


_CODE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _defines_code(ctx: SplitContext, statement) -> bool:
    """A statement that is no definition yet makes functions or classes (`if ...: def f()`, the part
    of a class split by its body): they take their `__module__` from `__name__` too."""
    if statement.kind is not StatementKind.CODE:
        return False
    tree = ast.parse(ctx.parsed.statement(statement.index, strip_leading=True))
    return any(isinstance(node, _CODE_NODES) for node in ast.walk(tree))


def _calls_caller_namer(ctx: SplitContext, statement) -> bool:
    """`_UNSET = make_sentinel(var_name='_UNSET')`, `Point = namedtuple(...)`: called while the module
    loads, what it makes takes `__name__` of the module it runs in, read from the caller's frame."""
    text = ctx.parsed.statement(statement.index, strip_leading=True)
    if statement.definition or not any(name in text for name in ctx.caller_namers):
        return False
    return bool(calls_at_import(ast.parse(text)) & ctx.caller_namers)


def _name_setting(ctx: SplitContext, statements: list) -> list[cst.BaseStatement]:
    """`__name__ = 'inventory'`: moved code keeps the module name it had (`__module__` of its classes
    and functions, logger names, pickles and doctest discovery by module)."""
    needs = any(s.definition or s.reads_name or _defines_code(ctx, s) or _calls_caller_namer(ctx, s)
                for s in statements)
    if not ctx.keep_module_name or name_setters(ctx.analysis) or not needs \
            or source_reading_decorator(ctx, statements):
        return []  # (a module read by its source names what it defined at its end: `named_as_before`)
    setting = nodes.assignment("__name__", nodes.string(ctx.locations.dotted))
    comment = cst.TrailingWhitespace(whitespace=cst.SimpleWhitespace("  "),
                                     comment=cst.Comment("# the module name moved code keeps (__module__)"))
    return [setting.with_changes(trailing_whitespace=comment)]


def _bound_names(statement: cst.BaseStatement) -> set[str]:
    found = set()
    for small in getattr(statement, "body", ()):
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
            for alias in small.names:
                target = alias.asname.name if alias.asname else alias.name
                name = cst.Module([]).code_for_node(target)
                found.add(name.split(".")[0] if isinstance(small, cst.Import) else name)
    return found


def _imports_the_project(ctx: SplitContext, index: int) -> bool:
    """A relative import, or one of the split module's own top-level package: a module that may
    import this one back, so it must not run before the names it expects are there."""
    statement = ctx.analysis.statements[index]
    if statement.relative_import:
        return True
    top = ctx.locations.dotted.split(".")[0]
    tree = ast.parse(ctx.parsed.statement(index, strip_leading=True))
    modules = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    modules += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    return bool(ctx.locations.package) and any(m.split(".")[0] == top for m in modules)


def origin_file(ctx: SplitContext, extra: int, reading: int, has_os: bool) -> list[cst.BaseStatement]:
    """`_ORIGIN_FILE = os.path.join(...)`: where the split module was, for code that found files next to it
    (`extra` folders deeper than it)."""
    where: cst.BaseExpression = cst.Name("__file__")
    for _ in range(extra + 1):
        where = parse_template_expression("os.path.dirname({path})", path=where)
    value = parse_template_expression("os.path.join({folder}, {name})", folder=where,
                                      name=nodes.string(ctx.locations.source.name))
    found: list[cst.BaseStatement] = [] if has_os else [nodes.plain_import("os")]
    found.append(nodes.assignment(ORIGIN_FILE, value))
    text = f"{ctx.where(reading)} reads `__file__` meaning {ctx.locations.source.name}, which is {ORIGIN_FILE}."
    found[0] = nodes.commented(found[0], *nodes.wrapped(text), blank=True)
    return found


def code_star_imports(ctx: SplitContext) -> list[int]:
    """Moved statements holding a star import among other code (`try: from _locale import * ...`)."""
    return [s.index for s in ctx.analysis.statements
            if s.kind is StatementKind.CODE and s.star_import and s.index in ctx.moved]


def _loaded_by_body(body: list[str], dotted: str, ctx: SplitContext) -> list[str]:
    """Sibling modules a statement imports while the module loads (a class split by its body imports its
    part modules inside the class), so the facade knows them bound in the package too."""
    found: list[str] = []
    pending: list[ast.AST] = [ast.parse("".join(body))]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.ImportFrom) and node.level:
            base = resolve(dotted.rpartition(".")[0], node.level, node.module)
            found += [m for m in (base, *(f"{base}.{a.name}" for a in node.names)) if m in ctx.statements]
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            pending.extend(ast.iter_child_nodes(node))
    return found


def filling_modules(ctx: SplitContext, dotted: str, statements: list) -> dict[str, list[int]]:
    """New modules (other than `dotted`) holding a change to a name's object (`module_info[operator] =
    dict(...)`, placed apart by the plan: `units.detached_mutations`) that `statements` read while the
    module loads, after the change: module -> those changes. Importing the module makes them."""
    detached = ctx.placement.graph.detached
    home = {i: module for module, indexes in ctx.statements.items() for i in indexes if i in detached}
    found: dict[str, list[int]] = {}
    for index, name in sorted(detached.items()):
        module = home.get(index)
        if module is None or module == dotted or ctx.position(module) > ctx.position(dotted):
            continue
        if any(s.index > index and name in s.uses_import for s in statements):
            found.setdefault(module, []).append(index)
    return found


def _filler_imports(ctx: SplitContext, dotted: str, is_package: bool, fillers: dict[str, list[int]]) -> str:
    """`from . import _constants  # noqa: F401`, saying which changes it makes, per `filling_modules`."""
    found = ""
    for module, changes in fillers.items():
        parent, _, short = module.rpartition(".")
        statement = nodes.import_from(relative_import(dotted, is_package, parent), [short])
        names = sorted({ctx.placement.graph.detached[i] for i in changes})
        where = ", ".join(ctx.where(i) for i in changes[:2]) + (" ..." if len(changes) > 2 else "")
        text = f"Loaded for what it adds to {', '.join(names)} ({where}), which the code below reads."
        found += kept_import(nodes.code([nodes.commented(statement, *nodes.wrapped(text))]), {short})
    return found


def _reads_when_called(statement, names) -> bool:
    return bool((statement.uses_call | statement.uses_when_called) & names.keys())


def module_text(ctx: SplitContext, dotted: str, indexes: list[int], *, main: bool = False) -> ModuleText:
    """The text of the new module `dotted` holding statements `indexes`."""
    analysis, parsed = ctx.analysis, ctx.parsed
    statements = [analysis.statements[i] for i in indexes]
    is_package = False
    package = dotted.rpartition(".")[0]
    extra = _depth(package) - _depth(ctx.locations.package)
    own = {name for s in statements for name in s.defines}
    needed = {name for s in statements for name in s.uses} - own
    blocks = sorted({ctx.type_only[n] for n in needed if n in ctx.type_only})
    for index in blocks:
        needed |= analysis.statements[index].uses
    needed -= own
    docstring = main_docstring(ctx.locations.dotted) if main else module_docstring(
        ctx.locations.dotted, analysis.source, statements, ctx.summaries.get(dotted), module=dotted)
    futures = [parsed.statement(s.index, strip_leading=True) for s in analysis.statements
               if s.kind is StatementKind.FUTURE]
    imports: list[str] = []
    late: dict[str, list[str]] = {}
    deferred: list[str] = []
    loads_back: list[int] = []
    first_code = next((s.index for s in analysis.statements if s.kind is StatementKind.CODE), 0)
    import_time = {n for s in statements for n in s.uses_import}
    for index in sorted({ctx.imported[n] for n in needed if n in ctx.imported}):
        text = parsed.filtered_import(index, needed, extra)
        names = set(analysis.statements[index].defines) & needed
        if text and not main and index > first_code and not names & import_time \
                and _imports_the_project(ctx, index):
            # Imported after definitions of the original, by a module that may import it back: the
            # facade runs it once every name is there and binds its names here (used only when called).
            late.setdefault(ctx.locations.dotted, []).extend(sorted(names))
            deferred.append(text)
        elif text:
            imports.append(text)
            if not main and index > first_code and _imports_the_project(ctx, index):
                loads_back.append(index)
    # Star imports: plain ones, and those of moved `try: from x import * / except: <fallbacks>` statements
    # (held whole by one module, their bare star import copied into the others).
    code_stars = set(code_star_imports(ctx)) - set(indexes)
    stars = sorted([s.index for s in analysis.statements if s.kind is StatementKind.STAR_IMPORT] + [*code_stars])

    def star(index: int) -> str:
        if index in code_stars:
            return copied_star(parsed.bare_star(index, extra))
        return copied_star(parsed.statement(index, extra_depth=extra, strip_leading=True))

    first = min(indexes, default=0)
    early_stars = [i for i in stars if i < first]
    # Names bound before a star import are overridden by it (`try: from _bisect import *`): import
    # those from their new homes first, then the star, then names bound after it.
    last_star = max(early_stars, default=-1)
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    defined = analysis.defined
    facade = ctx.locations.dotted
    in_facade = {n for i in ctx.pinned for n in analysis.statements[i].defines} - set(ctx.imported)
    shared = shared_all(analysis)
    exported: list[str] = []  # `__all__`, bound by the facade before it loads this module
    live = live_reads(ctx, dotted, statements, needed)
    for name in sorted(needed, key=lambda n: (defined.get(n, (0,))[0], n)):
        home = ctx.owner.get(name) or (facade if name in in_facade else None)
        if main and home is not None:
            home = facade
        if home is None or home == dotted or (name in live.homes and name not in import_time):
            continue
        if home == facade and not main and name == "__all__" and shared is not None:
            exported.append(name)
            continue
        if home == facade and not main:
            late.setdefault(home, []).append(name)  # defined by the facade's own code, after this loads
            continue
        if ctx.position(home) > ctx.position(dotted):
            late.setdefault(home, []).append(name)  # used only when called: bound by the facade
            continue
        side = before if defined[name][-1] < last_star else after
        side.setdefault(home, []).append(name)
    generated: list[cst.BaseStatement] = []
    for home, names in before.items():
        generated += sibling_imports(relative_import(dotted, is_package, home), names, ctx, home)
    original_imports = "".join(imports)
    sections_imports = nodes.code(generated)
    star_text = "".join(star(i) for i in early_stars)
    generated = []
    for home, names in after.items():
        generated += sibling_imports(relative_import(dotted, is_package, home), names, ctx, home)
    sections_imports += star_text + nodes.code([*generated, *live.early])
    if exported and shared is not None:
        sections_imports += nodes.code(_shared_all(ctx, dotted, statements, shared))
    fillers = {m: c for m, c in filling_modules(ctx, dotted, statements).items() if m not in before and m not in after}
    sections_imports += _filler_imports(ctx, dotted, is_package, fillers)
    if not main and ctx.dynamic:
        unbound = needed - set(defined) - set(ctx.imported) - set(ctx.type_only) - MODULE_BUILTINS
        for name in sorted(unbound):
            late.setdefault(ctx.locations.dotted, []).append(name)  # written through globals() there
    type_blocks = [text for i in blocks if (text := parsed.filtered_block(i, needed, extra))]
    declared = nodes.code(_late_declaration(late, dotted, is_package, ctx, deferred, live.given))
    settings = nodes.code(_name_setting(ctx, statements) if not main else [])
    settings += "".join(parsed.statement(i, strip_leading=True) for i in name_setters(analysis))
    if ctx.locations.is_init and not main and any("__path__" in s.uses for s in statements):
        settings += "from . import __path__  # the package's, which moved code reads\n"
    rewrite_file = (extra > 0 or ctx.locations.is_init) and any(s.reads_file for s in statements)
    if rewrite_file:
        reading = next(s.index for s in statements if s.reads_file)
        settings += nodes.code(origin_file(ctx, extra, reading, "os" in needed))
    parts = [docstring, "".join(futures), original_imports, sections_imports,
             "".join(type_blocks) + declared.lstrip("\n")]
    parts = [part for part in parts if part]
    # Right below the imports; after a docstring or a block, a blank line between.
    after_block = len(parts) == 1 or parts[-1].rstrip("\n").rpartition("\n")[2].startswith(" ")
    parts[-1] += ("\n" if after_block and settings else "") + settings.lstrip("\n")
    sections = "\n".join(parts)
    late_stars = [i for i in stars if i > first]
    body = [("\n\n" + star(i)) if i in code_stars else
            parsed.statement(i, extra_depth=extra, rewrite_file=rewrite_file and i not in late_stars,
                             live=live.homes if _reads_when_called(analysis.statements[i], live.homes) else None,
                             namespace=live.namespace if analysis.statements[i].namespace_readers else None)
            for i in sorted([*indexes, *late_stars])]
    for place, index in enumerate(sorted([*indexes, *late_stars])):
        if index in live.hand_over:
            body[place] += "\n\n" + nodes.code(list(live.hand_over[index]))
    if live.later:
        body.append("\n\n" + nodes.code(list(live.later)))
    siblings = tuple(dict.fromkeys([*before, *after, *fillers, *_loaded_by_body(body, dotted, ctx)]))
    flat = {name: home for home, names in late.items() for name in names if name not in live.given}
    reader = None if main else source_reading_decorator(ctx, statements)
    if reader is not None and not name_setters(analysis):
        body.append(named_as_before(ctx, dotted, reader))
    text = assemble([sections], body)
    if not main:  # names only other modules of the split read now: kept here on purpose
        read = {n for s in analysis.statements for n in s.uses}
        text = marked_unused(text, (bound_by_imports(text) - read_names(text)) & read)
    return ModuleText(text, siblings, flat, tuple(loads_back))
