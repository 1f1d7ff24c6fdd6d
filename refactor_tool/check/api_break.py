"""api-break: breaking changes to the public API, through the api feature's use case.

A package with a committed snapshot (`reports/api/<package>.json`) is compared with it; the others are
compared with their version at the base, when the change touched them. Results are cached on the
contents of the snapshot, the package's files, pyproject.toml (its api allow table) and the code comparing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_tool.check.findings import Finding, FindingKind
from refactor_tool.check.project import Project
from refactor_tool.check.sources import ProjectState
from refactor_tool.io.fact_cache import FactCache, content_key
from refactor_tool.io.project import ProjectConfig

if TYPE_CHECKING:
    from refactor_tool.api.use_case import ModuleCache

API_CACHE_VERSION = "1"


@dataclass(frozen=True, slots=True)
class ApiTarget:
    """One package to compare: its folder (relative to the root) and what to compare it with."""

    package: str
    folder: str
    #: a snapshot file, or `git:COMMIT:FOLDER`
    old: str
    #: what the result depends on (file ids, snapshot text), for the cache
    key: str


def snapshot_package(snapshot: Path) -> str:
    """The package a snapshot file describes (its `package` field, else the file's stem)."""
    try:
        data = json.loads(snapshot.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return snapshot.stem
    package = data.get("package") if isinstance(data, dict) else None
    return package if isinstance(package, str) and package else snapshot.stem


def target_key(old: str, old_text: bytes, file_ids: Mapping[str, str], settings: str) -> str:
    """`settings`: what else the comparison reads (the code comparing, the pyproject.toml it is given)."""
    ids = "\n".join(f"{path} {sha}" for path, sha in sorted(file_ids.items()))
    return content_key("api", API_CACHE_VERSION, old, old_text, ids, settings)


def api_findings(target: ApiTarget, root: Path, new_folder: Callable[[], Path], cache: FactCache, *,
                 compared: tuple[Finding, ...] | None = None,
                 known: Callable[[], ModuleCache | None] = lambda: None) -> tuple[Finding, ...]:
    """Breaking changes of one package (accepted ones included, with the reason).

    `new_folder` gives the folder holding the package's current version (made only on a cache miss);
    `compared`, when given, is what `compare` found already (in a child process: `CheckRun.read`);
    `known` gives where a comparison made here finds and keeps the modules it reads (`module_cache`).
    """
    if not target.folder:
        return (Finding(FindingKind.API_BREAK, Path(target.old).name, 0,
                        f"{target.package}: the package of this snapshot is not in the project",
                        subject=target.package),)
    cached = cache.get("api", target.key)
    if cached is not None:
        return tuple(Finding.from_dict(item) for item in cached)
    findings = compared
    if findings is None:
        findings = compare(target, root, new_folder(), known())
    cache.put("api", target.key, [finding.as_dict() for finding in findings])
    return findings


def module_cache(cache: FactCache, namespace: str) -> ModuleCache:
    """The api engine's modules parsed by earlier runs, by content (both sides of a comparison)."""
    from refactor_tool.api.use_case import ModuleCache

    return ModuleCache(cache, namespace)


def compare(target: ApiTarget, root: Path, folder: Path, known: ModuleCache | None = None) -> tuple[Finding, ...]:
    """The api engine's comparison of the package in `folder` with `target.old`, as findings (uncached);
    `known`: the modules already parsed, and where those parsed now are put."""
    from refactor_tool.api.use_case import api_diff

    pyproject = root / "pyproject.toml"
    result = api_diff(target.old, str(folder), cwd=root, config=pyproject if pyproject.is_file() else None,
                      known=known)
    findings = []
    for problem in result.diff.problems:
        findings.append(Finding(FindingKind.API_BREAK, problem.file or target.folder, problem.line or 0,
                                f"{target.package}: cannot read {problem.module}: {problem.message}",
                                subject=problem.module))
    for change in result.diff.findings:
        if change.severity.value != "breaking":
            continue
        detail = f" ({change.detail})" if change.detail else ""
        detail += f"; also {', '.join(change.also)}" if change.also else ""
        findings.append(Finding(FindingKind.API_BREAK, _shown(change.file, folder, root, target.folder),
                                change.line or 0,
                                f"{change.path}: {change.kind.value}{detail} [{change.kind.slug}]",
                                subject=change.path, accepted=change.accepted))
    return tuple(findings)


def _shown(file: str | None, folder: Path, root: Path, package_folder: str) -> str:
    """A file of the compared folder as a path relative to the project root."""
    if not file:
        return package_folder
    path = Path(file)
    for base in (folder, root):
        try:
            relative = path.resolve().relative_to(base.resolve()) if path.is_absolute() else None
        except ValueError:
            continue
        if relative is not None:
            return (Path(package_folder) / relative).as_posix() if base == folder else relative.as_posix()
    return file


def has_snapshots(root: Path, config: ProjectConfig) -> bool:
    return any((root / config.api_snapshots).glob("*.json"))


def targets(root: Path, config: ProjectConfig, head: ProjectState, base: ProjectState | None,
            project: Project, code: str) -> list[ApiTarget]:
    """Packages compare with their committed snapshots; without any snapshot, with the base (if changed).

    A project that commits snapshots has said which packages are its public API: the others (tools,
    internals) are not compared, so changing them is no API break. `code` stamps the checks' code.
    """
    pyproject = root / "pyproject.toml"  # the api allow table `api_findings` passes on (the work tree's)
    settings = content_key(code, pyproject.read_bytes() if pyproject.is_file() else b"")
    found: list[ApiTarget] = []
    folder_of = {name: project.index.path_of(name).rpartition("/")[0] for name in project.packages
                 if name in project.index.by_name}
    for snapshot in sorted((root / config.api_snapshots).glob("*.json")):
        package = snapshot_package(snapshot)
        folder = folder_of.get(package) or _folder(package, project)
        if folder is None:
            found.append(ApiTarget(package, "", str(snapshot), ""))
            continue
        shown = snapshot.relative_to(root).as_posix()
        found.append(ApiTarget(package, folder, str(snapshot),
                               target_key(shown, snapshot.read_bytes(), _ids(head, folder), settings)))
    if found or base is None or base.commit is None:
        return found
    for package, folder in folder_of.items():
        if not any(p.startswith(folder + "/") for p in base.ids):
            continue
        if _ids(head, folder) != _ids(base, folder):
            old = f"git:{base.commit}:{base.prefix}{folder}"
            found.append(ApiTarget(package, folder, old, target_key(old, b"", _ids(head, folder), settings)))
    return found


def _folder(package: str, project: Project) -> str | None:
    if package not in project.index.by_name:
        return None
    path = project.index.path_of(package)
    return path.rpartition("/")[0] if path.endswith("__init__.py") else None


def _ids(state: ProjectState, folder: str) -> dict[str, str]:
    """The files of a package folder as the api engine reads them: listed or not."""
    return {path: sha for path, sha in (*state.ids.items(), *state.unlisted.items()) if path.startswith(folder + "/")}
