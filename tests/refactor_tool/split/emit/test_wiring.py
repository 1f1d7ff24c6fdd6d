"""The facade's helpers (`emit/wiring.py`): the names they give the new modules they import."""

from __future__ import annotations

from refactor_tool.split.emit.wiring import local_name


def test_a_module_named_like_a_bound_name_gets_another_local_name() -> None:
    """bottle: the late bindings set `request.request = request`, the object, on the new module `request`;
    imported as plain `request`, the module would shadow the object and bind itself."""
    assert local_name("request", frozenset({"request", "depr"})) == "request_module"
    assert local_name("request", frozenset({"request", "request_module"})) == "request_module_module"
    assert local_name("parser", frozenset({"request"})) == "parser"
