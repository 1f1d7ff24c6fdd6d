"""Surface <-> JSON: a stable, sorted, reviewable file with a format version, committed and diffed in review.

No line numbers or absolute paths are stored, so the file changes only when the API does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from refactor_tool.api.model import Entry, EntryKind, Parameter, ParamKind, Signature, Surface
from refactor_tool.errors import InputError
from refactor_tool.syntax.source import exact_text, read_bytes

FORMAT = "refactor-tool/api-surface"
FORMAT_VERSION = 1


def _signature_dict(signature: Signature) -> dict[str, Any]:
    params = []
    for p in signature.parameters:
        item: dict[str, Any] = {"name": p.name, "kind": p.kind.value}
        if p.default is not None:
            item["default"] = p.default
        if p.annotation is not None:
            item["annotation"] = p.annotation
        params.append(item)
    data: dict[str, Any] = {"parameters": params}
    if signature.returns is not None:
        data["returns"] = signature.returns
    if signature.is_async:
        data["async"] = True
    return data


def entry_dict(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": entry.kind.value}
    if entry.target:
        data["target"] = entry.target
    if entry.signature is not None:
        data["signature"] = _signature_dict(entry.signature)
    if entry.bases:
        data["bases"] = list(entry.bases)
    if entry.exports is not None:
        data["all"] = list(entry.exports)
    for key in ("value", "value_kind", "annotation"):
        if getattr(entry, key) is not None:
            data[key] = getattr(entry, key)
    return data


def to_json_data(surface: Surface) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "package": surface.package,
        "dynamic_modules": list(surface.dynamic_modules),
        "entries": {entry.path: entry_dict(entry) for entry in surface.entries},
    }


def dumps(surface: Surface) -> str:
    return json.dumps(to_json_data(surface), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _signature(data: dict[str, Any]) -> Signature:
    params = tuple(
        Parameter(p["name"], ParamKind(p["kind"]), p.get("default"), p.get("annotation")) for p in data["parameters"]
    )
    return Signature(params, data.get("returns"), bool(data.get("async", False)))


def _entry(path: str, data: dict[str, Any]) -> Entry:
    signature = data.get("signature")
    exports = data.get("all")
    return Entry(
        path,
        EntryKind(data["kind"]),
        data.get("target", ""),
        _signature(signature) if signature is not None else None,
        tuple(data.get("bases", ())),
        tuple(exports) if exports is not None else None,
        data.get("value"),
        data.get("value_kind"),
        data.get("annotation"),
    )


def from_json_data(data: Any, *, source: str = "<snapshot>") -> Surface:
    """Read a snapshot; another format or version is an `InputError`, never a silent misread."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"not an API surface snapshot (expected \"format\": \"{FORMAT}\")", path=source)
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise InputError(
            f"snapshot format version {version!r} is not supported (this tool reads version {FORMAT_VERSION});"
            " regenerate it with `refactor-tool api snapshot`",
            path=source,
        )
    try:
        entries = tuple(_entry(path, item) for path, item in sorted(data["entries"].items()))
        return Surface(data["package"], entries, (), "", tuple(data.get("dynamic_modules", ())))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(f"malformed snapshot: {error!r}", path=source) from error


def read(path: Path) -> Surface:
    raw = read_bytes(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 JSON: {error.reason} at byte {error.start}", path=path, line=line) from None
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", path=path, line=error.lineno) from error
    return from_json_data(data, source=str(path))


def write(surface: Surface, path: Path) -> None:
    """Through the one file transaction (folders made as needed; a failure leaves the old file)."""
    # here, not above: the transaction's journal, tempfile and compression modules cost every reader of
    # snapshots (refactor-check's comparison in a forked child) about 10 ms to import
    from refactor_tool.io.transaction import FileChange, Transaction

    before = exact_text(read_bytes(path)) if path.exists() else None
    Transaction([FileChange(path, before, dumps(surface))]).commit()
