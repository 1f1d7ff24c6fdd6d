"""Module code that hands its own namespace to other code while the module loads."""

from __future__ import annotations

import pytest

from refactor_tool.syntax.facts import analyze_module

HANDS_OUT = [
    ("import enum\nclass E(enum.IntEnum):\n    A = 1\nE._convert_('E2', __name__, lambda n: n.startswith('X'))\n", True),
    ("def install(ns): ns['x'] = 1\ninstall(globals())\n", True),
    ("import sys\nsetattr(sys.modules[__name__], 'x', 1)\n", True),
    ("globals().update({'x': 1})\n", True),
    ("import sys\ndef later():\n    return sys.modules[__name__]\n", False),
    ("import logging\nlogger = logging.getLogger(__name__)\n", False),
    ("def f(ns=None):\n    return globals()\n", False),
]


@pytest.mark.parametrize(("source", "expected"), HANDS_OUT)
def test_statements_handing_out_their_module_while_it_loads(source: str, expected: bool) -> None:
    analysis = analyze_module(source, "m.py")
    assert analysis.statements[-1].hands_out_module is expected
