"""Every training test runs torch on one thread: the machine is shared and results stay deterministic."""

from __future__ import annotations

import pytest
import torch


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    torch.set_num_threads(1)
