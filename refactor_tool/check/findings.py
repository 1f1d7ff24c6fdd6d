"""What a check reports: a finding named after the bad pattern, with where it is and what the limit was."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class FindingKind(str, Enum):
    """Kinds of budget findings; the value is the sentence a person reads."""

    FILE_TOO_LARGE = "file-too-large"

    @property
    def sentence(self) -> str:
        return _SENTENCES[self]


_SENTENCES = {
    FindingKind.FILE_TOO_LARGE: "File is at or over the line limit; split it by idea (refactor-tool plan).",
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    path: str
    line: int
    message: str
    limit: int
    actual: int

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data
