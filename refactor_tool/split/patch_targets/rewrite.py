"""Re-aim string patch targets (`mock.patch("pkg.core.helper")`) at the new home of what moved.

After a split, `pkg.core.helper` is only a re-export: patching it rebinds the name in `pkg.core`, while
code in `pkg.core._helpers` keeps calling its own `helper`, so the test silently stops intercepting
anything. Rewriting the string to `pkg.core._helpers.helper` patches where the code looks the name up.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from refactor_tool.errors import InputError
from refactor_tool.split.patch_targets.calls import (
    PatchCallFinder,
    PatchKind,
    PatchTarget,
    resolve_move,
)
from refactor_tool.split.patch_targets.imports import ImportTable
from refactor_tool.split.patch_targets.pruned import Path, PrunedTransformer, visit_pruned
from refactor_tool.syntax.dotted import dotted

__all__ = [
    "PatchKind",
    "PatchRewrite",
    "PatchTarget",
    "PatchTargetRewrite",
    "StalePatch",
    "find_patch_targets",
    "rewrite_patch_targets",
]


@dataclass(frozen=True, slots=True)
class PatchTargetRewrite:
    """One string target re-aimed: on `line`, the `call` (as written) now patches `new` instead of `old`."""

    line: int
    old: str
    new: str
    call: str


@dataclass(frozen=True, slots=True)
class StalePatch:
    """A patch the tool cannot rewrite although it now reaches only a re-export; `reason` says what to do."""

    line: int
    call: str
    target: str
    reason: str


@dataclass(frozen=True, slots=True)
class PatchRewrite:
    """The rewritten source, what was rewritten, and what still needs a human."""

    code: str
    rewrites: tuple[PatchTargetRewrite, ...]
    stale: tuple[StalePatch, ...] = ()


def _parse(source: str) -> tuple[cst.Module, ast.Module]:
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise InputError(f"cannot parse: {error.msg}", line=error.lineno) from error
    try:
        return cst.parse_module(source), tree
    except cst.ParserSyntaxError as error:
        raise InputError(f"cannot parse: {error.message}", line=error.raw_line) from error


# Last segments of the callees a patch call can have; statements without one are not visited.
_VERBS = frozenset({"patch", "dict", "multiple", "object", "setattr", "delattr"})


def _has_patch_call(nodes: Sequence[ast.AST]) -> bool:
    return any(
        isinstance(sub, ast.Call) and (dotted(sub.func) or "").rpartition(".")[2] in _VERBS
        for node in nodes
        for sub in ast.walk(node)
    )


def _find(module: cst.Module, tree: ast.Module) -> PatchCallFinder:
    """Visit with LibCST only the innermost statements that `ast` says hold a possible patch call."""
    finder = PatchCallFinder(ImportTable(tree))
    visit_pruned(module.body, tree.body, finder, _has_patch_call)
    finder.finish(tree)
    return finder


def _may_mention(source: str, moves: Mapping[str, str]) -> bool:
    """Cheap pre-filter: a file that never names the top package of a moved path has nothing to re-aim.

    String targets spell the whole path, and object forms need an import of the package, so both
    contain its first segment as a word.
    """
    heads = {old.split(".")[0] for old in moves}
    return any(re.search(rf"\b{re.escape(head)}\b", source) for head in heads)


def find_patch_targets(source: str) -> tuple[PatchTarget, ...]:
    """Every patch call that names its target by a dotted string (or a module object), in source order.

    Gathers only; used to list targets when tests are not to be rewritten (`--no-rewrite-tests`).
    """
    found = _find(*_parse(source)).found
    return tuple(sorted(found, key=lambda t: t.line))


def _multiple_home(target: PatchTarget, moves: Mapping[str, str]) -> tuple[str | None, str | None]:
    """patch.multiple("pkg.core", helper=...): the module all named attributes moved to, or why not.

    Returns (new target, None) when every attribute moved to one new module under its own name,
    (None, reason) when only some moved or they went to different places, (None, None) when none moved.
    """
    homes: dict[str, str | None] = {
        name: resolve_move(f"{target.target}.{name}", moves) for name in target.attributes
    }
    moved = {name: new for name, new in homes.items() if new is not None}
    if not moved:
        return None, None
    parents = {new.rpartition(".")[0] for new in moved.values()}
    renamed = [name for name, new in moved.items() if new.rpartition(".")[2] != name]
    if len(moved) == len(homes) and len(parents) == 1 and not renamed:
        return parents.pop(), None
    where = ", ".join(f"{name} -> {new}" for name, new in sorted(moved.items()))
    return (
        None,
        f"the attributes moved apart ({where}); split this patch.multiple into one call per module",
    )


def _plan(
    finder: PatchCallFinder, moves: Mapping[str, str]
) -> tuple[dict[cst.CSTNode, str], list[StalePatch]]:
    """For each string node or object-form call to rewrite, the new dotted path; and what stays stale."""
    new_paths: dict[cst.CSTNode, str] = {}
    stale: list[StalePatch] = []
    nodes: dict[int, cst.CSTNode] = {id(t): node for node, t in finder.strings.items()}
    nodes |= {id(t): call for call, t in finder.calls.items()}
    for target in finder.found:
        new = resolve_move(target.target, moves)
        if target.kind is PatchKind.OBJECT:
            owner = target.target.rpartition(".")[0]
            if new is None or resolve_move(owner, moves) is not None:
                continue  # the object itself moved whole (or nothing did): it is still the same object
            if id(target) in nodes:
                new_paths[nodes[id(target)]] = new
            else:
                reason = f"patches the re-export through a module object; patch {new} instead"
                stale.append(StalePatch(target.line, target.call, target.target, reason))
            continue
        if new is None and target.kind is PatchKind.MULTIPLE:
            new, reason = _multiple_home(target, moves)
            if reason is not None:
                stale.append(StalePatch(target.line, target.call, target.target, reason))
        if new is not None and new != target.target:
            new_paths[nodes[id(target)]] = new
    return new_paths, stale


class _RewritePatches(PrunedTransformer):
    """Re-aims the chosen targets, keeping everything else byte for byte.

    A string keeps its prefix and quotes; an object-form call (`patch.object(core, "helper", new)`)
    becomes its string form (`patch("pkg.core._helpers.helper", new)`) in the attribute's quotes.
    """

    def __init__(self, new_paths: Mapping[cst.CSTNode, str], paths: Collection[Path]) -> None:
        super().__init__(paths)
        self.new_paths = new_paths

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        new = self.new_paths.get(original_node)
        if new is None:
            return updated_node
        return updated_node.with_changes(value=_quoted(original_node, new))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        new = self.new_paths.get(original_node)
        if new is None:
            return updated_node
        first, second, *rest = updated_node.args
        assert isinstance(second.value, cst.SimpleString)
        path = cst.SimpleString(_quoted(second.value, new))
        func = updated_node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "object":
            func = func.value
        fused = first.with_changes(value=path, comma=second.comma)
        return updated_node.with_changes(func=func, args=[fused, *rest])


def _quoted(like: cst.SimpleString, text: str) -> str:
    """`text` as a literal with the same prefix and quotes as `like`."""
    return f"{like.prefix}{like.quote}{text}{like.quote}"


def rewrite_patch_targets(source: str, moves: Mapping[str, str]) -> PatchRewrite:
    """Re-aim every string patch target under a moved dotted path; everything else stays byte-identical.

    `moves` maps old dotted paths to new ones (`{"pkg.core.helper": "pkg.core._helpers.helper"}`); a
    target matches on whole segments (`pkg.core.helpers` is not under `pkg.core.help`), the longest
    moved prefix wins, and what follows it is kept (`pkg.core.Widget.grow` follows `pkg.core.Widget`).
    """
    if not _may_mention(source, moves):
        return PatchRewrite(source, ())
    module, tree = _parse(source)
    finder = _find(module, tree)
    new_paths, stale = _plan(finder, moves)
    if not new_paths:
        return PatchRewrite(source, (), tuple(stale))
    paths = {finder.path_of[node] for node in new_paths}
    code = module.visit(_RewritePatches(new_paths, paths)).code
    targets: dict[cst.CSTNode, PatchTarget] = {**finder.strings, **finder.calls}
    rewrites = tuple(
        sorted(
            (
                PatchTargetRewrite(
                    targets[node].line, targets[node].target, new, targets[node].call
                )
                for node, new in new_paths.items()
            ),
            key=lambda r: r.line,
        )
    )
    return PatchRewrite(code, rewrites, tuple(stale))
