"""Join several modules into one: the inverse of a split.

Imports between the merged modules go, the rest are deduplicated at the top, `from __future__` appears
once, definitions come before their import-time uses, and two different definitions of one name are
refused rather than letting the later one silently win.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import libcst as cst

from refactor_tool.errors import InputError, PlanError
from refactor_tool.merging.class_parts import rejoin_class_parts
from refactor_tool.merging.imports import rewrite_imports
from refactor_tool.merging.imports_block import import_block
from refactor_tool.merging.model import MergeResult, MergeWarning, MergeWarningKind, SourceModule
from refactor_tool.merging.order import merge_order
from refactor_tool.merging.parts import BodyStatement, ModuleParts, module_parts
from refactor_tool.merging.scaffolding import generated, generated_docstring, is_scaffolding
from refactor_tool.merging.shims import own_names, shim_text
from refactor_tool.syntax.facts import module_bindings, parse_source
from refactor_tool.syntax.source import utf8_text


def _parse(source: SourceModule) -> cst.Module:
    try:
        return cst.parse_module(source.text)
    except cst.ParserSyntaxError as error:
        raise InputError(
            f"syntax error: {error.message}", path=source.path, line=error.raw_line
        ) from None


def _deduplicated(
    parts: Sequence[ModuleParts],
) -> tuple[list[list[BodyStatement]], list[str], dict[str, str]]:
    """Drop later copies of identical definitions; refuse a name defined differently in two modules."""
    bodies: list[list[BodyStatement]] = []
    earlier: dict[str, tuple[str, str]] = {}
    dropped: list[str] = []
    for part in parts:
        kept = []
        for statement in part.body:
            copies = [earlier.get(n) for n in statement.facts.binds]
            if statement.facts.binds and all(
                c is not None and c[0] == statement.bare for c in copies
            ):
                dropped.extend(sorted(statement.facts.binds))
                continue
            kept.append(statement)
        for statement in kept:
            for name in statement.facts.binds:
                earlier.setdefault(name, (statement.bare, part.source.name))
        bodies.append(kept)
    definer: dict[str, str] = {}
    clashes: dict[str, set[str]] = {}
    for part, body in zip(parts, bodies, strict=True):
        for statement in body:
            for name in statement.facts.binds:
                first = definer.setdefault(name, part.source.name)
                if first != part.source.name:
                    clashes.setdefault(name, {first}).add(part.source.name)
    if clashes:
        detail = "; ".join(f"`{n}` in {', '.join(sorted(m))}" for n, m in sorted(clashes.items()))
        raise PlanError(f"these names are defined differently in several modules: {detail}")
    return bodies, list(dict.fromkeys(dropped)), definer


def _docstring(parts: Sequence[ModuleParts], into_name: str) -> str | None:
    """The target's own docstring when it is one of the modules (undoing a split), else all of them;
    the docstrings a split wrote ("Split out of ...") say nothing the merged module needs."""
    written = [p for p in parts if p.docstring and not generated_docstring(p.docstring)]
    owner = [p for p in written if p.source.name == into_name]
    with_docs = owner or written
    if len(with_docs) == 1:
        return with_docs[0].docstring_code
    if not with_docs:
        return None
    names = textwrap.fill(f"Merged from {', '.join(p.source.name for p in parts)}.", width=96)
    text = "\n\n".join([names, *(p.docstring or "" for p in with_docs)])
    return '"""' + text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"') + '\n"""'


def _all_line(parts: Sequence[ModuleParts], into_name: str) -> str | None:
    """The `__all__` of the module merged into (undoing a split keeps the package's), else the union.

    `into_name` may name the module a facade took its `__all__` from (`from ._x import __all__`).
    """
    if all(p.exports is None for p in parts):
        return None
    if any(
        p.source.name == into_name and any("__all__" in b.facts.binds for b in p.body)
        for p in parts
    ):
        return None  # the target computes its own `__all__` in its body
    owner = [p.exports for p in parts if p.source.name == into_name and p.exports is not None]
    names = (
        list(owner[0]) if owner else list(dict.fromkeys(n for p in parts for n in p.public_names()))
    )
    lines = "".join(f'    "{n}",\n' for n in names)
    return f"__all__ = [\n{lines}]"


def _pinned_name(statement: BodyStatement) -> str | None:
    """The name a `__name__ = 'pkg.mod'` statement (left by `split --keep-module-name`) gives the module."""
    if statement.facts.binds != {"__name__"}:
        return None
    node = ast.parse(statement.code).body
    if len(node) == 1 and isinstance(node[0], ast.Assign) and isinstance(node[0].value, ast.Constant):
        value = node[0].value.value
        return value if isinstance(value, str) else None
    return None


def _deletions(parts: Sequence[ModuleParts], bodies: Sequence[Sequence[BodyStatement]]) -> list[str]:
    """One `del` at the end for the modules' top-level `del`s, except names merged code still calls on.

    Each module deleted its own binding; merged, they share one, so a name another module uses when
    called stays (a slightly larger namespace rather than a NameError).
    """
    needed = {
        n
        for body in bodies
        for statement in body
        for n in statement.facts.uses_when_called | statement.facts.uses_annotation
    }
    deleted = dict.fromkeys(n for p in parts for n in p.deleted)
    # A split package's `__init__` deletes the names its submodules' imports bound in it; merged, they
    # are not modules any more.
    merged = {p.source.name.rpartition(".")[2] for p in parts}
    return [n for n in deleted if n not in needed and not generated(n) and n not in merged]


def _keeps_main(part: ModuleParts, into: Path) -> bool:
    """The script part of the module merged into, or of a package's `__main__.py`, stays a script part."""
    return part.source.path.resolve() == into.resolve() or part.source.path.name == "__main__.py"


def _comments(lines: Sequence[cst.EmptyLine]) -> str:
    return "\n".join(line.comment.value for line in lines if line.comment is not None)


def _header(part: ModuleParts) -> str:
    """A module's header comments; the merged module is UTF-8, so a cookie naming another encoding goes."""
    return utf8_text(_comments(part.module.header), part.source.encoding)


def _section(template: cst.Module, nodes: Sequence[cst.BaseStatement]) -> str:
    return template.with_changes(body=tuple(nodes), header=(), footer=()).code.strip("\r\n")


def _renamed(parts: Sequence[ModuleParts], into_name: str) -> list[str]:
    """Modules whose classes and functions report another `__module__` once merged: not the module
    merged into, nor one a split pinned to a name (`__name__ = 'pkg.mod'`), and only if it has some."""
    return [
        p.source.name
        for p in parts
        if p.source.name != into_name
        and not any(_pinned_name(s) for s in p.body)
        and any(s.facts.definition for s in p.body)
    ]


def _warnings(parts: Sequence[ModuleParts], into: Path, into_name: str) -> list[MergeWarning]:
    warnings = []
    if renamed := _renamed(parts, into_name):
        detail = f"{into_name} instead of {', '.join(renamed)}"
        warnings.append(MergeWarning(MergeWarningKind.MODULE_NAME_CHANGES, detail))
    futures = {f for p in parts for f in p.futures}
    if any(set(p.futures) != futures for p in parts):
        detail = f"all code now runs under `from __future__ import {', '.join(sorted(futures))}`"
        warnings.append(MergeWarning(MergeWarningKind.FUTURE_IMPORTS_DIFFER, detail))
    for part in parts:
        if part.main_blocks and not _keeps_main(part, into):
            warnings.append(MergeWarning(MergeWarningKind.MAIN_BLOCK_DROPPED, part.source.name))
    return warnings


def _assemble(
    parts: Sequence[ModuleParts],
    bodies: Sequence[Sequence[BodyStatement]],
    imports: Sequence[cst.SimpleStatementLine],
    into: Path,
    into_name: str,
    all_owner: str,
    deleted: Sequence[str],
) -> str:
    """Header, docstring, `__future__`, imports, `__all__`, the bodies in order, `del`s, script part."""
    template = parts[0].module
    futures = list(dict.fromkeys(f for p in parts for f in p.futures))
    top = [_header(parts[0]), _docstring(parts, into_name) or ""]
    top.append(f"from __future__ import {', '.join(futures)}" if futures else "")
    top.append(_section(template, imports) if imports else "")
    top.append(_all_line(parts, all_owner) or "")
    chunks = ["\n\n".join(c for c in top if c)]
    started: set[int] = {0}
    for run in merge_order(bodies):
        index = run[0][0]
        header = "" if index in started else _header(parts[index])
        started.add(index)
        section = "".join(bodies[index][n].code for _, n in run).strip("\r\n")
        chunks.append(f"{header}\n{section}" if header else section)
    chunks.append(f"del {', '.join(deleted)}" if deleted else "")
    mains = [m for p in parts if _keeps_main(p, into) for m in p.main_blocks]
    chunks.append(_section(template, mains) if mains else "")
    chunks.append("\n".join(c for p in parts if (c := _comments(p.module.footer))))
    return "\n\n\n".join(c for c in chunks if c) + "\n"


def merge_modules(sources: Sequence[SourceModule], *, into: Path, into_name: str) -> MergeResult:
    """The merged module's code; a pure function of the inputs' text and names."""
    if len(sources) < 2:
        raise InputError("merge needs at least two modules")
    sources = rejoin_class_parts(sources)
    merged = [s.name for s in sources]
    target = SourceModule(into, into_name, "")
    trees = [parse_source(s.text, str(s.path)) for s in sources]
    defined = frozenset().union(*(module_bindings(tree) for tree in trees))
    parts: list[ModuleParts] = []
    all_sources: dict[str, str | None] = {}
    dropped_imports = 0
    for source, tree in zip(sources, trees, strict=True):
        module, dropped, all_from = rewrite_imports(
            _parse(source), tree, source, merged, defined, target
        )
        all_sources[source.name] = all_from
        dropped_imports += dropped
        part = module_parts(source, module, owns_all=source.name == into_name)
        # A split's wiring goes before anything compares what the modules define.
        kept = tuple(s for s in part.body if not is_scaffolding(s))
        parts.append(replace(part, body=kept))
    bodies, deduplicated, definer = _deduplicated(parts)
    warnings = _warnings(parts, into, into_name)
    bodies = [
        [s for s in body if _pinned_name(s) != into_name and not is_scaffolding(s)] for body in bodies
    ]
    imports, imported = import_block(parts, target.package, definer)
    all_owner = all_sources.get(into_name) or into_name
    deleted = _deletions(parts, bodies)
    code = _assemble(parts, bodies, imports, into, into_name, all_owner, deleted)
    try:
        compile(code, str(into), "exec")
    except SyntaxError as error:  # pragma: no cover - a bug in merge, never the user's input
        raise PlanError(
            f"merge produced invalid code: {error.msg}", path=into, line=error.lineno
        ) from None
    return MergeResult(
        into,
        into_name,
        code,
        tuple(s.path for s in sources),
        dropped_imports,
        tuple(deduplicated),
        tuple(warnings),
        _shims(parts, trees, bodies, imported, deleted, into, into_name),
    )


def _shims(
    parts: Sequence[ModuleParts],
    trees: Sequence[ast.Module],
    bodies: Sequence[Sequence[BodyStatement]],
    imported: frozenset[str],
    deleted: Sequence[str],
    into: Path,
    into_name: str,
) -> tuple[tuple[Path, str], ...]:
    """A re-exporting module for each merged module at another path than the merged one."""
    bound = ({n for body in bodies for s in body for n in s.facts.defines} | imported) - set(deleted)
    return tuple(
        (p.source.path, shim_text(p.source, own_names(tree) & bound, p.exports, into_name))
        for p, tree in zip(parts, trees, strict=True)
        if p.source.path.resolve() != into.resolve()
    )
