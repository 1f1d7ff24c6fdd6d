"""Compare two surfaces path by path: breaking changes, warnings and additions, allow entries applied.

A re-export is compared through to its definition, so a move is silent and a changed signature is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from refactor_tool.api.ancestry import stdlib_ancestors
from refactor_tool.api.kinds import Addition, BreakageKind, Finding
from refactor_tool.api.model import Entry, EntryKind, Problem, Surface
from refactor_tool.api.params import compare_signatures

_DATA = frozenset({EntryKind.CONSTANT, EntryKind.ATTRIBUTE, EntryKind.PROPERTY})
_UNKNOWN = frozenset({EntryKind.DYNAMIC, EntryKind.EXTERNAL, EntryKind.RUNTIME})
_COMPATIBLE = frozenset(
    {
        (EntryKind.METHOD, EntryKind.CLASSMETHOD),
        (EntryKind.METHOD, EntryKind.STATICMETHOD),
        (EntryKind.CLASSMETHOD, EntryKind.STATICMETHOD),
        (EntryKind.STATICMETHOD, EntryKind.CLASSMETHOD),
    }
)


@dataclass(frozen=True, slots=True)
class ApiDiff:
    """The result of one comparison; `exit_code` is 2 on unreadable input, 1 on an unaccepted break."""

    old: str
    new: str
    findings: tuple[Finding, ...]
    additions: tuple[Addition, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def breaking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.breaking)

    @property
    def accepted(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.accepted is not None)

    @property
    def exit_code(self) -> int:
        return 2 if self.problems else (1 if self.breaking else 0)


def kinds_compatible(old: EntryKind, new: EntryKind) -> bool:
    return old is new or (old in _DATA and new in _DATA) or (old, new) in _COMPATIBLE


class _Index:
    """Lookups over one surface: entries by path, and every path that names the same definition."""

    def __init__(self, surface: Surface) -> None:
        self.surface = surface
        self.entries = surface.by_path()
        self.names: dict[str, set[str]] = {}
        self.by_target: dict[str, Entry] = {}
        self._definitions: dict[str, str] = {}
        self.children: dict[str, dict[str, Entry]] = {}
        self._members: dict[str, dict[str, Entry]] = {}
        for entry in surface.entries:
            key = entry.target or entry.path
            self.names.setdefault(key, {key}).add(entry.path)
            self.by_target.setdefault(key, entry)
            self.children.setdefault(entry.parent, {})[entry.name] = entry

    def members(self, path: str, depth: int = 0) -> dict[str, Entry]:
        """Every member of the class at `path`: its own paths, then what its known bases provide."""
        if path in self._members:
            return self._members[path]
        found = dict(self.children.get(path, {}))
        entry = self.entries.get(path)
        if entry is not None and depth < 12:
            for base in entry.bases:
                known = self.by_target.get(base) or self.entries.get(base)
                if known is not None and known.kind is EntryKind.CLASS and known.path != path:
                    for name, member in self.members(known.path, depth + 1).items():
                        found.setdefault(name, member)
        self._members[path] = found
        return found

    def inherited(self, path: str) -> Entry | None:
        """The entry a class now provides for the member `path` through a base (no path of its own)."""
        parent, _, name = path.rpartition(".")
        owner = self.entries.get(parent)
        if owner is None or owner.kind is not EntryKind.CLASS:
            return None
        return self.members(parent).get(name)

    def definition(self, path: str) -> str:
        """Where `path` is defined: its target, else its parent's definition plus its name (targets a parent
        implies are not stored)."""
        if path in self._definitions:
            return self._definitions[path]
        entry = self.entries.get(path)
        if entry is None or entry.target:
            found = entry.target if entry is not None else path
        elif entry.parent in self.entries:
            found = f"{self.definition(entry.parent)}.{entry.name}"
        else:
            found = path
        self._definitions[path] = found
        return found

    def keys(self, base: str) -> set[str]:
        return self.names.get(base, {base})

    def ancestors(self, entry: Entry) -> set[str]:
        """Every name of every base, transitively through classes this surface knows."""
        found: set[str] = set()
        todo = list(entry.bases)
        while todo:
            base = todo.pop()
            if base in found:
                continue
            found |= self.keys(base)
            known = self.by_target.get(base) or self.entries.get(base)
            if known is not None:
                todo.extend(b for b in known.bases if b not in found)
            else:
                found |= stdlib_ancestors(base)
        return found

    def nearest(self, path: str) -> Entry | None:
        """The closest existing ancestor of `path` (where a removed name used to live)."""
        while "." in path:
            path = path.rpartition(".")[0]
            if path in self.entries:
                return self.entries[path]
        return None


def _last(name: str) -> str:
    return name.rpartition(".")[2]


def _bases_removed(old: _Index, new: _Index, before: Entry, after: Entry, package: str) -> list[str]:
    kept = new.ancestors(after)
    kept_private = {_last(k) for k in kept if k.startswith(package + ".")}
    removed = []
    for base in before.bases:
        if old.keys(base) & kept:
            continue
        if base.startswith(package + ".") and _last(base) in kept_private:
            continue  # an internal base that moved to another (private) module
        removed.append(base)
    return removed


def dynamic_candidates(old: Surface, new: Surface) -> tuple[str, ...]:
    """Paths only an import can settle: gone from a module with `__getattr__`, or served by one."""
    new_index = _Index(new)
    candidates = []
    for entry in old.entries:
        after = new_index.entries.get(entry.path)
        now_dynamic = after is not None and after.kind is EntryKind.DYNAMIC
        if now_dynamic or (after is None and entry.kind is EntryKind.RUNTIME):
            candidates.append(entry.path)
        elif after is None:
            home = new_index.nearest(entry.path)
            if home is not None and home.kind is EntryKind.MODULE and (home.target or home.path) in new.dynamic_modules:
                candidates.append(entry.path)
    return tuple(candidates)


def diff_surfaces(
    old: Surface,
    new: Surface,
    *,
    allow: Mapping[str, str] | None = None,
    runtime: Mapping[str, bool] | None = None,
) -> ApiDiff:
    """Findings for every old path, additions for new ones; `runtime` maps probed paths to "still imports"."""
    old_index, new_index = _Index(old), _Index(new)
    runtime = runtime or {}
    findings: list[tuple[tuple[object, ...], Finding]] = []  # (what changed, the finding)
    additions: list[Addition] = []
    for before in old.entries:
        path = before.path
        if old.is_unknown(path) or new.is_unknown(path):
            continue
        after = new_index.entries.get(path) or new_index.inherited(path)
        if after is None:
            gone = old_index.definition(path)
            findings.extend(((f.kind, f.detail, gone), f) for f in _removed(old_index, new_index, before, runtime))
            continue
        file = _display(new, after.file)
        changes, added = _compare(old_index, new_index, before, after, runtime, new.package)
        changed = new_index.definition(after.path)
        findings.extend(
            ((kind, detail, changed), Finding(kind, path, detail, file, after.line)) for kind, detail in changes
        )
        additions.extend(Addition(path, "parameter", name) for name in added)
    findings.extend(_lost_inherited(old_index, new_index))
    for after in new.entries:
        if after.path in old_index.entries or old.is_unknown(after.path) or old_index.inherited(after.path):
            continue
        parent = after.parent
        if parent and parent in new_index.entries and parent not in old_index.entries:
            continue
        additions.append(Addition(after.path, after.kind.value))
    accepted = _group([(key, _accept(f, allow or {})) for key, f in findings], new_index)
    return ApiDiff(old.package, new.package, accepted, tuple(additions), (*old.problems, *new.problems))


def _lost_inherited(old: _Index, new: _Index) -> list[tuple[tuple[object, ...], Finding]]:
    """Members a class had through a base (a base removed, or a base that lost them), per class."""
    lost: list[tuple[tuple[object, ...], Finding]] = []
    for before in old.surface.entries:
        after = new.entries.get(before.path)
        if before.kind is not EntryKind.CLASS or after is None or after.kind is not EntryKind.CLASS:
            continue
        now = new.members(before.path)
        for name, member in old.members(before.path).items():
            path = f"{before.path}.{name}"
            if path in old.entries or name in now or name.startswith("_"):
                continue  # own paths are compared one by one
            finding = Finding(BreakageKind.CLASS_MEMBER_REMOVED, path, member.kind.value, _display(new.surface, after.file))
            lost.append(((finding.kind, finding.detail, old.definition(member.path)), finding))
    return lost


def _group(findings: list[tuple[tuple[object, ...], Finding]], new: _Index) -> tuple[Finding, ...]:
    """One finding per changed definition, at the path that names it best; the other paths go in `also`.

    A definition re-exported at three paths changes once, so it is reported once (with its three paths).
    """

    def rank(finding: Finding) -> tuple[int, int, str]:
        defined = new.definition(finding.path)
        owner = new.by_target.get(defined.rpartition(".")[0]) or new.entries.get(defined.rpartition(".")[0])
        # A method is best named through the class that defines it: `ParamType.m`, not `Choice.m`.
        inherited = (
            owner is not None and owner.kind is EntryKind.CLASS
            and defined.split(".")[-2:] != finding.path.split(".")[-2:]
        )
        return (1 if inherited else 0, finding.path.count("."), finding.path)

    groups: dict[tuple[object, ...], list[Finding]] = {}
    order: list[tuple[object, ...]] = []
    for changed, finding in findings:
        key = (*changed, finding.accepted)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(finding)
    grouped = []
    for key in order:
        members = sorted(groups[key], key=rank)
        first = members[0]
        grouped.append(replace(first, also=tuple(f.path for f in members[1:])))
    return tuple(sorted(grouped, key=lambda f: (f.path, f.kind.slug)))


def _display(surface: Surface, file: str | None) -> str | None:
    if file is None:
        return None
    return f"{surface.root.rstrip('/')}/{file}" if surface.root and surface.root != "." else file


def _removed(old: _Index, new: _Index, before: Entry, runtime: Mapping[str, bool]) -> list[Finding]:
    path = before.path
    parent = before.parent
    if parent in old.entries and parent not in new.entries:
        return []  # the parent's removal is the finding
    if parent in old.entries and parent in new.entries and old.entries[parent].kind is not new.entries[parent].kind:
        return []  # the parent's change of kind is the finding
    if runtime.get(path):
        return []  # gone statically, but it still imports (module __getattr__, made at import time)
    if before.kind is EntryKind.RUNTIME and path not in runtime:
        return [Finding(BreakageKind.RUNTIME_UNCHECKED, path, before.value_kind or "")]
    home = new.nearest(path)
    file = _display(new.surface, home.file) if home is not None else None
    detail = ""
    if home is not None and (home.target or home.path) in new.surface.dynamic_modules and path not in runtime:
        detail = "the module defines __getattr__; --import can check whether it still serves this name"
    elif path in runtime:
        detail = "it does not resolve when the new package is imported either"
    if home is not None and home.kind is EntryKind.CLASS and home.path == parent:
        return [Finding(BreakageKind.CLASS_MEMBER_REMOVED, path, detail or before.kind.value, file)]
    return [Finding(BreakageKind.PATH_REMOVED, path, detail or before.kind.value, file)]


def _compare(
    old: _Index, new: _Index, before: Entry, after: Entry, runtime: Mapping[str, bool], package: str
) -> tuple[list[tuple[BreakageKind, str]], list[str]]:
    if after.kind is EntryKind.DYNAMIC and before.kind is not EntryKind.DYNAMIC:
        if before.path not in runtime:
            return [(BreakageKind.NOW_DYNAMIC, f"was a {before.kind.value}")], []
        if not runtime[before.path]:
            return [(BreakageKind.PATH_REMOVED, "module __getattr__ does not serve it at import time")], []
        return [], []
    if before.kind in _UNKNOWN or after.kind in _UNKNOWN:
        return [], []
    if not kinds_compatible(before.kind, after.kind):
        return [(BreakageKind.KIND_CHANGED, f"{before.kind.value} -> {after.kind.value}")], []
    changes: list[tuple[BreakageKind, str]] = []
    added: list[str] = []
    if before.signature is not None and after.signature is not None:
        changes, added = compare_signatures(before.signature, after.signature)
    if before.kind is EntryKind.CLASS:
        changes.extend((BreakageKind.BASE_CLASS_REMOVED, base) for base in _bases_removed(old, new, before, after, package))
    if before.kind is EntryKind.MODULE and before.exports is not None:
        exported = set(after.exports) if after.exports is not None else {
            e.name for e in new.surface.entries if e.parent == after.path and not e.name.startswith("_")
        }
        changes.extend((BreakageKind.ALL_ENTRY_REMOVED, name) for name in before.exports if name not in exported)
    return changes, added


def _accept(finding: Finding, allow: Mapping[str, str]) -> Finding:
    """An allow entry names a path (or `prefix.*`) and gives the reason it is accepted."""
    for pattern, reason in allow.items():
        exact = pattern == finding.path
        prefix = pattern.endswith(".*") and finding.path.startswith(pattern[:-1])
        if exact or prefix:
            return replace(finding, accepted=reason)
    return finding
