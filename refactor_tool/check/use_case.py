"""The `refactor-check` use case: read the project once, run every selected check, return one result.

Facts come from a content-keyed cache; git and the gate come in as ports. Nothing prints here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactor_tool.check.cycles import CycleReport, cycle_findings, find_cycles, graph_of, has_cycle
from refactor_tool.check.findings import (
    Finding,
    FindingKind,
    apply_allow,
    check_allow_kinds,
    unused_allow,
)
from refactor_tool.check.imports import ImportEdge, import_edges, module_index
from refactor_tool.check.limits import Limit, RoadmapFacts, read_roadmap_facts, resolve_limits
from refactor_tool.check.model import CheckOptions, CheckResult, Progress
from refactor_tool.check.project import (
    Project,
    code_stamp,
    distributions,
    environment_stamp,
    project_of,
)
from refactor_tool.check.sources import (
    GitSnapshot,
    ProjectState,
    WorkTree,
    facts_namespace,
    facts_of,
    load_state,
)
from refactor_tool.errors import ConfigError, GitError
from refactor_tool.io import git_history
from refactor_tool.io.fact_cache import CACHE_DIR, FactCache, content_key
from refactor_tool.io.project import ProjectConfig, load_project_config

if TYPE_CHECKING:
    from refactor_tool.check.api_break import ApiTarget
    from refactor_tool.io.gate import GateOutcome

__all__ = ["CheckPorts", "run_checks"]


def _run_gate(command: str, cwd: Path, **options: Any) -> GateOutcome:
    from refactor_tool.io.gate import run_gate  # the subprocess machinery: only when a gate runs

    return run_gate(command, cwd, **options)


@dataclass(frozen=True, slots=True)
class CheckPorts:
    """The outside world the checks touch, replaceable in tests."""

    run_gate: Callable[..., GateOutcome] = _run_gate
    distributions: Callable[[FactCache], Mapping[str, Sequence[str]]] = field(default=distributions)


def run_checks(options: CheckOptions, *, progress: Progress | None = None, ports: CheckPorts | None = None) -> CheckResult:
    """Check the project at `options.root`; errors in its configuration or input raise (exit 2)."""
    started = time.perf_counter()
    progress, ports = progress or Progress(), ports or CheckPorts()
    root = options.root.resolve()
    config = load_project_config(root)
    check_allow_kinds(config.allow, None if config.source is None else str(config.source))
    top = git_history.repository_root(root)
    if options.staged and top is None:
        raise GitError("--staged needs a git repository, and this folder is not in one", path=root)
    base_commit, base_label = _base(options, root, top)
    cache = FactCache(root / CACHE_DIR, "check") if options.cache else FactCache.disabled()
    progress.step("reading files")
    assert top is not None or not options.staged
    source = GitSnapshot(root, top, None, "index") if options.staged and top else WorkTree(root, top)
    head = load_state(source, config.exclude, cache, parse=False)
    roadmap = _roadmap(config, root, cache)
    limits = resolve_limits(config, roadmap, options.overrides)
    base_source = GitSnapshot(root, top, base_commit, base_label) if top and base_commit else None
    base = load_state(base_source, config.exclude, cache, parse=False) if base_source else None
    code = code_stamp()
    run = _Run(options, config, root, head, base, base_source, project_of(head, config), limits, cache, progress)
    run.namespace = facts_namespace(code)
    key = _run_key(options, config, root, head, base_commit, roadmap, code)
    cached = cache.get("runs", key)
    if cached is not None:
        run.restore(cached)
    else:
        run.head = replace(head, facts=facts_of(source, head.ids, cache, run.namespace))
        run.all(roadmap, ports)
        cache.put("runs", key, run.state())
    if run.wants(FindingKind.GATE_FAILED):
        run.run_gate(ports)
    cache.save()
    return run.result(source.label, base_label, started)


def _run_key(options: CheckOptions, config: ProjectConfig, root: Path, head: ProjectState, base_commit: str | None,
             roadmap: RoadmapFacts | None, code: str) -> str:
    """Everything the checks before the gate read: when nothing of it changed, their findings are the same.

    The files by content (pyproject.toml, and with it the configuration, among them), the base commit, the
    options, the roadmap's limits, the API snapshots, the installed distributions and the checks' own code.
    """
    listing = "\n".join(f"{path} {head.ids.get(path, '')}" for path in sorted(head.paths))
    snapshots = sorted((root / config.api_snapshots).glob("*.json")) if config.api_snapshots else []
    return content_key(
        "run", code, head.label, listing, base_commit or "", head.prefix,
        repr(sorted(kind.value for kind in options.select)), repr(sorted(options.overrides.items())),
        repr(None if roadmap is None else roadmap.as_data()), environment_stamp(),
        *(f"{path.name}:{content_key(path.read_bytes())}" for path in snapshots))


def _base(options: CheckOptions, root: Path, top: Path | None) -> tuple[str | None, str | None]:
    """The commit to compare with and how to name it: --base, else HEAD in a repository."""
    if options.base is not None:
        _top, commit = git_history.resolve_base(root, options.base)
        return commit, f"{options.base} ({commit[:7]})"
    if top is None:
        return None, None
    commit = git_history.head_commit(top)
    return (commit, f"HEAD ({commit[:7]})") if commit else (None, None)


def _roadmap(config: ProjectConfig, root: Path, cache: FactCache) -> RoadmapFacts | None:
    if config.roadmap is None:
        return None
    path = root / config.roadmap
    try:
        text = path.read_bytes()
    except OSError:
        raise ConfigError(f"[tool.refactor_tool] roadmap: no such file {config.roadmap!r}",
                          path=config.source) from None
    key = content_key("roadmap", config.roadmap, text)
    cached = cache.get("roadmap", key)
    if cached is not None:
        return RoadmapFacts.from_data(cached)
    facts = read_roadmap_facts(path, config.roadmap)
    cache.put("roadmap", key, facts.as_data())
    return facts


class _Run:
    """One run's state while the checks add their findings; `result()` freezes it."""

    def __init__(self, options: CheckOptions, config: ProjectConfig, root: Path, head: ProjectState,
                 base: ProjectState | None, base_source: GitSnapshot | None, project: Project,
                 limits: dict[str, Limit], cache: FactCache, progress: Progress) -> None:
        self.options, self.config, self.root, self.head, self.base = options, config, root, head, base
        self.base_source, self.project, self.limits, self.cache, self.progress = base_source, project, limits, cache, progress
        self.findings: list[Finding] = []
        self.usage: dict[str, int] = {}
        self.skipped: list[str] = []
        self.checks: list[FindingKind] = []
        self.cycles = CycleReport((), (), ())
        self.gate: GateOutcome | None = None
        self.namespace = ""

    def state(self) -> dict[str, object]:
        """What the checks before the gate found, as cache data."""
        return {"findings": [f.as_dict() for f in self.findings], "usage": self.usage, "skipped": self.skipped,
                "checks": [kind.value for kind in self.checks], "cycles": self.cycles.as_data()}

    def restore(self, data: dict[str, Any]) -> None:
        self.findings = [Finding.from_dict(item) for item in data["findings"]]
        self.usage, self.skipped = dict(data["usage"]), list(data["skipped"])
        self.checks = [FindingKind(kind) for kind in data["checks"]]
        self.cycles = CycleReport.from_data(data["cycles"])

    def wants(self, kind: FindingKind) -> bool:
        if self.options.selected(kind):
            self.checks.append(kind)
            return True
        return False

    def no_base(self, kind: FindingKind, what: str) -> None:
        why = "no --base and no git history" if self.options.base is None else "no base"
        self.skipped.append(f"{kind.value}: {what} needs a base to compare with ({why})")

    def all(self, roadmap: RoadmapFacts | None, ports: CheckPorts) -> None:
        """Every check but the gate (the checks' modules load here: a repeated run reuses their findings)."""
        from refactor_tool.check.dead_code import (
            dead_modules,
            deprecated_exports,
            entry_point_modules,
        )
        from refactor_tool.check.file_size import oversized

        for path, facts in sorted(self.head.facts.items()):
            if facts.error is not None:
                self.skipped.append(f"{path}:{facts.error[0]}: does not parse ({facts.error[1]}); its imports "
                                    "were scanned, its other facts are unknown")
        if self.wants(FindingKind.FILE_TOO_LARGE):
            lines = {path: facts.lines for path, facts in self.head.facts.items()}
            self.findings += oversized(lines, self.limits["max-lines"].value)
        if self.wants(FindingKind.TOO_MANY_NEW_FILES):
            self.new_files()
        if self.wants(FindingKind.NEW_DEPENDENCY):
            self.progress.step("dependencies")
            self.new_dependencies(ports.distributions(self.cache))
        edges = import_edges(self.project.index, self.head.facts)
        if self.wants(FindingKind.IMPORT_CYCLE):
            self.progress.step("import cycles")
            self.import_cycles(edges)
        if self.wants(FindingKind.DEAD_MODULE):
            self.findings += dead_modules(self.project.index, edges, self.head.facts, self.project.runtime,
                                          entry_point_modules(self.head.pyproject))
        if self.wants(FindingKind.DEPRECATED_EXPORT):
            if roadmap is None or roadmap.removal is None:
                self.skipped.append("deprecated-export: the roadmap asks for no removal of deprecated exports"
                                    if roadmap else "deprecated-export: no roadmap configured")
            else:
                self.findings += deprecated_exports(self.project.index, self.head.facts, self.project.runtime,
                                                    roadmap.removal)
        if self.wants(FindingKind.API_BREAK):
            self.progress.step("public API")
            self.api_breaks()

    def new_files(self) -> None:
        if self.base is None:
            self.no_base(FindingKind.TOO_MANY_NEW_FILES, "counting new files")
            return
        from refactor_tool.check.new_files import added_files, too_many_new_files

        added = added_files(self.base.paths, self.head.paths)
        self.usage["max-new-files"] = len(added)
        self.findings += too_many_new_files(added, self.limits["max-new-files"].value, self.base.label)

    def new_dependencies(self, installed: Mapping[str, Sequence[str]]) -> None:
        from refactor_tool.check import dependencies

        head = dependencies.declared(self.head.pyproject)
        if self.base is None:
            self.no_base(FindingKind.NEW_DEPENDENCY, "finding newly declared dependencies")
        else:
            added = apply_allow(dependencies.added_declarations(dependencies.declared(self.base.pyproject), head),
                                self.config.allow)
            self.findings += self.within_budget(added, "max-new-dependencies")
        self.findings += dependencies.undeclared_imports(self.head.facts, self.project.runtime_files,
                                                         self.project.local_names, head, installed)

    def within_budget(self, findings: tuple[Finding, ...], budget: str) -> tuple[Finding, ...]:
        """Findings under a countable budget: failing only when more of them than the budget allows."""
        failing = [finding for finding in findings if finding.failing]
        self.usage[budget] = len(failing)
        limit = self.limits[budget]
        if len(failing) > limit.value:
            return findings
        reason = f"within the budget ({budget} = {limit.value}, {limit.origin.value})"
        return tuple(replace(f, accepted=reason) if f.failing else f for f in findings)

    def import_cycles(self, edges: tuple[ImportEdge, ...]) -> None:
        """Cycles of the head's graph against the base's; the report is cached on both graphs."""
        strict = graph_of(edges, loading_only=True)
        everything = graph_of(edges, loading_only=False)
        base_commit = "" if self.base is None else (self.base.commit or "")
        key = content_key("cycles", repr(sorted((a, sorted(b.items())) for a, b in strict.items())),
                          repr(sorted((a, sorted(b)) for a, b in everything.items())), base_commit,
                          repr(self.config.exclude))
        cached = self.cache.get("cycles", key)
        if cached is not None:
            self.cycles = CycleReport.from_data(cached)
            if self.base is None:
                self.no_base(FindingKind.IMPORT_CYCLE, "telling new cycles from old ones")
        else:
            self.cycles = self.find_cycles(strict, everything)
            self.cache.put("cycles", key, self.cycles.as_data())
        self.findings += cycle_findings(self.cycles, self.project.index)

    def find_cycles(self, strict: dict[str, dict[str, int]], everything: dict[str, dict[str, int]]) -> CycleReport:
        base_graph = None
        if self.base is not None and self.base_source is not None and has_cycle(strict):
            base_facts = facts_of(self.base_source, self.base.ids, self.cache, self.namespace)
            base_index = module_index(base_facts)
            base_graph = graph_of(import_edges(base_index, base_facts), loading_only=True)
        elif self.base is None:
            self.no_base(FindingKind.IMPORT_CYCLE, "telling new cycles from old ones")
        else:
            base_graph = {}
        return find_cycles(strict, everything, base_graph)

    def api_breaks(self) -> None:
        from refactor_tool.check import api_break

        found: list[Finding] = []
        targets = api_break.targets(self.root, self.config, self.head, self.base, self.project)
        for target in targets:
            found += api_break.api_findings(target, self.root, lambda t=target: self._folder_of(t), self.cache)
        if not api_break.has_snapshots(self.root, self.config) and self.base is None:
            self.no_base(FindingKind.API_BREAK, f"comparing the API without snapshots in {self.config.api_snapshots}/")
        if targets:
            self.findings += self.within_budget(apply_allow(found, self.config.allow), "max-api-breaks")

    def _folder_of(self, target: ApiTarget) -> Path:
        """The package as checked: its folder, or with --staged a copy of its staged files."""
        top = git_history.repository_root(self.root)
        if not self.options.staged or top is None:
            return self.root / target.folder
        import tempfile

        into = Path(tempfile.mkdtemp(prefix="refactor-check-"))
        prefix = self.root.resolve().relative_to(top.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        files = tuple(prefix + p for p in self.head.ids if p.startswith(target.folder + "/"))
        git_history.checkout_index(top, files, into)
        return into / prefix / target.folder

    def run_gate(self, ports: CheckPorts) -> None:
        wanted = self.options.gate if self.options.gate is not None else self.config.gate is not None
        if not wanted:
            self.skipped.append("gate-failed: the gate was not run (--no-gate)" if self.config.gate
                                else "gate-failed: no gate configured ([tool.refactor_tool] gate)")
            return
        if self.config.gate is None:
            raise ConfigError("--gate: no gate command configured ([tool.refactor_tool] gate)",
                              path=self.config.source)
        self.progress.step(f"gate: {self.config.gate}")
        log = self.root / CACHE_DIR / "gate" / "gate.log"
        self.gate = ports.run_gate(self.config.gate, self.root, log=log, on_output=self.progress.gate_output,
                                   markers=self.config.gate_markers)
        from refactor_tool.check.gate import gate_findings

        self.findings += gate_findings(self.gate)

    def result(self, mode: str, base_label: str | None, started: float) -> CheckResult:
        findings = apply_allow(self.findings, self.config.allow)
        if self.options.paths:
            findings = tuple(f for f in findings if not f.path or _under(f.path, self.options.paths))
        order = list(FindingKind)
        findings = tuple(sorted(findings, key=lambda f: (order.index(f.kind), f.path, f.line)))
        ran = {kind.value for kind in self.checks}
        unused = unused_allow(findings, tuple(e for e in self.config.allow if e.kind in ran))
        return CheckResult(str(self.root), mode, base_label, len(self.head.ids), findings,
                           tuple(self.limits.values()), dict(self.usage), self.cycles, self.gate,
                           tuple(self.skipped), unused, tuple(self.checks), time.perf_counter() - started)


def _under(path: str, selected: tuple[str, ...]) -> bool:
    return any(path == s or path.startswith(s.rstrip("/") + "/") or s in (".", "") for s in selected)

