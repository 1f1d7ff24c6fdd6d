"""dead-module and deprecated-export: code nothing uses, and exports the roadmap wants gone.

A module is alive when something that runs reaches it through imports: the packages themselves, entry
points (console scripts and plugin groups), `__main__` modules and scripts, files outside the packages,
and modules named in strings (`importlib.import_module("pkg.mod")`, lazy export tables). A module that
only tests reach is dead code that tests keep warm; it is reported as such.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping

from refactor_tool.check.facts import ModuleFacts
from refactor_tool.check.findings import Finding, FindingKind
from refactor_tool.check.imports import ImportEdge, ModuleIndex, ancestors, is_test_file
from refactor_tool.check.limits import RemovalTask


def entry_point_modules(pyproject: bytes | None) -> frozenset[str]:
    """Modules that `[project.scripts]`, `gui-scripts` and `[project.entry-points.*]` name."""
    if not pyproject:
        return frozenset()
    try:
        project = tomllib.loads(pyproject.decode("utf-8", errors="replace")).get("project", {})
    except tomllib.TOMLDecodeError:
        return frozenset()
    targets: list[object] = [*(project.get("scripts") or {}).values(), *(project.get("gui-scripts") or {}).values()]
    for group in (project.get("entry-points") or {}).values():
        targets.extend(group.values() if isinstance(group, dict) else ())
    return frozenset(str(t).partition(":")[0].strip() for t in targets if isinstance(t, str))


def reach(roots: Iterable[str], graph: Mapping[str, Iterable[str]], known: Mapping[str, object]) -> set[str]:
    """Every module that loading `roots` loads, their packages' `__init__` included."""
    seen: set[str] = set()
    todo = [root for root in roots if root in known]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(graph.get(module, ()))
        todo.extend(parent for parent in ancestors(module) if parent in known)
    return seen


def dead_modules(
    index: ModuleIndex,
    edges: Iterable[ImportEdge],
    facts: Mapping[str, ModuleFacts],
    runtime: frozenset[str],
    entry_points: frozenset[str],
) -> tuple[Finding, ...]:
    """Modules of the runtime packages that nothing running reaches (all imports count, even deferred)."""
    graph: dict[str, set[str]] = {}
    importers: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
        importers.setdefault(edge.imported, set()).add(edge.importer)
    product: set[str] = set(entry_points)
    tests: set[str] = set()
    for path, module in index.by_path.items():
        module_facts = facts.get(path)
        testing = is_test_file(path)
        named = set(module_facts.references) if module_facts else set()
        if testing:
            tests.add(module)
            tests.update(named)
            continue
        product.update(named)
        is_runtime = module in runtime
        if not is_runtime or "." not in module or module.endswith(".__main__") or (module_facts and module_facts.main_guard):
            product.add(module)
    alive = reach(product, graph, index.by_name)
    warm = reach(product | tests, graph, index.by_name)
    findings = []
    for module in sorted(runtime - alive):
        path = index.path_of(module)
        dead = sorted(importers.get(module, set()) - {module})
        why = ("only tests import it" if module in warm else
               f"only dead modules import it ({', '.join(dead[:3])}{', ...' if len(dead) > 3 else ''})"
               if dead else "nothing imports it")
        findings.append(Finding(FindingKind.DEAD_MODULE, path, 1, f"{module}: {why}", subject=module))
    return tuple(findings)


def deprecated_exports(
    index: ModuleIndex, facts: Mapping[str, ModuleFacts], runtime: frozenset[str], task: RemovalTask,
) -> tuple[Finding, ...]:
    """Names still marked deprecated in runtime code while the roadmap asks for their removal."""
    state = "ticked as done" if task.done else "open"
    findings = []
    for path, module in sorted(index.by_path.items()):
        if module not in runtime or path not in facts:
            continue
        for name, line in facts[path].deprecated:
            findings.append(Finding(
                FindingKind.DEPRECATED_EXPORT, path, line,
                f"{module}.{name} is still marked deprecated; {task.roadmap}:{task.line} asks for deprecated "
                f"exports to be removed ({state})", subject=f"{module}.{name}"))
    return tuple(findings)
