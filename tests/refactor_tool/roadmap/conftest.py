"""The `clock` fixture: a fake `Clock` port for every roadmap test that times something."""

from __future__ import annotations

import pytest
from roadmap_support import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
