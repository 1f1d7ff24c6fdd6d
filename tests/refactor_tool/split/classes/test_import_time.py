"""Which methods run while a module loads (they stay in the class statement when its body splits)."""

from __future__ import annotations

import ast

from refactor_tool.split.classes.import_time import methods_run_at_import, names_read

SOURCE = '''
class Gen:
    def __init__(self):
        self.seed(1)

    def seed(self, x):
        self.x = x

    def choice(self, seq):
        return seq[self.x]

    def shuffle(self, seq):
        seq.reverse()

    @property
    def state(self):
        return self.x


_inst = Gen()
choice = _inst.choice
state = _inst.state
order = _inst.shuffle([1, 2])
'''


def test_binding_a_method_runs_nothing_calling_it_or_reading_a_property_does() -> None:
    """random.py's `choice = _inst.choice` binds; `_inst.shuffle(...)` runs; a property's getter runs."""
    hot = methods_run_at_import(ast.parse(SOURCE), {"Gen"}, set())["Gen"]
    assert hot == {"__init__", "seed", "shuffle", "state"}


def test_setting_a_property_built_with_property_runs_its_setter() -> None:
    """bottle's `status = property(_get_status, _set_status)`: `self.status = ...` in `__init__` runs
    `_set_status` while `response = LocalResponse()` runs at import."""
    source = '''
class Response:
    def __init__(self):
        self.status = 200

    def _get_status(self):
        return self._status

    def _set_status(self, value):
        self._status = LINES[value]

    def _unused(self):
        return 0

    status = property(_get_status, _set_status)
    copy = _get_status


response = Response()
current = response.copy
'''
    tree = ast.parse(source)
    hot = methods_run_at_import(tree, {"Response"}, set())
    assert {"__init__", "status"} <= hot["Response"] and "_unused" not in hot["Response"]
    assert "LINES" in names_read(tree, hot)["Response"]
