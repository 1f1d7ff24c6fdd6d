"""Shared by every bit_ttt test: one CPU thread, and the devices layer tests run on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch


@pytest.fixture(autouse=True)
def single_cpu_thread() -> Iterator[None]:
    """Tiny tensors: thread hand-offs cost more than the maths, and one thread keeps float sums deterministic."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(
    params=[
        pytest.param("cpu", id="cpu"),
        pytest.param(
            "cuda",
            id="cuda",
            marks=[pytest.mark.cuda, pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU")],
        ),
    ]
)
def device(request: pytest.FixtureRequest) -> str:
    """Run the test once per device: CPU everywhere, CUDA where a GPU is present (marked `cuda`)."""
    return request.param
