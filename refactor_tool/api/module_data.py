"""One module's `ModuleInfo` as plain data (lists, strings, numbers), and a cache of them keyed on content.

`refactor-check` compares a changed package with its version at the base, and both versions share every
module the change did not touch: kept in the check's fact cache by blob id, each module is parsed once,
ever, so a run after editing one file parses that file alone, on either side.
"""

from __future__ import annotations

from typing import Any

from refactor_tool.api.model import EntryKind, Parameter, ParamKind, Problem, Signature
from refactor_tool.api.parse import Binding, Definition, Import, ModuleInfo
from refactor_tool.io.fact_cache import FactCache, content_key

#: Bumped whenever what `module_as_data` writes changes, so old cache entries are not reused.
MODULE_DATA_VERSION = 1


def module_as_data(info: ModuleInfo) -> list[Any]:
    return [info.name, info.is_package, info.file,
            [[name, _binding_data(binding)] for name, binding in info.bindings.items()],
            list(info.star_imports), list(info.all_names), list(info.all_refs), info.has_all, info.all_dynamic,
            info.has_getattr, list(info.getattr_names), _problem_data(info.problem)]


def module_from_data(data: list[Any]) -> ModuleInfo:
    (name, is_package, file, bindings, star_imports, all_names, all_refs, has_all, all_dynamic, has_getattr,
     getattr_names, problem) = data
    return ModuleInfo(name, is_package, file, {key: _binding(value) for key, value in bindings},
                      list(star_imports), list(all_names), list(all_refs), has_all, all_dynamic, has_getattr,
                      tuple(getattr_names), None if problem is None else Problem(*problem))


def _binding_data(binding: Binding) -> list[Any]:
    if isinstance(binding, Import):
        return ["import", binding.module, binding.name, binding.explicit, binding.line]
    return ["definition", *_definition_data(binding)]


def _binding(data: list[Any]) -> Binding:
    if data[0] == "import":
        return Import(*data[1:])
    return _definition(data[1:])


def _definition_data(definition: Definition) -> list[Any]:
    signature = definition.signature
    return [definition.kind.value, definition.line,
            None if signature is None else [[[p.name, p.kind.value, p.default, p.annotation]
                                             for p in signature.parameters], signature.returns, signature.is_async],
            list(definition.bases), [[name, _definition_data(member)] for name, member in definition.members],
            definition.value, definition.value_kind, definition.annotation, definition.dataclass,
            definition.alias_of, [list(pair) for pair in definition.member_imports]]


def _definition(data: list[Any]) -> Definition:
    kind, line, signature, bases, members, value, value_kind, annotation, dataclass, alias_of, member_imports = data
    if signature is not None:
        parameters, returns, is_async = signature
        signature = Signature(tuple(Parameter(name, ParamKind(kind_), default, note)
                                    for name, kind_, default, note in parameters), returns, is_async)
    return Definition(EntryKind(kind), line, signature, tuple(bases),
                      tuple((name, _definition(member)) for name, member in members), value, value_kind,
                      annotation, dataclass, alias_of, tuple((member, module) for member, module in member_imports))


def _problem_data(problem: Problem | None) -> list[Any] | None:
    return None if problem is None else [problem.module, problem.message, problem.file, problem.line]


class ModuleCache:
    """`ModuleInfo`s in a `FactCache` namespace, by the file's blob id and where it sits in its package
    (a module's name, whether it is a package and its file are part of what `read_module` returns)."""

    def __init__(self, cache: FactCache, namespace: str) -> None:
        self.cache, self.namespace = cache, f"api-modules-{MODULE_DATA_VERSION}-{namespace}"
        #: each module read once in a process (the two sides of a comparison share most), as `read_module` is
        self._read: dict[str, ModuleInfo] = {}

    @staticmethod
    def key(sha: str, name: str, is_package: bool, file: str) -> str:
        return content_key(sha, name, "package" if is_package else "module", file)

    def get(self, key: str) -> ModuleInfo | None:
        if key not in self._read:
            data = self.cache.get(self.namespace, key)
            if data is None:
                return None
            self._read[key] = module_from_data(data)
        return self._read[key]

    def put(self, key: str, info: ModuleInfo) -> None:
        self.cache.put(self.namespace, key, module_as_data(info))
        self._read[key] = info
