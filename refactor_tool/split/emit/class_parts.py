"""Classes over the limit split by body (see `classes.body_split`): what planning and generation see.

Planning sees each such class as its kept class statement (fewer lines, fewer uses). Generation
then gets one more draft per part module, first in the order, holding a statement that exists only
here: the part's class of the same name. Being first, a part module imports nothing of the split
module: its methods get those names once the package has loaded (the late binding every module
uses for names it needs only when called); nothing runs them before (`classes.import_time`).
"""

from __future__ import annotations

import ast
import builtins
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from refactor_tool.split.classes.body_split import BodySplitPlan, plan_body_split, refit, render
from refactor_tool.split.classes.import_time import methods_run_at_import, names_read
from refactor_tool.split.classes.keep_rules import MODULE_NAMES, BodyRules
from refactor_tool.split.emit.source import ORIGIN_FILE, ParsedModule
from refactor_tool.split.plan import Draft, Placement, fixed_lines, naming
from refactor_tool.split.plan.cycles import hot_units
from refactor_tool.split.plan.sizes import Shape, module_bound, wrap_from_import
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module
from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement, StatementKind

__all__ = ["ClassSplits", "PartsParsed", "place_parts", "plan_class_splits"]

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True, slots=True)
class ClassSplits:
    """The classes whose bodies split (statement index -> plan), the analysis planning uses, and for
    each class statement the names it may use while the module loads (`plan.cycles.HotUses`)."""

    plans: dict[int, BodySplitPlan]
    analysis: ModuleAnalysis
    hot_uses: dict[int, frozenset[str]]
    #: For each split class: its plan again, with parts cut further where a head measured by the
    #: given function (knowing where every name lives) does not fit (`body_split.refit`).
    refits: dict[int, Callable[[Callable[[frozenset[str]], int]], BodySplitPlan]] = field(default_factory=dict)

    @property
    def part_modules(self) -> tuple[str, ...]:
        return tuple(p.module for plan in self.plans.values() for p in plan.parts)


#: Before planning, the modules a part's names come from are not known: a guess, checked afterwards.
_HOMES_GUESS = 4
#: Lines the kept class statement is planned with beyond its own, for parts cut further after planning.
RESERVE = 4


def _header(analysis: ModuleAnalysis, home_of: Mapping[str, str] | None = None) -> Callable[[frozenset[str]], int]:
    """The most lines a part module's head takes, given the names its methods read: the imports it
    copies, and the module's own names, all bound late (`sizes.module_bound` of a bodiless module),
    from as many modules as `home_of` says (before planning: a guess)."""
    imported = {n: s.index for s in analysis.statements if s.kind is StatementKind.IMPORT for n in s.defines}
    defined = set(analysis.defined)
    fixed = fixed_lines(analysis)

    def lines(reads: frozenset[str]) -> int:
        late = tuple(sorted(n for n in reads if n in defined and n not in imported))
        homes = len({home_of.get(n, "") for n in late}) if home_of is not None else min(len(late), _HOMES_GUESS)
        copied = len({imported[n] for n in reads if n in imported})
        return module_bound(Shape(body=0, copied=copied, fixed=fixed, late=late, late_sources=homes,
                                  reads_file="__file__" in reads))
    return lines


def _run_at_import(analysis: ModuleAnalysis, tree: ast.Module) -> dict[str, frozenset[str]]:
    """For each class the module may use while it loads, the methods that may run then."""
    graph = build_units(analysis)
    hot = hot_units(graph, analysis)
    names = {n for u in hot for i in graph.units[u] for n in analysis.statements[i].defines}
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef) and n.name in names}
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                 and n.name in names}
    return methods_run_at_import(tree, classes, functions)


def _hot_uses(analysis: ModuleAnalysis, tree: ast.Module, hot: dict[str, frozenset[str]]) -> dict[int, frozenset[str]]:
    """A class statement runs its body and its methods that run at import time, not the others."""
    reads = names_read(tree, hot)
    return {s.index: s.uses_import | reads.get(s.defines[0], frozenset())
            for s in analysis.statements if s.definition == "class"}


def _rules(analysis: ModuleAnalysis) -> BodyRules:
    imported = {n for s in analysis.statements if s.kind is StatementKind.IMPORT for n in s.defines}
    rules = BodyRules(
        importable=frozenset(imported | _BUILTINS),
        rebound=frozenset(n for s in analysis.statements for n in s.rebinds),
        reserved=frozenset(MODULE_NAMES | imported | {ORIGIN_FILE, "TYPE_CHECKING"}),
    )
    return rules


def _kept_statement(original: Statement, text: str, analysis: ModuleAnalysis, plan: BodySplitPlan) -> Statement:
    """The class statement's facts once the moved methods are gone (what planning must see)."""
    future = "from __future__ import annotations\n" if analysis.future_annotations else ""
    fresh = analyze_module(future + text, analysis.path).statements[-1]
    return replace(
        original, span=original.span - plan.old_lines + plan.kept_lines + RESERVE,
        uses_import=fresh.uses_import, uses_call=fresh.uses_call, uses_annotation=fresh.uses_annotation,
        rebinds=fresh.rebinds, executes=fresh.executes, reads_file=fresh.reads_file,
        reads_name=fresh.reads_name, reads_globals=fresh.reads_globals,
    )


def plan_class_splits(analysis: ModuleAnalysis, parsed: ParsedModule, max_lines: int | None,
                      taken: set[str]) -> ClassSplits:
    """Split the body of every top-level class whose statement alone is not under `max_lines`
    (None: split none, only say what runs at import time).

    `taken` holds the names new modules may not take; the part modules' names are added to it.
    """
    tree = ast.parse(analysis.source)
    hot = _run_at_import(analysis, tree)
    hot_uses = _hot_uses(analysis, tree, hot)
    cap = (max_lines or 0) - 1
    big = [s for s in analysis.statements if max_lines and s.definition == "class" and s.span + 8 > cap]
    if not big:
        return ClassSplits({}, analysis, hot_uses)
    rules = _rules(analysis)
    header = _header(analysis)
    statements = list(analysis.statements)
    plans: dict[int, BodySplitPlan] = {}
    refits: dict[int, Callable[[Callable[[frozenset[str]], int]], BodySplitPlan]] = {}
    for statement in big:
        name = statement.defines[0]
        text = parsed.statement(statement.index, strip_leading=True)
        reserved = rules.reserved | {name}
        class_rules = replace(rules, runs_at_import=hot.get(name, frozenset()), reserved=reserved)
        stem = naming.snake(name)

        def part_name(word: str, stem: str = stem) -> str:
            found = naming.unique(f"{stem}_{naming.snake(word)}", taken, private=True)
            taken.add(found)
            return found

        settings = {"cap": cap, "evaluated_annotations": not analysis.future_annotations,
                    "part_name": part_name, "format_import": wrap_from_import}
        plan = plan_body_split(text, class_rules, target=cap // 2, header=header, **settings)
        if plan is None:
            continue
        plans[statement.index] = plan
        refits[statement.index] = functools.partial(_refit, plan, text, class_rules, settings)
        kept_text, _ = render(plan, text, wrap_from_import, home="")
        statements[statement.index] = kept = _kept_statement(statement, kept_text, analysis, plan)
        hot_uses[statement.index] = kept.uses_import | (hot_uses[statement.index] & kept.uses)
    return ClassSplits(plans, replace(analysis, statements=tuple(statements)), hot_uses, refits)


def _refit(plan: BodySplitPlan, text: str, rules: BodyRules, settings: dict,
           header: Callable[[frozenset[str]], int]) -> BodySplitPlan:
    return refit(plan, text, rules, header=header, **settings)


class PartsParsed:
    """`ParsedModule` with the split classes' statements rewritten and the parts' statements added."""

    def __init__(self, base: ParsedModule, plans: dict[int, BodySplitPlan],
                 parts: dict[int, tuple[int, int]], homes: dict[int, str]) -> None:
        self.base = base
        self.plans = plans
        self.parts = parts  # virtual statement index -> (class statement index, part number)
        self.homes = homes  # class statement index -> dotted name of the module that holds it
        self._rendered: dict[tuple[int, int, bool], tuple[str, list[str]]] = {}

    def __getattr__(self, name: str):
        return getattr(self.base, name)

    def _render(self, owner: int, extra_depth: int, rewrite_file: bool) -> tuple[str, list[str]]:
        """The kept class and the part texts, rendered once (LibCST parses the whole class)."""
        key = (owner, extra_depth, rewrite_file)
        if key not in self._rendered:
            text = self.base.statement(owner, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                       strip_leading=True)
            self._rendered[key] = render(self.plans[owner], text, wrap_from_import, self.homes.get(owner, ""))
        return self._rendered[key]

    def statement(self, index: int, *, extra_depth: int = 0, rewrite_file: bool = False,
                  strip_leading: bool = False) -> str:
        if index in self.parts:
            owner, number = self.parts[index]
            return self._render(owner, extra_depth, rewrite_file)[1][number]
        text = self.base.statement(index, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                   strip_leading=strip_leading)
        if index not in self.plans:
            return text
        body = self.base.statement(index, extra_depth=extra_depth, rewrite_file=rewrite_file,
                                   strip_leading=True)
        leading = text[: len(text) - len(body)]
        return leading + self._render(index, extra_depth, rewrite_file)[0]


def _part_statement(analysis: ModuleAnalysis, owner: Statement, index: int, text: str) -> Statement:
    """A statement defining no module name whose uses are the moved methods' (and the tail's)."""
    future = "from __future__ import annotations\n" if analysis.future_annotations else ""
    holder, *rest = [s for s in analyze_module(future + text, analysis.path).statements
                     if s.kind is not StatementKind.FUTURE]
    return replace(
        holder, index=index, start=owner.start, end=owner.end, span=len(text.splitlines()), defines=(),
        kind=StatementKind.CODE, uses_import=holder.uses_import.union(*(s.uses_import for s in rest)),
        uses_call=holder.uses_call.union(*(s.uses_call for s in rest)), definition="",
        relative_import=owner.relative_import,
    )


def place_parts(splits: ClassSplits, parsed: ParsedModule, placement: Placement,
                dotted_of: dict[str, str]) -> tuple[ModuleAnalysis, PartsParsed, Placement]:
    """The analysis, source and placement generation needs: one draft per part module, first.

    `dotted_of` maps each draft's relpath to its dotted name (the part's comment names the class's home).
    """
    analysis = splits.analysis
    home_of = {n: dotted_of[d.relpath] for d in placement.drafts for u in d.units
               for i in placement.graph.units[u] for n in analysis.statements[i].defines}
    plans = {owner: splits.refits[owner](_header(analysis, home_of)) if owner in splits.refits else plan
             for owner, plan in splits.plans.items()}
    statements = list(analysis.statements)
    units = dict(placement.graph.units)
    lines = dict(placement.graph.lines)
    home_draft = {i: d for d in placement.drafts for u in d.units for i in placement.graph.units[u]}
    parts: dict[int, tuple[int, int]] = {}
    drafts: list[Draft] = []
    homes: dict[int, str] = {}
    for owner, plan in plans.items():
        draft = home_draft[owner]
        homes[owner] = dotted_of[draft.relpath]
        folder = PurePosixPath(draft.relpath).parent
        _, texts = render(plan, parsed.statement(owner, strip_leading=True), wrap_from_import, homes[owner])
        for number, part in enumerate(plan.parts):
            index = len(statements)
            parts[index] = (owner, number)
            statements.append(_part_statement(analysis, statements[owner], index, texts[number]))
            units[index] = (index,)
            lines[index] = statements[index].span
            drafts.append(Draft(relpath=str(folder / f"{part.module}.py"), units=(index,)))
    graph = placement.graph
    uses = graph.graph.copy()
    uses.add_nodes_from(parts)
    new_graph = replace(graph, units=units, lines=lines, graph=uses, moved_kinds=graph.moved_kinds | set(parts))
    return (replace(analysis, statements=tuple(statements)), PartsParsed(parsed, plans, parts, homes),
            replace(placement, drafts=(*drafts, *placement.drafts), graph=new_graph))
