"""What a check reports: a finding named after the bad pattern, where it is, and whether it was accepted.

An allow entry (`[[tool.refactor_tool.allow]]`) turns a finding into an accepted one: still shown in every
report, with its reason, but no longer failing the check.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from refactor_tool.errors import ConfigError
from refactor_tool.io.project import AllowEntry


class FindingKind(str, Enum):
    """One kind per check; the value is the name used in reports, allow entries and `--explain`."""

    FILE_TOO_LARGE = "file-too-large"
    TOO_MANY_NEW_FILES = "too-many-new-files"
    NEW_DEPENDENCY = "new-dependency"
    IMPORT_CYCLE = "import-cycle"
    DEAD_MODULE = "dead-module"
    DEPRECATED_EXPORT = "deprecated-export"
    API_BREAK = "api-break"
    GATE_FAILED = "gate-failed"

    @classmethod
    def named(cls, name: str) -> FindingKind:
        """The kind called `name`; an unknown name is a one-line error suggesting the closest kind."""
        try:
            return cls(name)
        except ValueError:
            import difflib

            close = difflib.get_close_matches(name, [kind.value for kind in cls], n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(kind.value for kind in cls)
            raise ConfigError(f"unknown check {name!r}{hint} (known: {known})") from None


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    #: the file, relative to the project root ('' when the finding is about no one file)
    path: str
    line: int
    message: str
    #: what the finding is about, when that is not the file: a distribution, a module, a public path
    subject: str = ""
    #: the allow entry's reason when someone accepted this finding
    accepted: str | None = None
    #: new-dependency only: who installs the distribution (`runtime`, `development`); '' for other kinds
    scope: str = ""

    @property
    def failing(self) -> bool:
        return self.accepted is None

    def location(self) -> str:
        return f"{self.path or '.'}:{self.line}" if self.line else (self.path or ".")

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"kind": self.kind.value, "path": self.path, "line": self.line,
                                   "message": self.message, "subject": self.subject, "accepted": self.accepted}
        if self.scope:
            data["scope"] = self.scope
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Finding:
        return cls(FindingKind(str(data["kind"])), str(data["path"]), int(data["line"]),  # type: ignore[call-overload]
                   str(data["message"]), str(data.get("subject") or ""),
                   None if data.get("accepted") is None else str(data["accepted"]), str(data.get("scope") or ""))


def _matches(entry: AllowEntry, finding: Finding) -> bool:
    if entry.kind != finding.kind.value:
        return False
    return fnmatch.fnmatchcase(finding.path, entry.path) or (
        bool(finding.subject) and fnmatch.fnmatchcase(finding.subject, entry.path))


def check_allow_kinds(entries: Iterable[AllowEntry], source: str | None) -> None:
    """Every allow entry names a known kind (a typo there would silently accept nothing)."""
    for entry in entries:
        try:
            FindingKind.named(entry.kind)
        except ConfigError as error:
            raise ConfigError(f"[[tool.refactor_tool.allow]] kind: {error.message}", path=source,
                              line=entry.line) from None


def apply_allow(findings: Iterable[Finding], entries: tuple[AllowEntry, ...]) -> tuple[Finding, ...]:
    """Findings an allow entry matches (kind, and path or subject as a glob) become accepted ones."""
    result = []
    for finding in findings:
        entry = next((entry for entry in entries if _matches(entry, finding)), None)
        result.append(finding if entry is None or finding.accepted else replace(finding, accepted=entry.reason))
    return tuple(result)


def unused_allow(findings: Iterable[Finding], entries: tuple[AllowEntry, ...]) -> tuple[AllowEntry, ...]:
    """Allow entries that matched no finding: stale exceptions worth deleting."""
    seen = tuple(findings)
    return tuple(entry for entry in entries if not any(_matches(entry, finding) for finding in seen))
