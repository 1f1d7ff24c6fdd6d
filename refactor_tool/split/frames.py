"""Code that finds its own frames on the stack by the file they run in: what it finds, a split changes.

logging skips its own frames to find who called `logger.info(...)` by comparing each frame's file with
`_srcfile`, the file of one of its functions (`addLevelName.__code__.co_filename`); subprocess counts a
warning's `stacklevel` over the frames whose file is that of its own frame (`sys._getframe()`). Split,
the module's code lives in several files, so such code takes frames of moved code for its callers
(every log record would name logging's `_log` as its caller). Which code may be on the stack between
the caller and the walker cannot be known from the source (logging's `LoggerAdapter` calls through an
attribute), and keeping all of it in one file is keeping the module whole: such a module is refused.
Frames reached by depth (`sys._getframe().f_back`, traceback, doctest) do not depend on files; but code
that names its caller's module from its frame (`namedtuple`, boltons' `make_sentinel`) does depend on
where the call runs: `caller_namers` finds it, so moved calls keep the module's `__name__`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.syntax.modnames import import_root, module_name, resolve
from refactor_tool.syntax.source import read_source

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


#: Standard-library callables that name the module calling them from its frame (`sys._getframe(1)`):
#: what they make takes that module's name as its `__module__`.
STDLIB_CALLER_NAMERS = frozenset({
    "namedtuple", "NamedTuple", "TypedDict", "TypeVar", "ParamSpec", "TypeVarTuple", "NewType",
    "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "make_dataclass",
})


def _reads_caller_globals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """`sys._getframe(1).f_globals['__name__']` and the like: the function looks at its caller's module."""
    return any(isinstance(node, ast.Attribute) and node.attr == "f_globals" for node in ast.walk(function))


def _project_file(root: Path, dotted: str) -> Path | None:
    base = root.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def caller_namers(tree: ast.Module, path: Path) -> frozenset[str]:
    """Names the module calls that read the caller's module from its frame (boltons' `make_sentinel`
    sets a sentinel's `__module__` from `sys._getframe(1).f_globals['__name__']`): the standard library's,
    its own functions, and functions it imports by name from the project (a file under its import root). Code calling them while the module
    loads must run where `__name__` is still the module's."""
    found = set(STDLIB_CALLER_NAMERS)
    found |= {n.name for n in tree.body if isinstance(n, _FUNCTIONS) and _reads_caller_globals(n)}
    try:
        dotted = module_name(path)
    except InputError:
        return frozenset(found)
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    root = import_root(path, dotted)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        try:
            source = _project_file(root, resolve(package, node.level, node.module, path=path))
            imported = None if source is None else ast.parse(read_source(source).text)
        except (InputError, OSError, SyntaxError, ValueError):
            continue
        if imported is None:
            continue
        readers = {n.name for n in imported.body if isinstance(n, _FUNCTIONS) and _reads_caller_globals(n)}
        found |= {alias.asname or alias.name for alias in node.names if alias.name in readers}
    return frozenset(found)


def calls_at_import(tree: ast.AST) -> set[str]:
    """The names (`f`, `mod.f`'s `f`) of what a statement calls while the module loads: outside
    function bodies and lambdas."""
    called = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Call):
            func = node.func
            called.add(func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else "")
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (*_FUNCTIONS, ast.Lambda)):
                pending.append(child)
    return called - {""}
