"""Code that finds its own frames on the stack by the file they run in: what it finds, a split changes.

logging skips its own frames to find who called `logger.info(...)` by comparing each frame's file with
`_srcfile`, the file of one of its functions (`addLevelName.__code__.co_filename`); subprocess counts a
warning's `stacklevel` over the frames whose file is that of its own frame (`sys._getframe()`). Split,
the module's code lives in several files, so such code takes frames of moved code for its callers
(every log record would name logging's `_log` as its caller). Which code may be on the stack between
the caller and the walker cannot be known from the source (logging's `LoggerAdapter` calls through an
attribute), and keeping all of it in one file is keeping the module whole: such a module is refused.
Frames reached by depth (`sys._getframe().f_back`, traceback, doctest) do not depend on files.
"""

from __future__ import annotations

import ast

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _is_own_frame(node: ast.expr | None) -> bool:
    """`sys._getframe()` or `sys._getframe(0)`: the frame of the code calling it."""
    if not isinstance(node, ast.Call) or node.keywords or len(node.args) > 1:
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    depth = node.args[0] if node.args else None
    return name == "_getframe" and (depth is None or (isinstance(depth, ast.Constant) and depth.value == 0))


def _own_frames(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Local names bound to the function's own frame (`f = sys._getframe()`)."""
    return {target.id for node in ast.walk(function) if isinstance(node, ast.Assign) and _is_own_frame(node.value)
            for target in node.targets if isinstance(target, ast.Name)}


def frames_found_by_file(tree: ast.Module) -> tuple[str, int] | None:
    """What in the module finds its own frames by their file, and its line; None when nothing does."""
    functions = {n.name for n in tree.body if isinstance(n, _FUNCTIONS)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "co_filename":
            code = node.value
            if isinstance(code, ast.Attribute) and code.attr == "__code__" and isinstance(code.value, ast.Name) \
                    and code.value.id in functions:
                return f"`{code.value.id}.__code__.co_filename` names the file of its own code", node.lineno
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Name) and o.id == "__file__" for o in operands) and any(
                    isinstance(o, ast.Attribute) and o.attr == "co_filename" for o in operands):
                return "a frame's file is compared with `__file__`", node.lineno
    for function in (n for n in ast.walk(tree) if isinstance(n, _FUNCTIONS)):
        own = _own_frames(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Attribute) and node.attr == "co_filename" and isinstance(node.value, ast.Attribute) \
                    and node.value.attr == "f_code" and (_is_own_frame(node.value.value) or (
                        isinstance(node.value.value, ast.Name) and node.value.value.id in own)):
                return f"`{function.name}` compares frames' files with that of its own frame", node.lineno
    return None
