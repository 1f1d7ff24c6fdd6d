"""The `refactor-check` use case: read the project once, run every selected check, return one result.

Facts come from a content-keyed cache; git and the gate come in as ports. Nothing prints here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactor_tool.check import replay
from refactor_tool.check.findings import FindingKind, check_allow_kinds
from refactor_tool.check.limits import RoadmapFacts, read_roadmap_facts, resolve_limits
from refactor_tool.check.model import CheckOptions, CheckResult, Progress
from refactor_tool.check.parallel import Background, Soon
from refactor_tool.check.project import distributions
from refactor_tool.check.run import CheckRun
from refactor_tool.check.sources import (
    GitSnapshot,
    ProjectState,
    WorkTree,
    facts_namespace,
    load_state,
    unlisted_package_files,
)
from refactor_tool.check.stamps import code_stamp, environment_stamp
from refactor_tool.errors import ConfigError, GitError
from refactor_tool.io import git_history
from refactor_tool.io.fact_cache import CACHE_DIR, FactCache, content_key
from refactor_tool.io.project import ProjectConfig, load_project_config

if TYPE_CHECKING:
    from refactor_tool.io.gate import GateOutcome

__all__ = ["CheckPorts", "run_checks"]

#: earlier runs' results kept beside the latest (switching branches back and forth stays warm); each is
#: a run's findings, and a repeated run reads them all, so not thousands
_RUNS_KEPT = 64


def _run_gate(command: str, cwd: Path, **options: Any) -> GateOutcome:
    from refactor_tool.io.gate import run_gate  # the subprocess machinery: only when a gate runs

    return run_gate(command, cwd, **options)


@dataclass(frozen=True, slots=True)
class CheckPorts:
    """The outside world the checks touch, replaceable in tests."""

    run_gate: Callable[..., GateOutcome] = _run_gate
    distributions: Callable[[FactCache], Mapping[str, Sequence[str]]] = field(default=distributions)


def run_checks(options: CheckOptions | Path | str | None = None, *, root: Path | str | None = None,
               max_lines: int | None = None, progress: Progress | None = None,
               ports: CheckPorts | None = None) -> CheckResult:
    """Check the project at `options.root`; errors in its configuration or input raise (exit 2).

    `run_checks(root, max_lines=...)` and `run_checks(root=...)`, the first public forms, still work: a root
    alone checks every budget but runs no gate (that form never ran a command); `max_lines` overrides the
    `max-lines` budget.
    """
    started, started_ns = time.perf_counter(), time.time_ns()
    if (options is None) == (root is None):
        raise TypeError("run_checks() takes CheckOptions (or a root folder) once: run_checks(options)")
    options = root if options is None else options
    if not isinstance(options, CheckOptions):
        options = CheckOptions(root=Path(options), gate=False)
    if max_lines is not None:
        options = replace(options, overrides={**options.overrides, "max-lines": max_lines})
    progress, ports = progress or Progress(), ports or CheckPorts()
    root = options.root.resolve()
    config = load_project_config(root)
    check_allow_kinds(config.allow, None if config.source is None else str(config.source))
    # two files: a repeated run reads only the small one (runs and roadmaps), never every file's facts
    runs = FactCache(root / CACHE_DIR, "runs", keep_unused=_RUNS_KEPT) if options.cache else FactCache.disabled()
    cache = FactCache(root / CACHE_DIR, "check") if options.cache else FactCache.disabled()
    code = code_stamp()
    # forked children, started before the listing and ended (if still running) when the run fails
    reading_roadmap = _roadmap(config, root, runs, code)
    background: list[Background | Soon | CheckRun | GitSnapshot | git_history.GitFiles] = [reading_roadmap]
    try:
        top, base_commit, git_folders = git_history.locate_with_folders(root, options.base or "HEAD")
        if options.staged and top is None:
            raise GitError("--staged needs a git repository, and this folder is not in one", path=root)
        base_label = _base_label(options, root, top, base_commit)
        base = GitSnapshot(root, top, base_commit, base_label or "").read_early() if top and base_commit else None
        background += [base] if base else []
        replayable = options.watch and top is not None and options.cache and options.base is None
        git_files = git_history.GitFiles(top, git_folders) if replayable and top is not None else None
        background += [git_files] if git_files else []
        root_names = replay.folder_names(str(root)) if replayable else ""
        progress.step("reading files")
        source = GitSnapshot(root, top, None, "index") if options.staged and top else WorkTree(root, top, runs)
        head = load_state(source, config.exclude, cache, parse=False)
        if isinstance(source, WorkTree):
            head = replace(head, unlisted=unlisted_package_files(root, head))
        roadmap = reading_roadmap.result()
        limits = resolve_limits(config, roadmap, options.overrides)
        run = CheckRun(options, config, root, source, head, limits, cache, progress, facts_namespace(code))
        background.append(run)
        key = _run_key(options, config, root, head, base_commit, roadmap, code)
        cached = runs.get("runs", key)
        if cached is not None:
            run.restore(cached)
        else:
            run.read(base)
            run.all(roadmap, ports)
            runs.put("runs", key, run.state())
        if run.wants(FindingKind.GATE_FAILED):
            run.run_gate(ports)
        runs.save()
        cache.save()
        run.modules.save()
        result = run.result(source.label, base_label, started)
        if git_files is not None and top is not None and result.gate is None:
            read = (*_read_beside(config, root), *(root / path for path in sorted(head.unlisted)))
            watched = replay.watch(root, top, head.paths, read, started_ns, root_names,
                                   git_files.result())
            result = replace(result, watched=watched)
    finally:
        for job in background:
            job.close()
    return result


def _read_beside(config: ProjectConfig, root: Path) -> tuple[Path, ...]:
    """The files the checks read besides the listed ones (the listing names them too, unless ignored)."""
    read = [root / "pyproject.toml", *([config.source] if config.source else [])]
    if config.roadmap is not None:
        read.append(root / config.roadmap)
    if config.api_snapshots:
        read += [root / config.api_snapshots, *sorted((root / config.api_snapshots).glob("*.json"))]
    return tuple(read)


def _run_key(options: CheckOptions, config: ProjectConfig, root: Path, head: ProjectState, base_commit: str | None,
             roadmap: RoadmapFacts | None, code: str) -> str:
    """Everything the checks before the gate read: when nothing of it changed, their findings are the same.

    The Python files by content, pyproject.toml as the checks read it (the declared dependencies, entry
    points) and the configuration as read (from the work tree, also in --staged mode), the base commit,
    the options, the roadmap's limits, the API snapshots, the installed distributions and the checks' code.
    The listing names every file (new files count), but only Python files have ids in it; the packages'
    unlisted Python files join it (the api engine reads them).
    """
    listing = "\n".join(f"{path} {head.ids.get(path, '')}" for path in sorted(head.paths))
    listing += "".join(f"\n{path} {sha} (not listed)" for path, sha in sorted(head.unlisted.items()))
    snapshots = sorted((root / config.api_snapshots).glob("*.json")) if config.api_snapshots else []
    return content_key(
        "run", code, head.label, listing, head.pyproject or b"", _settings(config), base_commit or "", head.prefix,
        repr(sorted(kind.value for kind in options.select)), repr(sorted(options.overrides.items())),
        repr(None if roadmap is None else roadmap.as_data()), environment_stamp(),
        *(f"{path.name}:{content_key(path.read_bytes())}" for path in snapshots))


def _settings(config: ProjectConfig) -> bytes:
    """The text the configuration (and the api feature's allow table) was read from."""
    return b"" if config.source is None else config.source.read_bytes()


def _base_label(options: CheckOptions, root: Path, top: Path | None, commit: str | None) -> str | None:
    """How the commit compared with is named (`HEAD (1a2b3c4)`); --base outside git or unknown: an error."""
    if options.base is not None:
        if top is None:
            raise GitError(f"--base {options.base} needs a git repository, and this folder is not in one", path=root)
        if commit is None:
            raise GitError(f"unknown git ref {options.base!r}", path=top)
        return f"{options.base} ({commit[:7]})"
    return f"HEAD ({commit[:7]})" if commit else None


def _roadmap(config: ProjectConfig, root: Path, cache: FactCache, code: str) -> Soon:
    """The roadmap's limits, cached on its text and the code reading it (the roadmap parser's among it).

    On a cache miss the roadmap is parsed in a forked child while this process lists the files (its parser
    and markdown-it cost a cold run about 0.1 s of CPU here); `result()` puts the answer in the cache.
    """
    if config.roadmap is None:
        return Soon(lambda: None)
    path, shown = root / config.roadmap, config.roadmap
    try:
        text = path.read_bytes()
    except OSError:
        raise ConfigError(f"[tool.refactor_tool] roadmap: no such file {config.roadmap!r}",
                          path=config.source) from None
    key = content_key("roadmap", code, config.roadmap, text)
    cached = cache.get("roadmap", key)
    if cached is not None:
        return Soon(lambda: RoadmapFacts.from_data(cached))
    reading = Background(lambda: read_roadmap_facts(path, shown).as_data())

    def read() -> RoadmapFacts:
        data = reading.result()
        cache.put("roadmap", key, data)
        return RoadmapFacts.from_data(data)  # type: ignore[arg-type]

    return Soon(read, reading.close)
