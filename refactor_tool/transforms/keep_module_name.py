"""`--keep-module-name`: moved classes and functions go on reporting the module they came from.

Pickles, reprs, `inspect.getmodule` and registries keyed by `__module__` name the module a definition
was created in. After a split that is the new submodule; appending `Widget.__module__ = "pkg.core"`
(and naming loggers by the old module) keeps every such name as it was, while the code runs in its
new home. Unlike rebinding `__name__` for the whole file, class creation (`@dataclass` resolving
string annotations through `sys.modules[cls.__module__]`) still sees the module it runs in.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import PositionProvider

from refactor_tool.errors import InputError

__all__ = ["ModuleNameKept", "keep_module_name"]


@dataclass(frozen=True, slots=True)
class ModuleNameKept:
    """The rewritten submodule and what it now reports as before.

    `renamed`: top-level classes and functions whose `__module__` is set back to the old module;
    `loggers`: lines whose `logging.getLogger(__name__)` now names the old module;
    `notes`: what the statements cannot cover, for a person to check.
    """

    code: str
    renamed: tuple[str, ...]
    loggers: tuple[int, ...]
    notes: tuple[str, ...]


def _is_main_check(node: ast.Compare) -> bool:
    """`__name__ == "__main__"`: reading `__name__` to learn whether the file runs as a script."""
    sides = [node.left, *node.comparators]
    return any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)


def _name_reads(tree: ast.Module) -> list[int]:
    """Lines that read `__name__` other than for the `__main__` check or a logger's name."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and _is_main_check(node):
            skip |= {id(n) for n in ast.walk(node)}
        elif isinstance(node, ast.Call) and _is_get_logger(node):
            skip |= {id(a) for a in node.args}
    return sorted(
        {
            n.lineno
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and n.id == "__name__" and id(n) not in skip
        }
    )


def _is_get_logger(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = node.args
    return (
        name == "getLogger"
        and len(args) == 1
        and not node.keywords
        and isinstance(args[0], ast.Name)
        and args[0].id == "__name__"
    )


class _NameLoggersAfterOldModule(cst.CSTTransformer):
    """`getLogger(__name__)` -> `getLogger("pkg.core")`: loggers keep their names and configuration."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, old_module: str) -> None:
        super().__init__()
        self.old_module = old_module
        self.lines: list[int] = []

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = original_node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        args = original_node.args
        if name != "getLogger" or len(args) != 1 or args[0].keyword is not None or args[0].star:
            return updated_node
        if not (isinstance(args[0].value, cst.Name) and args[0].value.value == "__name__"):
            return updated_node
        self.lines.append(self.get_metadata(PositionProvider, original_node).start.line)
        literal = cst.SimpleString(f'"{self.old_module}"')
        return updated_node.with_changes(args=[updated_node.args[0].with_changes(value=literal)])


def _already_set(tree: ast.Module) -> set[str]:
    """Names whose `__module__` the file already assigns at top level (running twice changes nothing)."""
    done: set[str] = set()
    for statement in tree.body:
        if (
            isinstance(statement, ast.For)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == "_moved"
            and isinstance(statement.iter, ast.Tuple)
        ):
            done |= {e.id for e in statement.iter.elts if isinstance(e, ast.Name)}
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "__module__"
                    and isinstance(target.value, ast.Name)
                ):
                    done.add(target.value.id)
    return done


def _block(old_module: str, plain: list[str], decorated: list[str]) -> str:
    lines = [
        "",
        "",
        f"# Moved here from {old_module} by refactor-tool (--keep-module-name): report the old module,",
        "# so pickles, reprs and registries keyed by __module__ see the same names as before the split.",
    ]
    lines += [f'{name}.__module__ = "{old_module}"' for name in plain]
    if decorated:
        names = ", ".join(decorated) + ("," if len(decorated) == 1 else "")
        lines += [
            f"for _moved in ({names}):",
            "    try:",
            f'        _moved.__module__ = "{old_module}"',
            "    except (AttributeError, TypeError):  # a decorator returned an object that refuses it",
            "        pass",
            "del _moved",
        ]
    return "\n".join(lines) + "\n"


def keep_module_name(
    source: str, old_module: str, *, names: Collection[str] | None = None
) -> ModuleNameKept:
    """Make the definitions of a generated submodule report `old_module` as their `__module__`.

    `names` limits the renaming to those top-level definitions (default: every top-level class and
    function). Decorated functions are renamed through what the decorator returned; with
    `functools.wraps` that is the wrapper, and the wrapped original (`__wrapped__`) keeps the new name.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise InputError(f"cannot parse: {error.msg}", line=error.lineno) from error
    done = _already_set(tree)
    plain: list[str] = []
    decorated: list[str] = []
    notes: list[str] = []
    for statement in tree.body:
        if not isinstance(statement, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if statement.name in done or (names is not None and statement.name not in names):
            continue
        is_function = not isinstance(statement, ast.ClassDef)
        if is_function and statement.decorator_list:
            decorated.append(statement.name)
            notes.append(
                f"line {statement.lineno}: {statement.name} is decorated; the object the decorator "
                "returned is renamed (with functools.wraps the wrapped original keeps the new module)"
            )
        else:
            plain.append(statement.name)
    wrapper = cst.MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    loggers = _NameLoggersAfterOldModule(old_module)
    module = wrapper.visit(loggers)
    notes += [
        f"line {line}: reads __name__, which names the new module, not {old_module}"
        for line in _name_reads(tree)
    ]
    code = module.code
    if plain or decorated:
        code = code.rstrip("\n") + "\n" + _block(old_module, plain, decorated)
    return ModuleNameKept(code, tuple(plain + decorated), tuple(loggers.lines), tuple(notes))
