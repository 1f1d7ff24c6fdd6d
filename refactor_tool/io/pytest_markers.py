"""A pytest plugin the gate loads (`-p refactor_check_markers`): each test's markers go into the JUnit XML.

The gate copies this file under that name beside its log and puts the folder on PYTHONPATH, so it loads in
any environment that runs pytest, with or without refactor-tool installed; it imports nothing of ours.
"""

from __future__ import annotations

from typing import Any

MARKERS_PROPERTY = "markers"


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        names = sorted({marker.name for marker in item.iter_markers()})
        if names:
            item.user_properties.append((MARKERS_PROPERTY, " ".join(names)))
