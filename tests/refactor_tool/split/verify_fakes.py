"""A fake of the interpreter port: answers as a probe would, without starting a process."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from refactor_tool.io.interpreter import ProgramRun


@dataclass
class FakeInterpreter:
    """Replays the given answers (one per run); records every request it was sent."""

    runs: list[ProgramRun]
    requests: list[dict] = field(default_factory=list)

    def run(self, program: str, request: str, *, timeout: float) -> ProgramRun:
        assert "def main(argv" in program  # it was sent the probe
        self.requests.append({**json.loads(request), "timeout": timeout})
        return self.runs.pop(0)


def answer(*lines: dict, output: str = "", returncode: int | None = 0, seconds: float = 0.1) -> ProgramRun:
    return ProgramRun("".join(json.dumps(line) + "\n" for line in lines), output, returncode, seconds)


def module_line(file: str, names: dict, *, dir_names: list[str] | None = None, exported=None) -> dict:
    present = sorted(name for name, facts in names.items() if facts is not None)
    return {"kind": "module", "error": None, "namespace": present, "dir": dir_names or present, "names": names,
            "file": file, "exported": exported}
