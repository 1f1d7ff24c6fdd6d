"""Pieces: which uses bind the plan (hard, while loading) and which may point to a later module."""

from __future__ import annotations

import textwrap

import networkx as nx
from plan_registrations import REGISTRATIONS

from refactor_tool.split.plan.pieces import REGISTERS_AFTER, Pieces, read_pieces
from refactor_tool.split.plan.repair import module_graph
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module


def _pieces(source: str) -> Pieces:
    analysis = analyze_module(textwrap.dedent(source), "mod.py")
    return read_pieces(build_units(analysis), analysis)


def _piece(pieces: Pieces, name: str) -> int:
    return next(k for k, p in pieces.pieces.items() if name in p.names)


PING_PONG = textwrap.dedent("""
    def ping(n):
        return pong(n - 1) if n else 0


    def pong(n):
        return ping(n - 1) if n else 1
""")


def test_uses_only_when_called_are_soft_and_leave_definitions_apart() -> None:
    pieces = _pieces(PING_PONG)
    ping, pong = _piece(pieces, "ping"), _piece(pieces, "pong")
    assert ping != pong
    assert pieces.soft.has_edge(ping, pong) and pieces.soft.has_edge(pong, ping)
    assert pieces.hard.number_of_edges() == 0
    assert pieces.soft[ping][pong]["names"] == {"pong"}


def test_what_runs_while_the_module_loads_makes_its_uses_hard() -> None:
    pieces = _pieces(PING_PONG + "\nSTART = ping(3)\n")
    assert _piece(pieces, "ping") == _piece(pieces, "pong")  # each needs the other then: one piece
    start = _piece(pieces, "START")
    assert pieces.hard.has_edge(start, _piece(pieces, "ping"))
    assert pieces.pieces[_piece(pieces, "ping")].kind == "function"


def test_base_classes_and_decorators_are_needed_while_loading() -> None:
    pieces = _pieces("""
        def register(cls):
            return cls


        class Base:
            def make(self):
                return Child()


        @register
        class Child(Base):
            LIMIT = 3
    """)
    base, child, register = (_piece(pieces, n) for n in ("Base", "Child", "register"))
    assert pieces.hard.has_edge(child, base) and pieces.hard.has_edge(child, register)
    assert pieces.soft.has_edge(base, child) and not pieces.hard.has_edge(base, child)
    assert {p.kind for p in pieces.pieces.values()} == {"class", "function"}


def test_restricting_keeps_only_the_uses_among_the_pieces_kept() -> None:
    pieces = _pieces(PING_PONG + "\n\ndef other():\n    return ping(1)\n")
    kept = pieces.restrict([_piece(pieces, "ping"), _piece(pieces, "other")])
    assert set(kept.pieces) == {_piece(pieces, "ping"), _piece(pieces, "other")}
    assert kept.soft.number_of_edges() == 1 and kept.uses().number_of_edges() == 1
    assert len(pieces.pieces) == 3  # the original is unchanged


def test_a_later_registration_of_a_key_loads_after_the_earlier_one_as_after_a_hard_use() -> None:
    """dill 0.3.9: `ClassType = type` planned beside `@register(TypeType) save_type` made the module of
    `@register(ClassType) save_classobj`, which imports `ClassType`, load first: `save_classobj` won
    and pickled `type` by its parts (RecursionError in 13 tests). Both register `type`; the later
    registration loads after the earlier one, so such a plan has an import cycle every repair undoes."""
    pieces = _pieces(REGISTRATIONS)
    later, earlier = _piece(pieces, "describe_type"), _piece(pieces, "describe_class")
    assert pieces.hard[later][earlier]["names"] == {REGISTERS_AFTER}
    assert pieces.hard[later][earlier]["counted"] == {"describe_class"}  # what it calls, imported with it
    modules = {_piece(pieces, "_HANDLERS"): 0, _piece(pieces, "register"): 0, earlier: 1,
               _piece(pieces, "ClassKind"): 2, _piece(pieces, "TypeKind"): 2, later: 2}
    assert not nx.is_directed_acyclic_graph(module_graph(modules, pieces.hard))
    modules[_piece(pieces, "ClassKind")] = 0
    assert nx.is_directed_acyclic_graph(module_graph(modules, pieces.hard))


def test_registrations_of_different_keys_load_in_any_order() -> None:
    pieces = _pieces(REGISTRATIONS.replace("register(TypeKind)", "register(int)"))
    assert not pieces.hard.has_edge(_piece(pieces, "describe_type"), _piece(pieces, "describe_class"))
