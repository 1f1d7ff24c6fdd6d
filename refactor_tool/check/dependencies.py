"""new-dependency: distributions declared since the base, imports no declared distribution provides, and
runtime code importing what only the development groups declare.

Import names are mapped to distributions with `importlib.metadata.packages_distributions()`, as deptry
does; a name no installed distribution provides is taken to be its own distribution's name.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from refactor_tool.check.facts import ModuleFacts, Scope
from refactor_tool.check.findings import Finding, FindingKind

#: Optional-dependency extras that are for developing the project, not for running it.
DEV_EXTRAS = frozenset({"dev", "develop", "development", "test", "tests", "testing", "lint", "docs", "doc",
                        "typing", "bench", "benchmark", "benchmarks"})
_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def normalize(name: str) -> str:
    """PEP 503 names, and `-`/`_`/`.` dropped: `import_linter` and `import-linter` are one distribution."""
    return re.sub(r"[-_.]+", "", name).lower()


@dataclass(frozen=True, slots=True)
class Declared:
    """Declared distributions by group (`runtime`, `extra:model`, `group:dev`), names normalized."""

    project: str
    groups: Mapping[str, frozenset[str]]
    #: normalized name -> the name as written
    spelled: Mapping[str, str]

    def everywhere(self) -> frozenset[str]:
        return frozenset().union(*self.groups.values()) if self.groups else frozenset()

    def for_runtime(self) -> frozenset[str]:
        return frozenset().union(*(names for group, names in self.groups.items() if not is_dev_group(group)))


def is_dev_group(group: str) -> bool:
    return group.startswith("group:") or (group.startswith("extra:") and group[6:].lower() in DEV_EXTRAS)


def declared(pyproject: bytes | None) -> Declared:
    """What `[project]` (dependencies, optional-dependencies) and `[dependency-groups]` declare."""
    if not pyproject:
        return Declared("", {}, {})
    try:
        data = tomllib.loads(pyproject.decode("utf-8", errors="replace"))
    except tomllib.TOMLDecodeError:
        return Declared("", {}, {})
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    own = normalize(str(project.get("name", "")))
    spelled: dict[str, str] = {}
    groups: dict[str, frozenset[str]] = {}

    def names(requirements: object) -> frozenset[str]:
        found = set()
        for requirement in requirements if isinstance(requirements, list) else []:
            match = _NAME.match(requirement) if isinstance(requirement, str) else None
            if match and normalize(match.group(1)) != own:
                found.add(normalize(match.group(1)))
                spelled.setdefault(normalize(match.group(1)), match.group(1))
        return frozenset(found)

    groups["runtime"] = names(project.get("dependencies", []))
    for extra, requirements in (project.get("optional-dependencies") or {}).items():
        groups[f"extra:{extra}"] = names(requirements)
    for group, requirements in (data.get("dependency-groups") or {}).items():
        groups[f"group:{group}"] = names(requirements)
    return Declared(own, groups, spelled)


class DependencyScope(str, Enum):
    """Who installs a newly declared distribution: the project's users, or only its developers."""

    RUNTIME = "runtime"
    DEVELOPMENT = "development"


def added_declarations(base: Declared, head: Declared) -> tuple[Finding, ...]:
    """One finding per distribution the head declares where the base did not, with its scope.

    Runtime (`[project] dependencies` and the extras users install): new to the base's runtime groups, so a
    distribution moved from a development extra into the dependencies is new to every user. Development
    (dev/test/bench... extras, dependency groups): new to the project altogether.
    """
    runtime_before, before = base.for_runtime(), base.everywhere()
    findings: dict[str, Finding] = {}
    for group, names in sorted(head.groups.items(), key=lambda item: (is_dev_group(item[0]), item[0] != "runtime")):
        development = is_dev_group(group)
        for name in sorted(names - (before if development else runtime_before)):
            spelled = head.spelled.get(name, name)
            if spelled in findings:
                continue
            where = "[project] dependencies" if group == "runtime" else group.replace(":", " ")
            if not development and name in before:
                where += "; declared only for development before"
            scope = DependencyScope.DEVELOPMENT if development else DependencyScope.RUNTIME
            findings[spelled] = Finding(FindingKind.NEW_DEPENDENCY, "pyproject.toml", 0,
                                        f"{spelled} is newly declared ({where})", subject=spelled,
                                        scope=scope.value)
    return tuple(sorted(findings.values(), key=lambda finding: finding.subject))


def undeclared_imports(
    facts: Mapping[str, ModuleFacts],
    runtime_files: frozenset[str],
    local_names: frozenset[str],
    head: Declared,
    distributions: Mapping[str, Sequence[str]],
) -> tuple[Finding, ...]:
    """Third-party imports no declared distribution provides, and dev-only ones in runtime code."""
    everywhere, runtime = head.everywhere(), head.for_runtime()
    findings: list[Finding] = []
    for path in sorted(facts):
        seen: set[str] = set()
        for fact in facts[path].imports:
            top = fact.module.partition(".")[0]
            if fact.level or fact.guarded or not top or top in seen or _not_third_party(top, local_names):
                continue
            seen.add(top)
            provided = list(distributions.get(top, ())) or [top]
            # the import name itself counts too: `griffe` declared, its code shipped by `griffelib`
            names = {normalize(d) for d in provided} | {normalize(top)}
            shown = ", ".join(sorted(set(provided)))
            if not names & everywhere:
                findings.append(Finding(FindingKind.NEW_DEPENDENCY, path, fact.line,
                                        f"imports {top}, but no declared dependency provides it ({shown})",
                                        subject=shown))
            elif path in runtime_files and fact.scope is not Scope.TYPE_CHECKING and not names & runtime:
                findings.append(Finding(FindingKind.NEW_DEPENDENCY, path, fact.line,
                                        f"runtime code imports {top} ({shown}), declared only for development",
                                        subject=shown))
    return tuple(findings)


def _not_third_party(top: str, local_names: frozenset[str]) -> bool:
    return top in local_names or top in sys.stdlib_module_names or top == "__future__"
