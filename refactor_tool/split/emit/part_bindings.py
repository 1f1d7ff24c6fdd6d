"""Names the methods of a split class read when called, bound into their part modules by the class's module.

A class split by its body (`classes.body_split`) defines groups of its methods in part modules that its
class statement imports. What those methods read when called from the module holding the class
(`engine` itself, `pl_count_zero`, `Words` in inflect's `_engine`) exists only once that module has
bound it; instead of the facade binding it there once every module is loaded (`wiring.late_bindings`),
the class's module does, as soon as both the part's methods and the name exist: right after the class
statement, or after the name's own binding where that comes later (`_engine_pl.pl_count_zero =
pl_count_zero`). It imports the parts at its top (they come before it in load order and read nothing of
it while they load), as it imports the modules whose code it hands names to while loading
(`live_reads.given_later`).
"""

from __future__ import annotations

from refactor_tool.split.emit.context import SplitContext


def part_classes(ctx: SplitContext, reader: str) -> set[int]:
    """Statement indexes of the split classes whose parts new module `reader` holds."""
    parts = getattr(ctx.parsed, "parts", {})
    return {parts[i][0] for i in ctx.statements.get(reader, ()) if i in parts}


def class_home(ctx: SplitContext, reader: str) -> str | None:
    """The new module holding the class statement of the part module `reader`, when it loads after it."""
    classes = part_classes(ctx, reader)
    homes = {home for home, indexes in ctx.statements.items() if classes & set(indexes)}
    if len(homes) != 1:
        return None
    home = homes.pop()
    return home if ctx.position(home) > ctx.position(reader) else None


def part_names(ctx: SplitContext, reader: str) -> frozenset[str]:
    """Names of its class's module that the part module `reader` reads only when called, bound there once
    for sure (not on some paths only, never deleted nor rebound): that module binds them here."""
    home = class_home(ctx, reader)
    if home is None or ctx.placement.pieces is None or not ctx.placement.pieces.hands_to_parts:
        return frozenset()
    statements = [ctx.analysis.statements[i] for i in ctx.statements[reader]]
    loading = {n for s in statements for n in (*s.uses_import, *s.uses_while_loading)}
    if any(ctx.owner.get(n) == home for n in loading):
        return frozenset()  # imported at the top of its class's module, it would find them unbound
    own = {n for s in statements for n in s.defines}
    changed = {n for s in ctx.analysis.statements for n in (*s.rebinds, *s.deletes)}
    defined = ctx.analysis.defined
    return frozenset(n for s in statements for n in s.uses
                     if ctx.owner.get(n) == home and n not in own and n not in changed
                     and n not in ctx.conditional and len(defined.get(n, ())) == 1)


def bound_after(ctx: SplitContext, reader: str, name: str) -> int:
    """The statement of its class's module after which `name` is bound into the part module `reader`: its
    own binding, or the class statement (which loads the part's methods) when that comes later."""
    return max([ctx.analysis.defined[name][0], *part_classes(ctx, reader)])


def as_class_loads_them(ctx: SplitContext, readers: list[str]) -> list[str]:
    """The part modules `readers` in the order their class statements import them (`from ._engine_pl import
    ...` first), the order they loaded in before their class's module imported them at its top."""
    def place(reader: str) -> tuple[int, int]:
        short = reader.rpartition(".")[2]
        texts = [ctx.parsed.statement(i, strip_leading=True) for i in sorted(part_classes(ctx, reader))]
        found = [text.find(f".{short} import") for text in texts]
        return min(part_classes(ctx, reader), default=0), min((f for f in found if f >= 0), default=len(texts))

    return sorted(readers, key=place)
