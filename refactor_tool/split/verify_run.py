"""Take the snapshots the verification compares: what to import, importing it through the port, reading the answer.

The original is described before any file changes (from the original files), the split one after; both
under the module's dotted name, with the folder that makes it importable (and those of its importers)
first on `sys.path`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.interpreter import ChosenInterpreter, Interpreter
from refactor_tool.io.project import python_files
from refactor_tool.split import verify_probe
from refactor_tool.split.verify import (
    ComparisonRules,
    Difference,
    ImporterOutcome,
    ModuleSnapshot,
    NameFacts,
    compare_snapshots,
    steady_snapshot,
)
from refactor_tool.syntax.facts import parse_source
from refactor_tool.syntax.modnames import import_root, imported_modules, module_name
from refactor_tool.syntax.source import read_source

__all__ = ["IMPORT_TIMEOUT_S", "PACE_ALLOWED", "Subject", "Verification", "find_subject", "import_root",
           "take_original_snapshot", "take_snapshot", "verify_split"]

#: How long importing the module (and its importers) may take before the verification gives up.
IMPORT_TIMEOUT_S = 120.0
#: The split module may take this many times as long to import as the original did (a slow, busy machine).
PACE_ALLOWED = 3.0


@dataclass(frozen=True, slots=True)
class Subject:
    """The module to import, the folders to put first on `sys.path`, and the project's modules importing it."""

    module: str
    roots: tuple[str, ...]
    importers: tuple[str, ...]


def _importer(path: Path, dotted: str) -> tuple[str, Path] | None:
    """(dotted name, import root) of `path` if it imports module `dotted` or a name from it."""
    try:
        text = read_source(path).text
        if dotted.rpartition(".")[2] not in text:
            return None
        tree = parse_source(text, str(path))
        name = module_name(path)
    except InputError:
        return None
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    if not any(found == dotted or found.startswith(dotted + ".") for _, found in imported_modules(tree, package)):
        return None
    return name, import_root(path, name)


def find_subject(path: Path, project: Path, skip: Sequence[Path] = ()) -> Subject:
    """What to import to verify a split of `path`: its dotted name, roots, and importers found under `project`."""
    dotted = module_name(path)
    roots = [str(import_root(path, dotted))]
    left_out = {p.resolve() for p in (path, *skip)}
    importers = []
    for candidate in python_files(project):
        if candidate.resolve() in left_out:
            continue
        found = _importer(candidate, dotted)
        if found is None or found[0] == dotted:
            continue
        importers.append(found[0])
        if str(found[1]) not in roots:
            roots.append(str(found[1]))
    return Subject(dotted, tuple(roots), tuple(importers))


def _facts(data: dict[str, object] | None) -> NameFacts | None:
    if data is None:
        return None
    mro = data.get("mro")
    return NameFacts(type=str(data["type"]), module=data.get("module"), qualname=data.get("qualname"),  # type: ignore[arg-type]
                     signature=data.get("signature"), mro=None if mro is None else tuple(mro),  # type: ignore[arg-type]
                     value=data.get("value"))  # type: ignore[arg-type]


def _read_answer(subject: Subject, answer: str) -> tuple[dict[str, object] | None, list[ImporterOutcome]]:
    module_line: dict[str, object] | None = None
    importers = []
    for line in answer.splitlines():
        data = json.loads(line)
        if data["kind"] == "module":
            module_line = data
        elif data["kind"] == "importer":
            importers.append(ImporterOutcome(data["module"], data["error"]))
    return module_line, importers


def take_snapshot(subject: Subject, interpreter: Interpreter, *, expected_file: Path,
                  names: Iterable[str] = (), timeout: float | None = None) -> ModuleSnapshot:
    """Import `subject` in a fresh interpreter and describe it; `names` are described too when present."""
    timeout = IMPORT_TIMEOUT_S if timeout is None else timeout
    request = json.dumps({"module": subject.module, "roots": list(subject.roots),
                          "importers": list(subject.importers), "names": sorted(names)})
    run = interpreter.run(Path(verify_probe.__file__).read_text(encoding="utf-8"), request, timeout=timeout)
    try:
        data, importers = _read_answer(subject, run.answer)
    except (ValueError, KeyError):
        data, importers = None, []
    if data is None:
        last = run.output.strip().splitlines()[-1:] or ["no output"]
        error = (f"did not finish importing within {timeout:g} s" if run.timed_out else
                 f"the interpreter stopped (exit {run.returncode}) before answering: {last[0]}")
        return ModuleSnapshot(subject.module, error=error, seconds=run.seconds)
    if data["error"] is not None:
        return ModuleSnapshot(subject.module, error=str(data["error"]), importers=tuple(importers),
                              seconds=run.seconds)
    found = data.get("file")
    if found is None or Path(str(found)).resolve() != expected_file.resolve():
        return ModuleSnapshot(subject.module, seconds=run.seconds,
                              error=f"`import {subject.module}` found {found}, not {expected_file}")
    described = data["names"]
    assert isinstance(described, dict)
    exported = data.get("exported")
    return ModuleSnapshot(
        module=subject.module, namespace=frozenset(data["namespace"]), dir_names=frozenset(data["dir"]),  # type: ignore[arg-type]
        names=tuple((name, _facts(facts)) for name, facts in sorted(described.items())),
        exported=None if exported is None else tuple(exported), importers=tuple(importers),  # type: ignore[arg-type]
        seconds=run.seconds,
    )


def take_original_snapshot(subject: Subject, interpreter: Interpreter, *, expected_file: Path) -> ModuleSnapshot:
    """The unchanged module imported twice at once: values that differ between the two imports are not compared.

    Both imports run side by side (no more wall time than one, given a spare core, and they overlap the
    planning anyway); the faster one's time sets the pace the split module is allowed.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        other = pool.submit(take_snapshot, subject, interpreter, expected_file=expected_file)
        first = take_snapshot(subject, interpreter, expected_file=expected_file)
        second = other.result()
    if first.error is not None or second.error is not None:
        return first
    return replace(steady_snapshot(first, second), seconds=min(first.seconds, second.seconds))


@dataclass(frozen=True, slots=True)
class Verification:
    """The split module compared with the original: what differs, how many importers were tried, how long,
    and with which interpreter (None: an injected port, as in tests)."""

    differences: tuple[Difference, ...]
    importers: int
    seconds: float
    interpreter: ChosenInterpreter | None = None

    @property
    def passed(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict[str, object]:
        return {"passed": self.passed, "importers_checked": self.importers, "seconds": round(self.seconds, 3),
                "interpreter": None if self.interpreter is None else self.interpreter.as_dict(),
                "differences": [d.as_dict() for d in self.differences]}


def verify_split(subject: Subject, before: ModuleSnapshot, interpreter: Interpreter, *, expected_file: Path,
                 rules: ComparisonRules, timeout: float | None = None) -> Verification:
    """Describe the split module in a fresh interpreter and compare; slower machines get the original's pace."""
    timeout = IMPORT_TIMEOUT_S if timeout is None else timeout
    names = {name for name, facts in before.names if facts is not None}
    after = take_snapshot(subject, interpreter, expected_file=expected_file, names=names,
                          timeout=max(timeout, PACE_ALLOWED * before.seconds))
    return Verification(compare_snapshots(before, after, rules), len(subject.importers),
                        before.seconds + after.seconds)
