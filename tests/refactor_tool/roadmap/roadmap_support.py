"""What the roadmap tests share: the fixture roadmaps and a clock that moves only when told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: a byte-for-byte copy of ../shared/seed/ROADMAP.md, so a fresh clone has it
SEED = FIXTURES / "seed_ROADMAP.md"
REPO_ROADMAP = Path(__file__).resolve().parents[3] / "ROADMAP.md"


class FakeClock:
    """The `Clock` port for tests: starts at a fixed moment, moves by `advance`."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)
