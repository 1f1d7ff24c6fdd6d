"""Join parsed modules into public import paths, following re-exports to the definitions they name.

A path is public when no part after the package starts with `_` or when an `__all__` lists it;
an import of a package-internal name is a re-export, so it is a public path of its own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, replace

from refactor_tool.api.model import Entry, EntryKind, Signature, Surface
from refactor_tool.api.parse import Definition, Import, ModuleInfo, join_class_parts

_MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class _Target:
    """What a name resolves to: a module, a definition (`qualname` inside `module`), external or dynamic."""

    kind: str  # "module" | "def" | "external" | "dynamic"
    module: str
    qualname: str = ""
    definition: Definition | None = None

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.qualname}" if self.qualname else self.module


def _private(name: str) -> bool:
    return name.startswith("_")


class Resolver:
    """Resolves names across modules with cycle guards; one instance per surface."""

    def __init__(self, package: str, modules: Mapping[str, ModuleInfo]) -> None:
        self.package = package
        self.modules = modules
        self._all_cache: dict[str, tuple[str, ...] | None] = {}
        self._star_cache: dict[str, tuple[str, ...]] = {}

    def internal(self, module: str) -> bool:
        """Inside the package, or a companion we have the source of (a shim's private `_mod` package)."""
        return module == self.package or module.startswith(self.package + ".") or module in self.modules

    # -- names -------------------------------------------------------------------------------------
    def resolve(self, module: str, name: str, seen: frozenset[tuple[str, str]] = frozenset()) -> _Target | None:
        if (module, name) in seen or len(seen) > _MAX_DEPTH:
            return None
        seen = seen | {(module, name)}
        info = self.modules.get(module)
        if info is None or info.problem is not None:
            return None
        binding = info.bindings.get(name)
        if isinstance(binding, Definition):
            if binding.alias_of is not None:  # `make = _make_impl` names the same function
                aliased = self.resolve_expression(module, binding.alias_of, seen)
                if aliased is not None and aliased.kind == "def":
                    return aliased
            return _Target("def", module, name, binding)
        if isinstance(binding, Import):
            return self._resolve_import(binding, seen)
        for star in info.star_imports:
            if star in self.modules and name in self.star_names(star):
                found = self.resolve(star, name, seen)
                if found is not None:
                    return found
        if info.is_package and f"{module}.{name}" in self.modules:
            return _Target("module", f"{module}.{name}")
        if name in info.getattr_names:
            return _Target("dynamic", module, name)
        return None

    def _resolve_import(self, binding: Import, seen: frozenset[tuple[str, str]]) -> _Target | None:
        if binding.name is None:
            kind = "module" if binding.module in self.modules else "external"
            return _Target(kind, binding.module)
        if binding.module not in self.modules:
            if self.internal(binding.module):
                return None  # an internal module that does not exist (or failed to parse)
            return _Target("external", f"{binding.module}.{binding.name}")
        found = self.resolve(binding.module, binding.name, seen)
        if found is None and f"{binding.module}.{binding.name}" in self.modules:
            return _Target("module", f"{binding.module}.{binding.name}")
        if found is None and self.modules[binding.module].has_getattr:
            return _Target("dynamic", binding.module, binding.name)
        return found

    def _is_module(self, binding: Import) -> bool:
        found = self._resolve_import(binding, frozenset())
        return found is not None and found.kind == "module"

    def all_names(self, module: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
        """The static `__all__` (with `sub.__all__` parts expanded), or None when the module has none."""
        if module in self._all_cache:
            return self._all_cache[module]
        info = self.modules.get(module)
        if info is None or not info.has_all or info.all_dynamic or module in seen:
            return None  # no `__all__`, or one computed at import time: only --import can read it
        names = list(info.all_names)
        for ref in info.all_refs:
            binding = info.bindings.get(ref)
            if isinstance(binding, Import):
                target = binding.module if binding.name is None else f"{binding.module}.{binding.name}"
                names.extend(self.all_names(target, seen | {module}) or ())
        result = tuple(dict.fromkeys(names))
        self._all_cache[module] = result
        return result

    def star_names(self, module: str, seen: frozenset[str] = frozenset()) -> tuple[str, ...]:
        """What `from module import *` binds: `__all__`, else every name without a leading underscore."""
        if module in self._star_cache:
            return self._star_cache[module]
        explicit = self.all_names(module)
        if explicit is not None:
            return explicit
        info = self.modules[module]
        names = [n for n in info.bindings if not _private(n)]
        for star in info.star_imports:
            if star in self.modules and star not in seen and star != module:
                names.extend(self.star_names(star, seen | {module}))
        result = tuple(dict.fromkeys(names))
        if not seen:
            self._star_cache[module] = result
        return result

    def public_names(self, module: str) -> list[str]:
        """Names of `module` that make public paths: definitions, internal re-exports, `__all__`, submodules."""
        info = self.modules[module]
        listed = self.all_names(module) or ()
        names: list[str] = list(listed)
        for name, binding in info.bindings.items():
            if _private(name) or name in listed:
                continue
            if isinstance(binding, Definition) or binding.explicit:
                names.append(name)
            elif binding.name is not None and self.internal(binding.module) and not self._is_module(binding):
                names.append(name)  # a re-export; `from . import sibling` is plumbing, not surface
        for star in info.star_imports:
            if star in self.modules:
                names.extend(n for n in self.star_names(star) if not _private(n))
        names.extend(info.getattr_names)
        if info.is_package:
            prefix = module + "."
            names.extend(
                rest for m in self.modules
                if m.startswith(prefix) and "." not in (rest := m[len(prefix):]) and not _private(rest)
            )
        return [n for n in dict.fromkeys(names) if not (n.startswith("__") and n.endswith("__"))]

    # -- classes -----------------------------------------------------------------------------------
    def resolve_expression(
        self, module: str, dotted: str, seen: frozenset[tuple[str, str]] = frozenset()
    ) -> _Target | None:
        """`Base` or `nn.Module` as written in `module`, resolved through imports."""
        head, _, rest = dotted.partition(".")
        found = self.resolve(module, head, seen)
        for part in rest.split(".") if rest else ():
            if found is None:
                return None
            if found.kind == "module":
                found = self.resolve(found.module, part) or _Target("external", f"{found.module}.{part}")
            elif found.kind == "external":
                found = _Target("external", f"{found.module}.{part}")
            else:
                return None
        return found

    def base_targets(self, cls: _Target) -> list[_Target | str]:
        assert cls.definition is not None
        return [self.resolve_expression(cls.module, base) or base for base in cls.definition.bases]

    def members(self, cls: _Target, depth: int = 0, public: set[str] | None = None) -> dict[str, _Target]:
        """Own members first, then those inherited from bases inside the package (left to right).

        Bases in `public` have paths of their own, where their members are listed once; only members
        of private bases (`_Base`) are listed again under each subclass, since no other path shows them.
        """
        assert cls.definition is not None
        found: dict[str, _Target] = {}
        for name, member in cls.definition.members:
            found[name] = _Target("def", cls.module, f"{cls.qualname}.{name}", member)
        if depth < _MAX_DEPTH:
            for base in self.base_targets(cls):
                if public is not None and isinstance(base, _Target) and base.dotted in public:
                    continue
                is_class = isinstance(base, _Target) and base.definition is not None
                if is_class and base.definition.kind is EntryKind.CLASS:  # type: ignore[union-attr]
                    for name, target in self.members(base, depth + 1, public).items():  # type: ignore[arg-type]
                        found.setdefault(name, target)
        return found

    def class_signature(self, cls: _Target, depth: int = 0) -> Signature | None:
        """`__init__` (own, dataclass fields after inherited dataclass fields, or inherited)."""
        definition = cls.definition
        assert definition is not None
        inherited: Signature | None = None
        if depth < _MAX_DEPTH and (definition.signature is None or definition.dataclass):
            for base in self.base_targets(cls):
                if isinstance(base, _Target) and base.definition is not None and base.definition.kind is EntryKind.CLASS:
                    inherited = self.class_signature(base, depth + 1)
                    if inherited is not None:
                        break
        if definition.signature is None:
            return inherited
        if definition.dataclass and inherited is not None:
            own = {p.name for p in definition.signature.parameters}
            params = (*(p for p in inherited.parameters if p.name not in own), *definition.signature.parameters)
            return Signature(params, None, False)
        return definition.signature


def build_surface(package: str, modules: Mapping[str, ModuleInfo], *, root: str = "") -> Surface:
    """Every public path of `package`, breadth-first from the package module, sorted by path."""
    join_class_parts(modules)
    resolver = Resolver(package, modules)
    entries: dict[str, Entry] = {}
    prefix = f"{root.rstrip('/')}/" if root and root != "." else ""
    problems = tuple(
        replace(info.problem, file=f"{prefix}{info.problem.file}" if info.problem.file else None)
        for info in modules.values()
        if info.problem is not None
    )
    queue: deque[tuple[str, _Target, int]] = deque()
    for name in sorted(modules):
        if name != package and not name.startswith(package + "."):
            continue  # a companion package: reached only through re-exports
        relative = name[len(package):].split(".")[1:]
        if not any(_private(part) for part in relative):
            queue.append((name, _Target("module", name), 0))
    canonical_modules = {path for path, _, _ in queue}
    implied: dict[str, str] = {}  # child path -> the target its parent's target implies (not stored)
    classes: list[tuple[str, _Target]] = []
    while queue:
        path, target, depth = queue.popleft()
        if path in entries or depth > _MAX_DEPTH:
            continue
        entries[path] = _entry(resolver, path, target, implied.get(path, path))
        if target.kind == "module":
            expand = path == target.module or target.module not in canonical_modules
            info = modules.get(target.module)
            if expand and info is not None and info.problem is None:
                for name in resolver.public_names(target.module):
                    child = resolver.resolve(target.module, name)
                    if child is not None and not (child.kind == "module" and resolver_is_ancestor(child.module, target.module)):
                        implied.setdefault(f"{path}.{name}", f"{target.dotted}.{name}")
                        queue.append((f"{path}.{name}", child, depth + 1))
        elif target.kind == "def" and target.definition is not None and target.definition.kind is EntryKind.CLASS:
            classes.append((path, target))
            for name, member in target.definition.members:
                if not _private(name):
                    member_target = _Target("def", target.module, f"{target.qualname}.{name}", member)
                    implied.setdefault(f"{path}.{name}", member_target.dotted)
                    queue.append((f"{path}.{name}", member_target, depth + 1))
    _add_inherited(resolver, classes, entries)
    unparsed = tuple(sorted(info.name for info in modules.values() if info.problem is not None))
    dynamic = tuple(sorted(info.name for info in modules.values() if info.has_getattr))
    return Surface(package, tuple(entries[p] for p in sorted(entries)), problems, root, dynamic, unparsed)


def _add_inherited(resolver: Resolver, classes: list[tuple[str, _Target]], entries: dict[str, Entry]) -> None:
    """Inherited members, listed under a subclass only when their class has no public path of its own."""
    public = {target.dotted for _, target in classes}
    for path, target in classes:
        for name, inherited in resolver.members(target, public=public).items():
            if not _private(name) and f"{path}.{name}" not in entries:
                entries[f"{path}.{name}"] = _entry(resolver, f"{path}.{name}", inherited, f"{target.dotted}.{name}")


def resolver_is_ancestor(candidate: str, module: str) -> bool:
    """`import pkg` inside `pkg.sub` would make `pkg.sub.pkg`; such back-references are not surface."""
    return module == candidate or module.startswith(candidate + ".")


def _entry(resolver: Resolver, path: str, target: _Target, implied: str) -> Entry:
    """`implied` is where the parent's target says this path lives; `target` is stored only when it differs."""
    info = resolver.modules.get(target.module)
    file = info.file if info is not None else None
    alias = "" if target.dotted in (path, implied) else target.dotted
    if target.kind == "module":
        exports = resolver.all_names(target.module) if info is not None else None
        return Entry(path, EntryKind.MODULE, alias, exports=exports, file=file)
    if target.kind == "external":
        return Entry(path, EntryKind.EXTERNAL, target.dotted)
    if target.kind == "dynamic":
        return Entry(path, EntryKind.DYNAMIC, alias, file=file)
    definition = target.definition
    assert definition is not None
    if definition.kind is EntryKind.CLASS:
        bases = tuple(b.dotted if isinstance(b, _Target) else b for b in resolver.base_targets(target))
        return Entry(
            path, EntryKind.CLASS, alias, resolver.class_signature(target), bases,
            file=file, line=definition.line,
        )
    return Entry(
        path, definition.kind, alias, definition.signature, value=definition.value,
        value_kind=definition.value_kind, annotation=definition.annotation, file=file, line=definition.line,
    )

