"""Statements over the limit split into part modules: what planning and generation see.

A class split by body (`classes.body_split`) is its kept class statement (fewer lines, fewer uses)
plus one statement per part module, existing only here: the part's class of the same name, defining
no module name. A table (`split.literals`) is its joining statement plus a display
per part. The plan places a part after what it needs while it runs (for methods: decorators,
defaults, evaluated annotations) and before the statement importing it (`plan.parts`); what methods
use when called comes through the late binding every module uses for such names, or, for methods
that code run while the package loads may call (`classes.import_time`: a metaclass's, whose module
makes classes with it, and those reading only names bound with their class), read where it lives
when called (`Statement.uses_while_loading`, `emit.live_reads`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace

import libcst as cst

from refactor_tool.split.classes.body_split import BodySplitPlan, PartPlan, plan_body_split, render
from refactor_tool.split.classes.import_time import names_read, reached_while_loading
from refactor_tool.split.classes.keep_rules import BodyRules
from refactor_tool.split.emit.class_groups import (
    classes_in_big_groups,
    mark_loading,
    tighter_targets,
    unbound_when_run,
)
from refactor_tool.split.emit.class_rules import (
    class_cell_methods,
    class_rules,
    module_rules,
    needing_others,
    with_live_homes,
)
from refactor_tool.split.emit.source import ParsedModule, read_facade, read_through
from refactor_tool.split.literals import (
    LiteralSplitPlan,
    deleted_aliases,
    plan_literal_split,
    render_literal,
)
from refactor_tool.split.plan import Draft, Placement, fixed_lines, naming
from refactor_tool.split.plan.parts import LINK
from refactor_tool.split.plan.sizes import Shape, module_bound, wrap_from_import
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module
from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement, StatementKind
from refactor_tool.syntax.modnames import relative_import

__all__ = ["ClassSplits", "PartDraft", "PartsParsed", "place_parts", "plan_class_splits", "with_summaries"]

#: How a statement over the limit splits.
SplitPlan = BodySplitPlan | LiteralSplitPlan
#: Before planning, how many modules a part's names come from is not known: a guess for sizing parts.
_HOMES_GUESS = 4
#: How many times the classes of a group still over the limit are split further (`class_groups`).
_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class ClassSplits:
    """The classes whose bodies split (statement index -> plan), the analysis planning uses (kept
    class statements, part statements appended), each part's statement index -> (class statement
    index, part number, module name), and for each class statement the names it may use while the
    module loads (`plan.cycles.HotUses`)."""

    plans: dict[int, SplitPlan]
    analysis: ModuleAnalysis
    hot_uses: dict[int, frozenset[str]]
    parts: dict[int, tuple[int, int, str]]

    @property
    def part_modules(self) -> tuple[str, ...]:
        return tuple(module for _, _, module in self.parts.values())

    @property
    def links(self) -> dict[int, tuple[int, str]]:
        """What `plan_modules` takes as `parts`: part statement -> (class statement, module name)."""
        return {index: (owner, module) for index, (owner, _, module) in self.parts.items()}


def _header(analysis: ModuleAnalysis) -> Callable[[frozenset[str]], int]:
    """The most lines a part module's head takes, given the names its methods read: the imports it
    copies and the module's own names (`sizes.module_bound` of a bodiless module)."""
    imported = {n: s.index for s in analysis.statements if s.kind is StatementKind.IMPORT for n in s.defines}
    defined = set(analysis.defined)
    fixed = fixed_lines(analysis)
    conditional = set(analysis.conditional_names())

    def lines(reads: frozenset[str]) -> int:
        late = tuple(sorted(n for n in reads if n in defined and n not in imported))
        copied = len({imported[n] for n in reads if n in imported})
        # A name bound on some paths only is imported by a `try:` of its own (4 lines), under a
        # comment per module it comes from (emit's guarded imports).
        guarded = sum(1 for n in late if n in conditional)
        return module_bound(Shape(body=0, copied=copied, fixed=fixed, late=late,
                                  late_sources=min(len(late), _HOMES_GUESS), reads_file="__file__" in reads)) \
            + 4 * guarded + 2 * min(guarded, _HOMES_GUESS)
    return lines


def _hot_uses(analysis: ModuleAnalysis, tree: ast.Module, hot: dict[str, frozenset[str]]) -> dict[int, frozenset[str]]:
    """A class statement runs its body and its methods that run at import time, not the others."""
    reads = names_read(tree, hot)
    return {s.index: s.uses_import | reads.get(s.defines[0], frozenset())
            for s in analysis.statements if s.definition == "class"}


def _analyzed(analysis: ModuleAnalysis, text: str) -> list[Statement]:
    future = "from __future__ import annotations\n" if analysis.future_annotations else ""
    return [s for s in analyze_module(future + text, analysis.path).statements if s.kind is not StatementKind.FUTURE]


def render_plan(plan: SplitPlan, text: str, home: str,
                spelled: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """The kept statement and each part's statement from the statement's `text`; `spelled`: how the
    kept statement imports each part module (default: a sibling, `.<part>`)."""
    if isinstance(plan, LiteralSplitPlan):
        first = (spelled or {}).get(plan.parts[0].module, "." + plan.parts[0].module)
        package = first.rpartition(".")[0] or "."
        return render_literal(plan, text, format_import=wrap_from_import, package=package)
    return render(plan, text, wrap_from_import, home, spelled)


def _kept_statement(original: Statement, text: str, leading: int, analysis: ModuleAnalysis,
                    parts: frozenset[str]) -> Statement:
    """The statement's facts once what moved is gone (what planning must see); `leading`: the blank
    and comment lines above it, which its span counts; `parts`: the part modules it imports."""
    fresh = _analyzed(analysis, text)[-1]
    return replace(
        original, span=leading + len(text.splitlines()), uses_import=fresh.uses_import - parts,
        uses_call=fresh.uses_call, uses_annotation=fresh.uses_annotation, rebinds=fresh.rebinds,
        executes=fresh.executes, reads_file=fresh.reads_file, reads_name=fresh.reads_name,
        reads_globals=fresh.reads_globals or original.reads_globals,
    )


def _part_statement(analysis: ModuleAnalysis, owner: Statement, index: int, text: str,
                    running: frozenset[str], imported: frozenset[str] = frozenset()) -> Statement:
    """A statement defining no module name whose uses are the moved methods' (and the tail's); while
    it runs, the class's name is the part's own class (the tail reads that one). Its class statement
    reads `__name__` (the methods' `__module__`), so the part keeps the module name its class does.

    `running`: what its methods that may run while the module loads read (a metaclass's methods, and
    others reading only their class's own group, `class_rules.needing_others`), the class included
    where they use `super()` (`super(Meta, metacls)`): those it reads where they live when called, if
    bound in a module loaded after it or bound more than once (`emit.live_reads`); `imported`: what
    it imports at its top for them (`class_rules.needing_others`)."""
    holder, *rest = _analyzed(analysis, text)
    own = frozenset(owner.defines)
    uses_call = holder.uses_call.union(*(s.uses_call for s in rest))
    return replace(
        holder, index=index, start=owner.start, end=owner.end, span=2 + len(text.splitlines()), defines=(),
        kind=StatementKind.CODE, uses_import=holder.uses_import.union(*(s.uses_import for s in rest)) - own | imported,
        uses_call=uses_call, definition="", uses_while_loading=running & uses_call,
        relative_import=owner.relative_import, reads_name=owner.definition == "class" or holder.reads_name,
    )


def plan_class_splits(analysis: ModuleAnalysis, parsed: ParsedModule, max_lines: int | None,
                      taken: set[str], keep: frozenset[int] = frozenset(),
                      cautious: frozenset[int] = frozenset()) -> ClassSplits:
    """Split the body of every top-level class whose statement alone is not under `max_lines`
    (None: split none, only say what runs at import time), and of the classes of a group of
    definitions no module can hold (`class_groups`), further while such a group is still over.

    `taken` holds the names new modules may not take; the part modules' names are added to it.
    `keep`: class statements to leave whole (their parts could not be planned apart from them);
    `cautious`: those whose parts import nothing for their methods run while loading (`needing_others`).
    """
    tree = ast.parse(analysis.source)
    hot, reached = reached_while_loading(tree, analysis.statements)
    hot_uses = _hot_uses(analysis, tree, hot)
    cap = (max_lines or 0) - 1
    whole = max_lines is not None and len(analysis.source.splitlines()) < max_lines  # nothing to split
    head = _header(analysis)  # a statement too long for a module of its own, its imports included
    big = [s.index for s in analysis.statements if max_lines and not whole and s.span + head(frozenset(s.uses)) > cap]
    if max_lines and not whole:
        big += [s.index for s in classes_in_big_groups(analysis, hot_uses, cap, set(big))]
    big = [i for i in big if i not in keep]
    if not big:
        return ClassSplits({}, analysis, hot_uses, {})
    targets = dict.fromkeys(big, cap // 2)
    reads = names_read(tree, hot)
    for _ in range(_ROUNDS):
        names = set(taken)
        splits = _split(analysis, parsed, tree, targets, cap, names, hot, dict(hot_uses), cautious)
        if splits.parts:
            statements = list(splits.analysis.statements)
            mark_loading(statements, reached, reads, unbound_when_run(splits.analysis, splits.links, splits.hot_uses, cap))
            splits = replace(splits, analysis=replace(splits.analysis, statements=tuple(statements)))
        tighter = tighter_targets(splits.analysis, splits.hot_uses, cap, splits.links, targets)
        tighter = {i: t for i, t in tighter.items() if i not in keep}
        if not tighter:
            break
        targets |= tighter
    taken |= names
    return splits


def _split(analysis: ModuleAnalysis, parsed: ParsedModule, tree: ast.Module, targets: Mapping[int, int], cap: int,
           taken: set[str], hot: Mapping[str, frozenset[str]], hot_uses: dict[int, frozenset[str]],
           cautious: frozenset[int] = frozenset()) -> ClassSplits:
    """The statements `targets` names split, each class statement to at most its target's lines."""
    rules = module_rules(analysis)
    group_of = build_units(analysis, cap).definer
    statements = list(analysis.statements)
    plans: dict[int, SplitPlan] = {}
    parts: dict[int, tuple[int, int, str]] = {}
    for statement in (analysis.statements[i] for i in targets):
        text = parsed.statement(statement.index, strip_leading=True)
        name = statement.defines[0] if statement.definition == "class" else ""
        running = hot.get(name, frozenset())
        needs = needing_others(tree, name, running, group_of, analysis.defined, cautious=statement.index in cautious)
        plan = _plan_one(statement, text, analysis, rules, cap, targets[statement.index], taken,
                         (running, needs.staying), group_of)
        if plan is None:
            continue
        plans[statement.index] = plan
        kept_text, texts = render_plan(plan, text, home="")
        leading = len(parsed.statement(statement.index).splitlines()) - len(text.splitlines())
        modules = frozenset(p.module for p in plan.parts)
        statements[statement.index] = kept = _kept_statement(statement, kept_text, leading, analysis, modules)
        if statement.index in hot_uses:
            hot_uses[statement.index] = kept.uses_import | (hot_uses[statement.index] & kept.uses)
        for number, (part, part_text) in enumerate(zip(plan.parts, texts, strict=True)):
            index = len(statements)
            parts[index] = (statement.index, number, part.module)
            moved = running & set(part.names) if isinstance(part, PartPlan) else set()  # a table's part runs nothing
            reads = names_read(tree, {name: frozenset(moved)}).get(name, frozenset()) if moved else frozenset()
            if moved & class_cell_methods(tree, name):  # `super(Meta, metacls)` for `super()` reads the class
                reads |= {name}
            imported = needs.imports(moved)
            statements.append(_part_statement(analysis, statement, index, part_text, reads, imported))
            if imported and statement.index in hot_uses:  # what runs its methods runs what they import
                hot_uses[statement.index] |= {LINK}
                hot_uses[index] = statements[index].uses_import
    return ClassSplits(plans, replace(analysis, statements=tuple(statements)), hot_uses, parts)


def _plan_one(statement: Statement, text: str, analysis: ModuleAnalysis, rules: BodyRules, cap: int, target: int,
              taken: set[str], running: tuple[frozenset[str], frozenset[str]], group_of: Mapping[str, int],
              ) -> SplitPlan | None:
    """How a statement over the limit splits: a class by body (`class_rules`; `running`: its methods
    that may run while the module loads, and those of them that read other groups' names), a table
    (a display) in runs."""
    name = statement.defines[0] if statement.defines else ""
    namer = _namer(naming.snake(name), taken)
    if statement.definition == "class":
        node = ast.parse(text).body[0]
        assert isinstance(node, ast.ClassDef)
        header, class_rule = _header(analysis), class_rules(node, analysis, rules, running[1])
        if running[0] - class_rule.runs_at_import:  # some move, and read names live
            header = with_live_homes(header, analysis, name, group_of)
        return plan_body_split(text, class_rule, target=target, cap=cap,
                               header=header, evaluated_annotations=not analysis.future_annotations,
                               part_name=namer, format_import=wrap_from_import)
    renames = deleted_aliases(statement, analysis)
    if statement.kind is not StatementKind.CODE or len(statement.defines) != 1 or renames is None:
        return None
    uses = frozenset(statement.uses - set(renames) | set(renames.values()))
    capacity = cap - _header(analysis)(uses) - 2 - len(renames)  # a part reads at most what the table reads
    return plan_literal_split(text, capacity=capacity, part_name=lambda n: namer(str(n)),
                              format_import=wrap_from_import, line=statement.start, renames=renames)


def _namer(stem: str, taken: set[str]) -> Callable[[str], str]:
    def part_name(word: str) -> str:
        found = naming.unique(f"{stem}_{naming.snake(word)}", taken, private=True)
        taken.add(found)
        return found
    return part_name


def _read_live(text: str, live: Mapping[str, str] | None) -> str:
    return read_through(cst.parse_module(text), live).code if live else text


class PartsParsed:
    """`ParsedModule` with the split classes' statements rewritten and the parts' statements added."""

    def __init__(self, base: ParsedModule, plans: Mapping[int, SplitPlan],
                 parts: Mapping[int, tuple[int, int, str]], homes: Mapping[int, str],
                 spelled: Mapping[int, Mapping[str, str]] | None = None) -> None:
        self.base = base
        self.plans = plans
        self.parts = {index: (owner, number) for index, (owner, number, _) in parts.items()}
        self.homes = homes  # class statement index -> dotted name of the module that holds it
        self.spelled = spelled or {}  # class statement index -> part module -> how it imports it
        self._rendered: dict[tuple[int, int, bool], tuple[str, list[str]]] = {}

    def __getattr__(self, name: str):
        return getattr(self.base, name)

    def _render(self, owner: int, extra_depth: int, rewrite_file: bool) -> tuple[str, list[str]]:
        """The kept class and the part texts, rendered once (LibCST parses the whole class)."""
        key = (owner, extra_depth, rewrite_file)
        if key not in self._rendered:
            text = self.base.statement(owner, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                       strip_leading=True)
            self._rendered[key] = render_plan(self.plans[owner], text, self.homes.get(owner, ""),
                                              self.spelled.get(owner))
        return self._rendered[key]

    def statement(self, index: int, *, extra_depth: int = 0, rewrite_file: bool = False,
                  strip_leading: bool = False, live: Mapping[str, str] | None = None,
                  namespace: str | None = None) -> str:
        if index in self.parts:
            owner, number = self.parts[index]
            # Two blank lines above it, as above any top-level definition (dropped when it comes first).
            leading = "" if strip_leading else "\n\n"
            return leading + _read_live(self._render(owner, extra_depth, rewrite_file)[1][number], live)
        if index not in self.plans:
            return self.base.statement(index, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                       strip_leading=strip_leading, live=live, namespace=namespace)
        text = self.base.statement(index, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                   strip_leading=strip_leading)
        body = self.base.statement(index, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                   strip_leading=True)
        leading = text[: len(text) - len(body)]
        return leading + read_facade(_read_live(self._render(index, extra_depth, rewrite_file)[0], live), namespace)


def place_parts(splits: ClassSplits, parsed: ParsedModule, placement: Placement,
                dotted_of: Mapping[str, str], facade: tuple[str, bool] | None = None) -> PartsParsed:
    """The source generation reads: kept class statements and part statements as texts.

    `dotted_of` maps each draft's relpath to its dotted name (a part's comment names its class's home);
    `facade`: the module users import and whether it is a package, where a statement in no draft stays.
    """
    home_draft = {i: d for d in placement.drafts for u in d.units for i in placement.graph.units[u]}
    # A class statement in no draft stays in the module users import (its comment names the class alone).
    homes = {owner: dotted_of[home_draft[owner].relpath] for owner in splits.plans if owner in home_draft}
    spelled: dict[int, dict[str, str]] = {}
    for index, (owner, _, module) in splits.parts.items():
        if index in home_draft:
            importer, is_package = (homes[owner], False) if owner in homes else (facade or ("", True))
            if importer:
                target = dotted_of[home_draft[index].relpath]
                spelled.setdefault(owner, {})[module] = relative_import(importer, is_package, target)
    return PartsParsed(parsed, splits.plans, splits.parts, homes, spelled)


@dataclass(frozen=True, slots=True)
class PartDraft(Draft):
    """A draft holding a part: what it holds in words, which generation makes its docstring."""

    summary: str = ""


def _summary(plan: SplitPlan, number: int) -> str:
    if isinstance(plan, LiteralSplitPlan):
        return f"{plan.held(number)[0].upper()}{plan.held(number)[1:]}, joined where it is defined"
    names = [f"`{n}`" for n in sorted(plan.parts[number].names, key=lambda n: n.startswith("_"))]
    shown = ", ".join(names[:2]) + (f" and {len(names) - 2} more" if len(names) > 3 else
                                    f" and {names[2]}" if len(names) == 3 else "")
    what = "methods" if len(names) > 1 else "method"
    return f"`{plan.class_name}` {what} {shown}, which its class statement binds"


def with_summaries(splits: ClassSplits, placement: Placement) -> Placement:
    """`placement` with each draft holding a part saying what it holds (its docstring's words)."""
    if not splits.parts:
        return placement
    drafts = []
    for draft in placement.drafts:
        held = [splits.parts[i] for u in draft.units for i in placement.graph.units[u] if i in splits.parts]
        if held:
            owner, number, _ = held[0]
            copied = {f.name: getattr(draft, f.name) for f in fields(Draft)}
            draft = PartDraft(**copied, summary=_summary(splits.plans[owner], number))
        drafts.append(draft)
    return replace(placement, drafts=tuple(drafts))
