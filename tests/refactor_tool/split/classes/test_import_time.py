"""Which methods run while a module loads (they stay in the class statement when its body splits)."""

from __future__ import annotations

import ast

from refactor_tool.split.classes.import_time import methods_run_at_import

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


INHERITED = '''
class _Base:
    def _make_mask(self, bits):
        return Address(bits)

    def unused(self):
        return Address(0)


class Network(_Base):
    def __init__(self, bits):
        self.mask = self._make_mask(bits)


class Address(_Base):
    def __init__(self, bits):
        self.bits = bits


class _Constants:
    local = Network(16)
'''


def test_a_method_reached_through_self_may_be_defined_in_a_base_class() -> None:
    """ipaddress: `_IPv4Constants` makes an `IPv4Network` while the module loads, whose `__init__` runs
    `self._make_netmask`, defined in `_BaseV4`, which needs `IPv4Address` then."""
    hot = methods_run_at_import(ast.parse(INHERITED), {"_Base", "Network", "Address"}, set())
    assert hot == {"_Base": {"_make_mask"}, "Network": {"__init__"}, "Address": {"__init__"}}
