"""Compare two signatures the way call sites see them: by position for positional calls, by name for keywords.

A change is reported only when some call that worked before can fail or change meaning now.
"""

from __future__ import annotations

from refactor_tool.api.annotations import canonical
from refactor_tool.api.kinds import BreakageKind
from refactor_tool.api.model import Parameter, ParamKind, Signature

Change = tuple[BreakageKind, str]


def _positional(signature: Signature) -> list[Parameter]:
    return [p for p in signature.parameters if p.kind.positional]


def _has(signature: Signature, kind: ParamKind) -> bool:
    return any(p.kind is kind for p in signature.parameters)


def _kind_breaks(old: ParamKind, new: ParamKind) -> bool:
    """Whether calls valid for `old` can be invalid for `new` (widening is fine, narrowing is not)."""
    allowed = {
        ParamKind.POSITIONAL_ONLY: {ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL_OR_KEYWORD},
        ParamKind.POSITIONAL_OR_KEYWORD: {ParamKind.POSITIONAL_OR_KEYWORD},
        ParamKind.KEYWORD_ONLY: {ParamKind.KEYWORD_ONLY, ParamKind.POSITIONAL_OR_KEYWORD},
    }
    return new not in allowed.get(old, {old})


def compare_signatures(old: Signature, new: Signature) -> tuple[list[Change], list[str]]:
    """(changes, additions): changes as (kind, detail) pairs; additions name new optional parameters."""
    changes: list[Change] = []
    new_by_name = {p.name: p for p in new.parameters}
    old_names = {p.name for p in old.parameters}
    old_pos, new_pos = _positional(old), _positional(new)
    renamed_to: set[str] = set()
    for param in old.parameters:
        if param.kind.variadic:
            if not _has(new, param.kind):
                star = "*" if param.kind is ParamKind.VAR_POSITIONAL else "**"
                changes.append((BreakageKind.PARAMETER_REMOVED, f"{star}{param.name}"))
            continue
        match = new_by_name.get(param.name)
        if match is None or match.kind.variadic:
            changes.extend(_missing(param, old_pos, new_pos, old_names, new, renamed_to))
            continue
        if _kind_breaks(param.kind, match.kind):
            changes.append(
                (BreakageKind.PARAMETER_KIND_CHANGED, f"{param.name}: {param.kind.value} -> {match.kind.value}")
            )
        elif param.kind.positional and match.kind.positional:
            before, after = old_pos.index(param), new_pos.index(match)
            if before != after:
                changes.append((BreakageKind.PARAMETER_MOVED, f"{param.name}: position {before} -> {after}"))
        if param.has_default and not match.has_default:
            changes.append((BreakageKind.DEFAULT_REMOVED, f"{param.name}: default {param.default} removed"))
        elif param.has_default and match.default != param.default:
            changes.append((BreakageKind.DEFAULT_CHANGED, f"{param.name}: {param.default} -> {match.default}"))
    additions: list[str] = []
    for param in new.parameters:
        if param.name in old_names or param.name in renamed_to:
            continue
        if param.required:
            changes.append((BreakageKind.REQUIRED_PARAMETER_ADDED, param.name))
        elif not param.kind.variadic or not _has(old, param.kind):
            additions.append(param.name)
    changes = _one_move_finding(changes)
    if old.is_async != new.is_async:
        changes.append((BreakageKind.ASYNC_CHANGED, "now async" if new.is_async else "no longer async"))
    if old.returns is not None and canonical(old.returns) != canonical(new.returns):
        changes.append((BreakageKind.RETURN_ANNOTATION_CHANGED, f"{old.returns} -> {new.returns}"))
    return changes, additions


def _one_move_finding(changes: list[Change]) -> list[Change]:
    """One inserted parameter shifts all that follow: report the moves as one change, not one per parameter."""
    moved = [detail for kind, detail in changes if kind is BreakageKind.PARAMETER_MOVED]
    if len(moved) < 2:
        return changes
    rest = [(kind, detail) for kind, detail in changes if kind is not BreakageKind.PARAMETER_MOVED]
    return [*rest, (BreakageKind.PARAMETER_MOVED, "; ".join(moved))]


def _missing(
    param: Parameter,
    old_pos: list[Parameter],
    new_pos: list[Parameter],
    old_names: set[str],
    new: Signature,
    renamed_to: set[str],
) -> list[Change]:
    """An old parameter with no namesake: a rename at the same position, swallowed by **kwargs, or removed."""
    if param.kind.positional:
        index = old_pos.index(param)
        if index < len(new_pos):
            candidate = new_pos[index]
            if candidate.name not in old_names:
                renamed_to.add(candidate.name)
                changes: list[Change] = []
                if param.kind is ParamKind.POSITIONAL_OR_KEYWORD and candidate.kind is not ParamKind.POSITIONAL_ONLY:
                    changes.append((BreakageKind.PARAMETER_RENAMED, f"{param.name} -> {candidate.name}"))
                elif param.kind is ParamKind.POSITIONAL_OR_KEYWORD:
                    changes.append(
                        (BreakageKind.PARAMETER_KIND_CHANGED, f"{param.name}: renamed {candidate.name}, positional-only")
                    )
                if param.has_default and not candidate.has_default:
                    changes.append((BreakageKind.DEFAULT_REMOVED, f"{param.name}: default {param.default} removed"))
                return changes
        if param.kind is ParamKind.POSITIONAL_ONLY and _has(new, ParamKind.VAR_POSITIONAL):
            return []
    elif _has(new, ParamKind.VAR_KEYWORD):
        return []  # keyword callers still land in **kwargs
    return [(BreakageKind.PARAMETER_REMOVED, param.name)]
