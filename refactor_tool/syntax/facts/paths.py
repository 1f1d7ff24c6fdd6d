"""Which names a top-level statement binds on some paths only: `try: import ssl`, `if sys.platform == ...`.

A split re-exports and imports every name the old module ended with; a name that exists only when an
import worked or a branch ran must be imported on those terms too, or the package fails to load with
`cannot import name`. The walk follows Python's control flow: both branches of an `if`, every normal
way out of a `try` (its body and `else`, each handler that does not re-raise), loops that may not run.
"""

from __future__ import annotations

import ast
from enum import Enum

from refactor_tool.syntax.facts.walker import module_scope_names


class Presence(str, Enum):
    """Whether a name exists after some code ran, whichever way it went."""

    SURE = "bound on every path"
    MAYBE = "bound on some paths only"
    GONE = "not bound (never, or deleted on every path)"


State = dict[str, Presence]


def _merge(paths: list[State]) -> State:
    """Where control flow joins: a name stays SURE (or GONE) only if every path agrees (a path that
    did not touch it disagrees with both)."""
    merged: State = {}
    for name in {n for state in paths for n in state}:
        seen = {state.get(name) for state in paths}
        merged[name] = seen.pop() if len(seen) == 1 else Presence.MAYBE
    return merged


def _constant(test: ast.expr) -> bool | None:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    return None


def _suppresses(node: ast.With | ast.AsyncWith) -> bool:
    """`with contextlib.suppress(...)` may skip the rest of its body."""
    for item in node.items:
        call = item.context_expr
        if isinstance(call, ast.Call):
            func = call.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "suppress":
                return True
    return False


def _run(body: list[ast.stmt], state: State) -> tuple[State, bool]:
    """The state after `body` when it completes normally, and whether it can."""
    state = dict(state)
    for node in body:
        state, completes = _step(node, state)
        if not completes:
            return state, False
    return state, True


def _join(outcomes: list[tuple[State, bool]], fallback: State) -> tuple[State, bool]:
    completing = [state for state, completes in outcomes if completes]
    if not completing:
        return fallback, False
    return _merge(completing), True


def _step(node: ast.stmt, state: State) -> tuple[State, bool]:
    if isinstance(node, (ast.Raise, ast.Return, ast.Break, ast.Continue)):
        return state, False
    if isinstance(node, ast.If):
        constant = _constant(node.test)
        if constant is not None:
            return _run(node.body if constant else node.orelse, state)
        return _join([_run(node.body, state), _run(node.orelse, state)], state)
    if isinstance(node, ast.Try) or (hasattr(ast, "TryStar") and isinstance(node, ast.TryStar)):
        body, completes = _run(node.body, state)
        # A handler runs after any prefix of the body: what the body binds is uncertain there.
        partial = _merge([state, body])
        outcomes = [_run(node.orelse, body) if completes else (body, False)]
        outcomes += [_run(handler.body, partial) for handler in node.handlers]
        joined, completes = _join(outcomes, partial)
        final, done = _run(node.finalbody, joined)
        return final, completes and done
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        target = [ast.Assign(targets=[node.target], value=ast.Constant(None))] if not isinstance(node, ast.While) else []
        once, _ = _run([*target, *node.body], state)
        skipped = _merge([state, once])
        broke = any(isinstance(n, ast.Break) for n in ast.walk(node))
        after_else, _ = _run(node.orelse, skipped)
        return (_merge([skipped, after_else]) if broke else after_else), True
    if isinstance(node, (ast.With, ast.AsyncWith)):
        inner, completes = _run(node.body, _bind(node.items, state))
        if _suppresses(node):
            return _merge([state, inner]), True
        return inner, completes
    if isinstance(node, ast.Match):
        outcomes = [_run(case.body, state) for case in node.cases]
        last = node.cases[-1] if node.cases else None
        total = last is not None and last.guard is None and isinstance(last.pattern, ast.MatchAs) \
            and last.pattern.pattern is None
        if not total:
            outcomes.append((state, True))
        return _join(outcomes, state)
    return _bind([node], state), True


def _bind(nodes: list, state: State) -> State:
    """After simple statements (or `with` items): what they bind is sure, what they delete is gone."""
    state = dict(state)
    plain = [n for n in nodes if isinstance(n, ast.stmt)]
    plain += [ast.Expr(value=n.optional_vars) for n in nodes if isinstance(n, ast.withitem) and n.optional_vars]
    names = module_scope_names(plain, future_annotations=False)
    for name in names.defines:
        state[name] = Presence.SURE
    for name in names.deletes:
        state[name] = Presence.GONE
    return state


def maybe_binds(nodes: list[ast.stmt]) -> frozenset[str]:
    """Names the statement binds or deletes on some of its paths only (empty for plain definitions)."""
    if all(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign,
                          ast.AugAssign, ast.Import, ast.ImportFrom, ast.Expr)) for n in nodes):
        return frozenset()
    state, _ = _run(list(nodes), {})
    return frozenset(name for name, presence in state.items() if presence is Presence.MAYBE)
