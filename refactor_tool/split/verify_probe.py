"""The program a fresh interpreter runs to describe a module as its users see it (standard library only).

Run as `python -c <this file's text> REQUEST ANSWER`: it imports the module under its dotted name from the
given roots, writes one JSON line with what every name looks like, then imports each module that
imported the old one and writes one line per importer, then a last `done` line. Whatever the imported
code prints goes to stderr, never into the answer; it leaves with `os._exit` so no atexit hook or
stray thread of the imported code runs on.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import os
import re
import sys
import traceback
from typing import Any

#: Names whose presence and value depend on where the module lives, not on what it offers.
LOCATION_NAMES = frozenset({"__builtins__", "__cached__", "__file__", "__loader__", "__package__", "__path__",
                            "__spec__"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _qualified(kind: type) -> str:
    return f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', kind.__name__)}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


#: Texts longer than this are compared by length and digest.
_SHOWN = 60


def _text_value(value: Any, roots: tuple[str, ...]) -> str | None:
    """A text (or a tuple or frozenset of texts) the module computed, as shown in a difference: code run
    while the module loads may compute it (pyparsing's `alphas8bit = srange(...)`), and a split that
    breaks that code changes it silently. None for other values and for texts naming the module's place."""
    items = value if isinstance(value, (tuple, frozenset)) else (value,)
    if not items or not all(type(item) in (str, bytes) for item in items):
        return None
    if any(isinstance(item, str) and root in item for item in items for root in roots):
        return None
    shown = repr(sorted(items) if isinstance(value, frozenset) else value)
    if len(shown) <= _SHOWN:
        return shown
    digest = hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{shown[:_SHOWN - 20]}… ({len(shown)} characters, sha256 {digest})"


def describe(value: Any, roots: tuple[str, ...] = ()) -> dict[str, Any]:
    """Type, `__module__`, `__qualname__`, signature (callables), `__mro__` (classes) and, for texts,
    the value of one value."""
    facts: dict[str, Any] = {"type": _qualified(type(value))}
    text = _text_value(value, roots)
    if text is not None:
        facts["value"] = text
    for key, attribute in (("module", "__module__"), ("qualname", "__qualname__")):
        try:
            facts[key] = _text(getattr(value, attribute, None))
        except Exception as error:  # a proxy whose attribute access fails: that is what users see too
            facts[key] = f"<{type(error).__name__}>"
    if callable(value):
        try:
            facts["signature"] = _ADDRESS.sub(" at 0x…", str(inspect.signature(value)))
        except Exception:  # builtins and some C types have none
            facts["signature"] = None
    if isinstance(value, type):
        facts["mro"] = [_qualified(base) for base in value.__mro__]
    return facts


def snapshot(module: Any, extra_names: list[str], roots: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every name of `module` (its namespace, `dir()` and `extra_names`), each described."""
    namespace = sorted(vars(module))
    listed = sorted(set(dir(module)))
    names: dict[str, Any] = {}
    for name in sorted({*namespace, *listed, *extra_names}):
        if name in LOCATION_NAMES:
            names[name] = {"type": "location"} if name in listed or name in namespace else None
            continue
        try:
            value = getattr(module, name)
        except AttributeError:
            names[name] = None
            continue
        except Exception as error:
            names[name] = {"type": f"<{type(error).__name__} on access>"}
            continue
        names[name] = describe(value, roots)
    exported = getattr(module, "__all__", None)
    if not (isinstance(exported, (list, tuple)) and all(isinstance(item, str) for item in exported)):
        exported = None
    return {"namespace": namespace, "dir": listed, "names": names, "file": getattr(module, "__file__", None),
            "exported": None if exported is None else sorted(exported)}


def _failure(error: BaseException) -> str:
    """`ImportError: cannot import name 'x' ... (at pkg/_a.py:3)`: the innermost frame outside the import system."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "importlib" not in f.filename
              and f.filename != "<string>"]
    where = f" (at {frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}".strip() + where


def _forget(name: str) -> None:
    """Drop `name` (and its package) if the interpreter already loaded them, so the roots' copy is imported."""
    top = name.partition(".")[0]
    for loaded in [m for m in sys.modules if m == top or m.startswith(top + ".")]:
        del sys.modules[loaded]


def main(argv: list[str]) -> None:
    with open(argv[1], encoding="utf-8") as stream:
        request = json.load(stream)
    answer = open(argv[2], "w", encoding="utf-8")  # noqa: SIM115 - written line by line until os._exit

    def say(line: dict[str, Any]) -> None:
        answer.write(json.dumps(line) + "\n")
        answer.flush()

    sys.stdout = sys.stderr
    sys.argv = [""]
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    sys.path[:0] = request["roots"]
    _forget(request["module"])
    try:
        module = importlib.import_module(request["module"])
    except BaseException as error:  # SystemExit and KeyboardInterrupt from module code are failures too
        say({"kind": "module", "error": _failure(error)})
    else:
        try:
            say({"kind": "module", "error": None, **snapshot(module, request["names"], tuple(request["roots"]))})
        except Exception as error:
            say({"kind": "module", "error": f"cannot be described: {_failure(error)}"})
    for importer in request["importers"]:
        try:
            importlib.import_module(importer)
            say({"kind": "importer", "module": importer, "error": None})
        except BaseException as error:
            say({"kind": "importer", "module": importer, "error": _failure(error)})
    say({"kind": "done"})
    answer.close()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
