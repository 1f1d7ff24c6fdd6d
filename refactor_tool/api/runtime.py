"""`--import`: import the package in a subprocess and check what only exists at run time.

Static reading cannot see a computed `__all__`, names made in loops, or what a module `__getattr__`
serves; a child process imports the package (never this one) and answers with JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactor_tool.api.model import Entry, EntryKind, Parameter, ParamKind, Signature, Surface
from refactor_tool.api.sources import SourceFiles
from refactor_tool.errors import InputError

if TYPE_CHECKING:
    import tempfile

_PROBE = r"""
import importlib, inspect, json, sys, warnings
warnings.simplefilter("ignore")
answer_stream, sys.stdout = sys.stdout, sys.stderr  # whatever the package prints stays out of the answer
sys.path.insert(0, sys.argv[1])
request = json.load(sys.stdin)

def kind_of(obj):
    if inspect.ismodule(obj): return "module"
    if inspect.isclass(obj): return "class"
    if callable(obj): return "function"
    return type(obj).__name__

def params(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [[p.name, p.kind.name, p.default is not inspect.Parameter.empty] for p in sig.parameters.values()]

def lookup(path):
    parts = path.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except Exception as error:
        return None, f"importing {parts[0]} failed: {type(error).__name__}: {error}"
    for index, part in enumerate(parts[1:], start=1):
        if hasattr(obj, part) if not inspect.ismodule(obj) else part in vars(obj):
            obj = getattr(obj, part)
            continue
        if inspect.ismodule(obj):
            name = ".".join(parts[: index + 1])
            try:
                obj = importlib.import_module(name)
                continue
            except ModuleNotFoundError as error:
                if error.name != name:
                    return None, f"importing {name} failed: {type(error).__name__}: {error}"
            except Exception as error:
                return None, f"importing {name} failed: {type(error).__name__}: {error}"
        try:
            obj = getattr(obj, part)  # module __getattr__ (PEP 562) and class attributes
        except Exception as error:
            return None, f"{type(error).__name__}: {error}"
    return obj, None

answer = {"modules": {}, "paths": {}}
for name in request["modules"]:
    obj, error = lookup(name)
    if obj is None:
        answer["modules"][name] = {"error": error}
        continue
    names = {}
    for attr in dir(obj):
        if attr.startswith("_"):
            continue
        try:
            value = getattr(obj, attr)
        except Exception:
            continue
        names[attr] = {"kind": kind_of(value), "params": params(value) if callable(value) else None}
    exported = getattr(obj, "__all__", None)
    answer["modules"][name] = {"names": names, "all": list(exported) if exported is not None else None}
for path in request["paths"]:
    obj, error = lookup(path)
    answer["paths"][path] = {"error": error} if error else {
        "kind": kind_of(obj), "params": params(obj) if callable(obj) else None}
json.dump(answer, answer_stream)
"""

_KINDS = {k.name: k for k in ParamKind}


@dataclass(frozen=True, slots=True)
class RuntimeNote:
    """Where the imported package disagrees with the static reading."""

    path: str
    message: str


def probe(root: Path, modules: Iterable[str], paths: Iterable[str], *, timeout: float = 300) -> dict[str, Any]:
    """Run the probe with `root` first on sys.path; a failing import of the package is an `InputError`."""
    request = json.dumps({"modules": sorted(set(modules)), "paths": sorted(set(paths))})
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE, str(root)],
            input=request, capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise InputError(f"importing the package took longer than {timeout:.0f}s", path=root) from error
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(f"importing the package failed: {last}", path=root)
    try:
        answer: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise InputError(f"importing the package gave no readable answer: {error.msg}", path=root) from error
    return answer


def materialise(source: SourceFiles) -> tuple[Path, tempfile.TemporaryDirectory[str] | None]:
    """A folder holding the source (a git ref is written to a temporary folder, removed by the caller)."""
    if source.root and Path(source.root).is_dir() and all((Path(source.root) / f).is_file() for f in source.files):
        return Path(source.root), None
    import tempfile  # only for --import: every other reader of this module never makes a folder

    holder = tempfile.TemporaryDirectory(prefix="refactor-tool-api-")
    for rel, data in source.files.items():
        target = Path(holder.name, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return Path(holder.name), holder


def still_imports(source: SourceFiles, paths: Iterable[str]) -> dict[str, bool]:
    """For `diff --import`: which of `paths` resolve when the new package is imported."""
    paths = tuple(paths)
    if not paths:
        return {}
    root, holder = materialise(source)
    try:
        answer = probe(root, (), paths)
    finally:
        if holder is not None:
            holder.cleanup()
    return {path: "error" not in answer["paths"].get(path, {"error": ""}) for path in paths}


def _signature(params: list[list[Any]] | None) -> Signature | None:
    if params is None:
        return None
    return Signature(tuple(Parameter(name, _KINDS[kind], "..." if has else None) for name, kind, has in params))


def augment(
    surface: Surface, source: SourceFiles, static_names: Mapping[str, set[str]]
) -> tuple[Surface, tuple[RuntimeNote, ...]]:
    """Add names only import shows, settle dynamic entries, and note signatures that differ at run time."""
    modules = [e.path for e in surface.entries if e.kind is EntryKind.MODULE and not e.target]
    checked = [e.path for e in surface.entries if e.kind in (EntryKind.DYNAMIC, EntryKind.FUNCTION, EntryKind.CLASS)]
    root, holder = materialise(source)
    try:
        answer = probe(root, modules, checked)
    finally:
        if holder is not None:
            holder.cleanup()
    root_answer = answer["modules"].get(surface.package, {})
    if "error" in root_answer:
        raise InputError(f"--import: {root_answer['error']}", path=source.root or surface.package)
    entries = surface.by_path()
    notes: list[RuntimeNote] = []
    for module, seen in answer["modules"].items():
        if "error" in seen:
            notes.append(RuntimeNote(module, f"does not import: {seen['error']}"))
            continue
        listed = set(seen["all"] or ())
        for name, item in seen["names"].items():
            path = f"{module}.{name}"
            if path in entries or (name in static_names.get(module, set()) and name not in listed):
                continue
            entries[path] = Entry(path, EntryKind.RUNTIME, signature=_signature(item["params"]), value_kind=item["kind"])
            notes.append(RuntimeNote(path, f"only exists at run time ({item['kind']})"))
    broken = {m for m, seen in answer["modules"].items() if "error" in seen}
    for path, item in answer["paths"].items():
        entry = entries[path]
        if "error" in item:
            if not any(path.startswith(m + ".") for m in broken):  # the module's own note says it all
                notes.append(RuntimeNote(path, f"does not resolve at run time: {item['error']}"))
            continue
        if entry.kind is EntryKind.DYNAMIC:
            entries[path] = replace(entry, value_kind=item["kind"], signature=_signature(item["params"]))
            notes.append(RuntimeNote(path, f"served by module __getattr__: a {item['kind']}"))
        elif entry.signature is not None and item["params"] is not None:
            static = [p.name for p in entry.signature.parameters]
            seen_names = [name for name, _, _ in item["params"]]
            if static != seen_names:
                notes.append(RuntimeNote(path, f"signature at run time is ({', '.join(seen_names)})"))
    new = replace(surface, entries=tuple(entries[p] for p in sorted(entries)))
    return new, tuple(notes)
