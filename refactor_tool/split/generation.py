"""Plan and generate a split in memory: the files it would write, their limits checked.

`generate_split(path, options)` reads the module, splits the bodies of classes over the limit
(`emit.class_parts`), plans the new modules (`plan`), generates their text (`emit`) and counts the
written lines against the limits (`limits`). `use_case` shows it (`plan`) or writes it (`split`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_tool.errors import PlanError
from refactor_tool.split.classes.import_time import namespace_read_while_loading
from refactor_tool.split.emit import Generated, generate
from refactor_tool.split.emit.class_parts import place_parts, plan_class_splits, with_summaries
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.inputs import (
    choose_layout,
    load_source,
    load_spec,
    project_limits,
    resolve_options,
)
from refactor_tool.split.limits import limit_findings
from refactor_tool.split.model import (
    ChangedClass,
    ClassSplitMode,
    Layout,
    LimitFinding,
    PlanSpec,
    SplitOptions,
)
from refactor_tool.split.patch_targets.test_files import module_setters
from refactor_tool.split.plan import Placement, plan_modules, taken_names
from refactor_tool.split.plan.locations import Locations
from refactor_tool.split.plan.sizes import count_lines, over_limit, too_long_alone
from refactor_tool.syntax.facts import ModuleAnalysis, analyze_module
from refactor_tool.syntax.facts.model import StatementKind
from refactor_tool.syntax.modnames import module_name

__all__ = ["GeneratedSplit", "generate_split"]

#: How many times a split plans again for a lower limit when a module came out over it.
_REPLANS = 3


@dataclass(frozen=True, slots=True)
class GeneratedSplit:
    """A split planned and generated, not written: what `plan` shows and `split` writes."""

    analysis: ModuleAnalysis
    placement: Placement
    generated: Generated
    locations: Locations
    options: SplitOptions
    mro_changes: tuple[ChangedClass, ...]
    limits: tuple[LimitFinding, ...]
    #: What planning took beside the analysis (see `plan_modules`), kept for checking its bounds.
    hot_uses: dict[int, frozenset[str]]
    parts: dict[int, tuple[int, str]]


def generate_split(path: Path, options: SplitOptions) -> GeneratedSplit:
    """The split of `path` as `options` ask, files not written. Where planning's estimate of a
    module's imports fell short and a module it meant to fit came out at or over the limit, it plans
    again for a limit lower by what it missed (at most `_REPLANS` times) and keeps the split with the
    fewest and smallest findings. An explicit plan is taken as written. Where findings remain, it plans
    once more with what the methods of split classes read bound by the facade instead of their class's
    module (`Pieces.hands_to_parts`), and keeps that split if it comes closer to the limits."""
    source = load_source(path)
    spec = load_spec(options.plan_path) if options.plan_path is not None else options.spec
    options = choose_layout(path, source, resolve_options(project_limits(options, path), spec))
    mro_changes: tuple[ChangedClass, ...] = ()
    if options.split_classes is ClassSplitMode.MIXINS:
        from refactor_tool.split.inputs import split_classes

        source, mro_changes = split_classes(source, options.max_lines - 1, path)
    analysis = namespace_read_while_loading(analyze_module(source, str(path)), ast.parse(source))
    relative = frozenset(s.index for s in analysis.statements if s.relative_import)
    parsed = ParsedModule(source, str(path), analysis.statements, relative)
    locations = Locations(source=path, dotted=module_name(path), layout=options.layout)
    plan_file = str(options.plan_path) if options.plan_path else (spec.source if spec else None)
    explicit = spec is not None and bool(spec.modules)
    best: GeneratedSplit | None = None
    for hands_to_parts in (True, False):
        if best is not None and not best.limits:
            break
        lines = options.max_lines
        for _ in range(1 if explicit else 1 + _REPLANS):
            split = _generate_at(lines, path, options, spec, plan_file, analysis, parsed, locations, mro_changes,
                                 hands_to_parts)
            if best is None or _shortfall(best) > _shortfall(split):
                best = split
            missed = _missed(split, lines)
            if not missed or lines - missed < options.max_lines // 2:
                break
            lines -= missed
    assert best is not None
    return best


def _missed(split: GeneratedSplit, planned: int) -> int:
    """By how many lines the largest new module that planning meant to fit is over the limit it was
    planned for, `planned` (0: none is over the real limit): one holding no statement near the limit
    by itself."""
    options, analysis = split.options, split.analysis
    over = 0
    for module in split.generated.modules:
        lines = count_lines(module.text)
        largest = max((analysis.statements[i].span for i in module.statements), default=options.max_lines)
        if over_limit(lines, options.max_lines) and not too_long_alone(largest, options.max_lines):
            over = max(over, lines - planned + 1)
    return over


def _shortfall(split: GeneratedSplit) -> tuple[int, int]:
    """How far a split is from its limits: findings, then the lines over the limit in all."""
    return len(split.limits), sum(max(0, f.actual - f.limit) for f in split.limits)


def _generate_at(lines: int, path: Path, options: SplitOptions, spec: PlanSpec | None, plan_file: str | None,
                 analysis: ModuleAnalysis, parsed: ParsedModule, locations: Locations,
                 mro_changes: tuple[ChangedClass, ...], hands_to_parts: bool = True) -> GeneratedSplit:
    """The split planned for modules under `lines`; its limits checked against `options.max_lines`.

    A class whose part planning had to put in the module of the class itself (they use each other
    while loading: pyparsing's `ParseExpression`) is planned again with its methods that run while
    loading and read other groups' names kept (`plan_class_splits`' `cautious`), then stays whole:
    the class would import its own module."""
    limit = lines if options.split_classes is ClassSplitMode.BODY else None
    files = max(1, options.max_new_files - _other_new_files(analysis, locations))
    whole: frozenset[int] = frozenset()
    cautious: frozenset[int] = frozenset()
    for _ in range(2 * _REPLANS + 1):
        splits = plan_class_splits(analysis, parsed, limit, taken_names(analysis, locations), keep=whole,
                                   cautious=cautious)
        placement = plan_modules(splits.analysis, locations, lines, files, spec,
                                 reserved=frozenset(splits.part_modules), hot_uses=splits.hot_uses,
                                 parts=splits.links, keep_module_name=options.keep_module_name,
                                 hands_to_parts=hands_to_parts)
        home = {i: d.relpath for d in placement.drafts for u in d.units for i in placement.graph.units[u]}
        beside = {owner for part, (owner, _) in splits.links.items() if part in home and home.get(owner) == home[part]}
        if not beside:
            break
        whole |= beside & cautious
        cautious |= beside
    full = (splits.analysis, parsed, placement)
    plans = splits.plans
    if splits.plans:
        placement = with_summaries(splits, placement)
        dotted_of = {d.relpath: locations.resolve(d.relpath, d.planned_line, plan_file)[1] for d in placement.drafts}
        facade = (locations.dotted, locations.layout is Layout.PACKAGE or locations.is_init)
        full = (splits.analysis, place_parts(splits, parsed, placement, dotted_of, facade), placement)
    generated = generate(*full, locations, keep_module_name=options.keep_module_name, plan_source=plan_file,
                         setters=module_setters(path, locations.dotted), rewrite_tests=options.rewrite_tests,
                         max_lines=options.max_lines, run_by_path=options.run_by_path)
    _check_plan(generated, full[0], options, spec, plan_file)
    _compiles(generated, path)
    owners = getattr(full[1], "parts", {})
    described = {index: plans[owner].held(number) for index, (owner, number) in owners.items()}
    limits = limit_findings(generated, full[0], plans, described, max_lines=options.max_lines,
                            max_new_files=options.max_new_files, source=path)
    parts = {p.module: plan.symbols(n) for plan in plans.values() for n, p in enumerate(plan.parts)}
    generated = replace(generated, modules=tuple(
        replace(m, symbols=parts.get(m.path.stem, m.symbols)) if not m.symbols else m for m in generated.modules))
    return GeneratedSplit(splits.analysis, placement, generated, locations, options, mro_changes, limits,
                  splits.hot_uses, splits.links)


def _other_new_files(analysis: ModuleAnalysis, locations: Locations) -> int:
    """New files besides the new modules: `__main__.py` for a main guard of a package, the
    `__init__.py` of a shim's new private package."""
    main = locations.layout is Layout.PACKAGE and any(s.kind is StatementKind.MAIN_GUARD for s in analysis.statements)
    folder = locations.source.parent / locations.private_package
    return int(main) + int(locations.layout is Layout.SHIM and not (folder / "__init__.py").exists())


def _check_plan(generated: Generated, analysis: ModuleAnalysis, options: SplitOptions,
                spec: PlanSpec | None, plan_file: str | None) -> None:
    """An explicit plan may not break the limits by its own choices: too many new files, or a module
    over the line limit that holds no definition too long by itself (an input error, exit 2)."""
    if spec is None or not spec.modules:
        return
    new_files = len(generated.modules) + len(generated.extra_files)
    if new_files > options.max_new_files:
        raise PlanError(f"plan creates {new_files} new files, more than --max-new-files {options.max_new_files}",
                        path=plan_file, line=spec.modules[0].line)
    for module in generated.modules:
        if not over_limit(count_lines(module.text), options.max_lines):
            continue
        biggest = max(analysis.statements[i].span for i in module.statements)
        if too_long_alone(biggest, options.max_lines):
            continue
        raise PlanError(f"{module.path.name} would have {module.lines} lines, over the limit of "
                        f"{options.max_lines}: move some of {', '.join(module.symbols[:6])} elsewhere",
                        path=plan_file, line=module.planned_line)


def _compiles(generated: Generated, path: Path) -> None:
    """Every generated file must at least compile; a split that cannot is refused, never written."""
    texts = [(m.path, m.text) for m in generated.modules] + [generated.facade, *generated.extra_files]
    for target, text in texts:
        try:
            compile(text, str(target), "exec", dont_inherit=True)
        except SyntaxError as error:
            raise PlanError(f"internal error: generated {target} does not compile ({error.msg}, line "
                            f"{error.lineno}); nothing written", path=path) from error
