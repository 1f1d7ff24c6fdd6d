"""One `refactor-check` run: the project as read, the checks adding their findings, then one frozen result.

A repeated run with nothing changed restores the findings of the checks before the gate from the cache
(`restore`) and reads neither the base commit's files nor any file's facts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactor_tool.check.cycles import CycleReport, cycle_findings, find_cycles, graph_of, has_cycle
from refactor_tool.check.facts import ModuleFacts
from refactor_tool.check.findings import Finding, FindingKind, apply_allow, unused_allow
from refactor_tool.check.imports import ImportEdge, import_edges, module_index
from refactor_tool.check.limits import Limit, RoadmapFacts
from refactor_tool.check.model import CheckOptions, CheckResult, Progress
from refactor_tool.check.parallel import Background
from refactor_tool.check.project import Project, distributions, importable, project_of
from refactor_tool.check.sources import (
    FileSource,
    GitSnapshot,
    ProjectState,
    deprecations_of,
    facts_of,
    load_state,
)
from refactor_tool.errors import ConfigError
from refactor_tool.io import git_history
from refactor_tool.io.fact_cache import CACHE_DIR, FactCache, content_key
from refactor_tool.io.project import ProjectConfig

if TYPE_CHECKING:
    from refactor_tool.check.api_break import ApiTarget
    from refactor_tool.check.use_case import CheckPorts
    from refactor_tool.io.gate import GateOutcome


#: the api engine's modules kept beyond those a run used (other branches', earlier edits')
_MODULES_KEPT = 500


class CheckRun:
    """One run's state while the checks add their findings; `result()` freezes it."""

    def __init__(self, options: CheckOptions, config: ProjectConfig, root: Path, source: FileSource,
                 head: ProjectState, limits: dict[str, Limit], cache: FactCache, progress: Progress,
                 namespace: str) -> None:
        self.options, self.config, self.root, self.source, self.head = options, config, root, source, head
        self.limits, self.cache, self.progress, self.namespace = limits, cache, progress, namespace
        #: the api engine's modules by content, in a file of their own (a run that compares no package never
        #: reads it); about 5 KB each, so fewer kept unused than facts
        self.modules = FactCache(cache.folder, "api", keep_unused=_MODULES_KEPT)
        self.base: ProjectState | None = None
        self.base_source: GitSnapshot | None = None
        self.project: Project  # set by read()
        self.findings: list[Finding] = []
        self.usage: dict[str, int] = {}
        self.skipped: list[str] = []
        self.checks: list[FindingKind] = []
        self.cycles = CycleReport((), (), ())
        self.gate: GateOutcome | None = None
        self.api_targets: list[ApiTarget] | None = None
        self.api_compared: Background | None = None
        #: copies of the index made for the api engine (--staged), removed by `close()`
        self.temporary: list[Path] = []

    def read(self, base_source: GitSnapshot | None) -> None:
        """What the checks read beyond the listing (a repeated run needs none of it): the base's files,
        the project's modules, and every file's facts."""
        self.base_source = base_source
        self.base = load_state(base_source, self.config.exclude, self.cache, parse=False) if base_source else None
        self.project = project_of(self.head, self.config)
        self.compare_api_in_background()
        self.head = replace(self.head, facts=facts_of(self.source, self.head.ids, self.cache, self.namespace))

    def compare_api_in_background(self) -> None:
        """Start the api engine's comparisons that the cache cannot answer in a forked child: a cold
        run's largest cost (parsing and diffing bit_ttt here, about 0.3 s of CPU), done while this
        process reads every file's facts and runs the other checks (`api_breaks` collects it)."""
        if not self.options.selected(FindingKind.API_BREAK):
            return
        from refactor_tool.check import api_break

        self.api_targets = api_break.targets(self.root, self.config, self.head, self.base, self.project,
                                             self.namespace)
        todo = [t for t in self.api_targets if t.folder and self.cache.get("api", t.key) is None]
        if todo:
            self.api_compared = Background(lambda: self._compare_all(todo))

    def _compare_all(self, targets: list[ApiTarget]) -> dict[str, Any]:
        """The api engine's findings for each target and its changes to the modules' cache (a child's cache
        is a copy: the parent merges them), as data; with --staged each package is compared in a copy of its staged
        files, removed here (in a child, `close()` never runs)."""
        from refactor_tool.check import api_break

        known = api_break.module_cache(self.modules, self.namespace)
        try:
            found = {t.key: [f.as_dict() for f in api_break.compare(t, self.root, self._folder_of(t), known)]
                     for t in targets}
            return {"findings": found, "modules": self.modules.changes()}
        finally:
            self._remove_copies()

    def close(self) -> None:
        """End a background comparison nobody collected (a check before it raised); remove the copies."""
        if self.api_compared is not None:
            self.api_compared.close()
        self._remove_copies()

    def _remove_copies(self) -> None:
        if self.temporary:
            import shutil

            for folder in self.temporary:
                shutil.rmtree(folder, ignore_errors=True)
            self.temporary.clear()

    def state(self) -> dict[str, object]:
        """What the checks before the gate found, as cache data."""
        # copies: the gate adds to `skipped` after this is cached, and must not add to the cached list
        return {"findings": [f.as_dict() for f in self.findings], "usage": dict(self.usage),
                "skipped": list(self.skipped),
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
            # the environment's own map: a name nothing on the import path provides needs no look-up in it
            provides = importable if ports.distributions is distributions else None
            self.new_dependencies(OnFirstUse(lambda: ports.distributions(self.cache), provides))
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
                self.findings += deprecated_exports(self.project.index, self.with_deprecations(),
                                                    self.project.runtime, roadmap.removal)
        if self.wants(FindingKind.API_BREAK):
            self.progress.step("public API")
            self.api_breaks()

    def with_deprecations(self) -> Mapping[str, ModuleFacts]:
        """The head's facts, with the deprecated names of the runtime files that mention deprecation."""
        unread = {path: self.head.ids[path] for path in sorted(self.project.runtime_files)
                  if path in self.head.facts and self.head.facts[path].deprecated is None}
        names = deprecations_of(self.source, unread, self.cache, self.namespace)
        return {**self.head.facts, **{path: replace(self.head.facts[path], deprecated=found)
                                      for path, found in names.items()}}

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
            if not self.config.count_dev_dependencies:
                added = tuple(replace(f, accepted=_DEV_NOT_COUNTED) if f.failing and f.scope == "development" else f
                              for f in added)
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
        targets = self.api_targets
        if targets is None:
            targets = api_break.targets(self.root, self.config, self.head, self.base, self.project, self.namespace)
        compared: dict[str, list[dict[str, object]]] = {}
        if self.api_compared is not None:
            answer: dict[str, Any] = self.api_compared.result()  # type: ignore[assignment]
            compared = answer["findings"]
            self.modules.merge(answer["modules"])
            self.api_compared = None
        for target in targets:
            done = compared.get(target.key)
            found += api_break.api_findings(target, self.root, lambda t=target: self._folder_of(t), self.cache,
                                            compared=None if done is None else tuple(map(Finding.from_dict, done)),
                                            known=lambda: api_break.module_cache(self.modules, self.namespace))
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
        self.temporary.append(into)
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
        return CheckResult(str(self.root), len(self.head.ids), findings, mode=mode, base=base_label,
                           limits=tuple(self.limits.values()), usage=dict(self.usage), cycles=self.cycles,
                           gate=self.gate, skipped=tuple(self.skipped), unused_allow=unused,
                           checks=tuple(self.checks), seconds=time.perf_counter() - started)


_DEV_NOT_COUNTED = ("a development dependency: not counted against max-new-dependencies "
                    "([tool.refactor_tool] count-dev-dependencies = true counts it)")


class OnFirstUse(Mapping[str, Sequence[str]]):
    """The installed distributions' map, read on the first look-up (of a name `provides` says something
    provides): a project that imports nothing third-party never pays for reading every installed
    distribution's metadata, nor one whose only unknown imports are of names nothing provides (the
    standard library's guarded `org` and `java`)."""

    def __init__(self, load: Callable[[], Mapping[str, Sequence[str]]],
                 provides: Callable[[str], bool] | None = None) -> None:
        self._load, self._provides = load, provides
        self._map: Mapping[str, Sequence[str]] | None = None

    def _loaded(self) -> Mapping[str, Sequence[str]]:
        if self._map is None:
            self._map = self._load()
        return self._map

    def __getitem__(self, name: str) -> Sequence[str]:
        if self._map is None and self._provides is not None and not self._provides(name):
            raise KeyError(name)
        return self._loaded()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def _under(path: str, selected: tuple[str, ...]) -> bool:
    return any(path == s or path.startswith(s.rstrip("/") + "/") or s in (".", "") for s in selected)

