"""Import paths resolved in a fresh interpreter: does `bit_ttt.RMSNorm` still reach the object that
`bit_ttt.layers.rms_norm.RMSNorm` is?

One child process (the `Interpreter` port the split's verification uses) imports every module asked
about and looks each name up, keeping the objects alive so that equal ids mean the same object. The
answer comes line by line, so a module that hangs or kills the child still leaves the others' answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from refactor_tool.io.interpreter import FreshInterpreter, Interpreter

_TIMEOUT = 180.0

_PROGRAM = r"""
import importlib, json, sys
request = json.load(open(sys.argv[1], encoding="utf-8"))
sys.path[:0] = request["path"]
kept = []
with open(sys.argv[2], "w", encoding="utf-8") as answer:
    for spec in request["names"]:
        module, _, attribute = spec.partition(":")
        found = {"name": spec}
        try:
            value = importlib.import_module(module)
        except BaseException as error:
            found["error"] = f"importing {module} fails: {type(error).__name__}: {error}"
        else:
            if attribute and not hasattr(value, attribute):
                found["missing"] = True
            else:
                value = getattr(value, attribute) if attribute else value
                kept.append(value)
                found["id"] = id(value)
                found["module"] = getattr(value, "__module__", None)
        answer.write(json.dumps(found) + "\n")
        answer.flush()
"""


@dataclass(frozen=True, slots=True)
class Resolved:
    """What `module:name` gave: an object (by id), a module without that name, or an error."""

    name: str
    identity: int | None = None
    missing: bool = False
    error: str | None = None

    @property
    def found(self) -> bool:
        return self.identity is not None


class ImportProbe:
    """Resolves `module:name` strings (or `module:` for the module itself), all in one child process."""

    def __init__(self, paths: tuple[str, ...], interpreter: Interpreter | None = None) -> None:
        self.paths = paths
        self.interpreter = interpreter or FreshInterpreter()
        self._answers: dict[str, Resolved] = {}

    def resolve_all(self, names: Iterable[str]) -> None:
        wanted = [name for name in dict.fromkeys(names) if name not in self._answers]
        if not wanted:
            return
        run = self.interpreter.run(_PROGRAM, json.dumps({"path": list(self.paths), "names": wanted}),
                                   timeout=_TIMEOUT)
        for raw in run.answer.splitlines():
            data = json.loads(raw)
            self._answers[data["name"]] = Resolved(data["name"], data.get("id"), bool(data.get("missing")),
                                                   data.get("error"))
        why = "timed out" if run.timed_out else f"stopped (exit {run.returncode})"
        tail = run.output.strip().splitlines()[-1:] or [""]
        for name in wanted:
            self._answers.setdefault(name, Resolved(name, error=f"the interpreter {why} before "
                                                                f"answering {tail[0]}".rstrip()))

    def resolve(self, name: str) -> Resolved:
        self.resolve_all([name])
        return self._answers[name]
