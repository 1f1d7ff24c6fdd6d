"""Inputs of a split checked up front, so bad input fails with one line before anything is written."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

from refactor_tool.errors import InputError, PlanError
from refactor_tool.io.interpreter import ChosenInterpreter, choose_interpreter
from refactor_tool.io.journal import project_root
from refactor_tool.io.project import nearest_project_config, python_files
from refactor_tool.split.frames import frames_found_by_file
from refactor_tool.split.model import ChangedClass, Layout, PlanSpec, SplitOptions
from refactor_tool.split.plan.toml_plan import load_plan
from refactor_tool.syntax.modnames import import_root, module_name
from refactor_tool.syntax.source import read_source


def load_source(path: Path) -> str:
    """The module's text, read as Python reads it (PEP 263); a file a split cannot take is refused."""
    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir() or path.suffix != ".py":
        raise InputError("not a Python module (expected a .py file)", path=path)
    text = read_source(path).text
    if not path.stem.isidentifier():
        raise InputError(f"{path.stem!r} is not a valid module name", path=path)
    try:
        found = frames_found_by_file(ast.parse(text))
    except (SyntaxError, ValueError):
        found = None  # reported with its line by the analysis
    if found is not None:
        what, line = found
        raise PlanError(f"not split: {what}: the module tells its own frames on the stack from its callers' by "
                        "their file; split into several files, it would take moved code for callers", path=path,
                        line=line)
    return text


def load_spec(plan_path: Path | None) -> PlanSpec | None:
    return load_plan(plan_path) if plan_path is not None else None


def project_limits(options: SplitOptions, path: Path) -> SplitOptions:
    """`[tool.refactor_tool]` max-lines / max-new-files of the nearest pyproject.toml, unless given."""
    wanted = [n for n in ("max_lines", "max_new_files") if n not in options.limits_given]
    if not wanted:
        return options
    config = nearest_project_config(path)
    changes = {n: getattr(config, n) for n in wanted if n in config.given}
    return replace(options, **changes) if changes else options


def interpreter_for(path: Path, root: Path, options: SplitOptions) -> ChosenInterpreter:
    """The project's interpreter: --python, `python` in [tool.refactor_tool], an active or the project's venv."""
    config = nearest_project_config(path) if options.python is None else None
    configured = None if config is None else config.python
    return choose_interpreter(root, given=options.python, configured=configured,
                              config_file=None if config is None else config.source)


def resolve_options(options: SplitOptions, spec: PlanSpec | None) -> SplitOptions:
    """Plan file settings apply unless the same setting was given on the command line."""
    if spec is None:
        return options
    changes: dict[str, object] = {}
    if spec.layout is not None and not options.layout_given:
        changes.update(layout=spec.layout, layout_given=True)  # the plan chose it: never overridden
    if spec.max_lines is not None and "max_lines" not in options.limits_given:
        changes["max_lines"] = spec.max_lines
    if spec.max_new_files is not None and "max_new_files" not in options.limits_given:
        changes["max_new_files"] = spec.max_new_files
    return replace(options, **changes) if changes else options


_RESOURCE_READERS = frozenset({
    "get_data", "files", "open_text", "open_binary", "read_text", "read_binary", "path", "contents",
    "is_resource", "resource_filename", "resource_string", "resource_stream", "resource_exists",
})


def _is_name_dunder(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "__name__"


def _file_bound(tree: ast.Module) -> tuple[str, int | None] | None:
    """Why the module must stay the file it is (so the shim layout), and where: it runs as a script,
    poses as a package, replaces itself in `sys.modules`, or reads data next to it by its name."""
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and _is_name_dunder(node.test.left) \
                and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in node.test.comparators):
            return "runs as a script (`if __name__ == \"__main__\":`; `python mod.py` keeps working)", node.lineno
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == "__path__":
                    return "poses as a package (`__path__ = ...`)", node.lineno
                if isinstance(target, ast.Subscript) and _is_name_dunder(target.slice):
                    return "replaces itself in `sys.modules`", node.lineno
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in _RESOURCE_READERS and any(_is_name_dunder(a) for a in node.args):
                return "reads data next to its file by its module name", node.lineno
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _doctest_reads_file(node.value):
            return ("a doctest reads `__file__` (run with the module's globals, it would name the package's "
                    "`__init__.py`)"), node.lineno
    return None


def _doctest_reads_file(text: str) -> bool:
    """boltons.fileutils: `>>> _CUR_DIR = os.path.dirname(os.path.abspath(__file__))` in a docstring."""
    return "__file__" in text and any(line.lstrip().startswith((">>>", "...")) and "__file__" in line
                                      for line in text.splitlines())


def _names_of(tree: ast.Module, dotted: str) -> frozenset[str]:
    """The expressions a file refers to module `dotted` by: `a.mod` (`import a.mod`), its aliases, `mod`."""
    parent, _, last = dotted.rpartition(".")
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.asname or alias.name for alias in node.names if alias.name == dotted)
        elif isinstance(node, ast.ImportFrom) and (node.level or node.module == parent):
            names.update(alias.asname or alias.name for alias in node.names if alias.name == last)
    return frozenset(names)


def _location_read(tree: ast.Module, dotted: str, script: str) -> tuple[str, int, bool] | None:
    """What in one file of the project needs the module to stay a file, its line, and whether it may
    run the module by its path: it reads the module's `__package__` (toolz's tlz importer tells
    submodules by it) or `__file__`, or names its file to run it (typing_extensions' test runs
    `python -OO typing_extensions.__file__`)."""
    names = _names_of(tree, dotted)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if node.attr == "__package__":
                return ("reads a module's `__package__`, which changes when the module becomes a package",
                        node.lineno, False)
            if node.attr == "__file__" and ast.unparse(node.value) in names:
                return (f"reads `{ast.unparse(node)}` (and may run it by that path), which names the package's "
                        "`__init__.py` once the module becomes a package"), node.lineno, True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                node.value.replace("\\", "/").rpartition("/")[2] == script:
            return f"names the module's file `{node.value}` (to run or read it by its path)", node.lineno, True
    return None


def _location_read_elsewhere(path: Path) -> tuple[str, str, bool] | None:
    """(where, what, may run it by path) when other code of the project needs the module to stay the file
    it is."""
    dotted = module_name(path)
    root = project_root(import_root(path))
    own, last = path.resolve(), dotted.rpartition(".")[2]
    for candidate in python_files(root):
        if candidate.resolve() == own:
            continue
        try:
            text = read_source(candidate).text
        except (OSError, InputError):
            continue  # an unreadable file is reported where it matters, not here
        if ".__package__" not in text and path.name not in text and not (".__file__" in text and last in text):
            continue  # most files: nothing to parse
        try:
            found = _location_read(ast.parse(text), dotted, path.name)
        except SyntaxError:
            continue
        if found is not None:
            what, line, by_path = found
            return f"{candidate.relative_to(root).as_posix()}:{line}", what, by_path
    return None


def choose_layout(path: Path, source: str, options: SplitOptions) -> SplitOptions:
    """Without `--layout`, the package layout, unless the module must stay the file it is: then the shim
    layout, with the reason as a warning. A package `__init__` splits into modules beside it."""
    if path.name == "__init__.py":
        if options.layout is Layout.SHIM and options.layout_given:
            raise InputError("a package `__init__.py` splits into private modules of its own package; "
                             "--layout shim does not apply", path=path)
        return replace(options, layout=Layout.PACKAGE)
    if options.layout_given or options.layout is not Layout.PACKAGE:
        return options
    try:
        found = _file_bound(ast.parse(source))
    except SyntaxError:
        return options  # reported with its line by the analysis
    if found is None:
        elsewhere = _location_read_elsewhere(path)
        if elsewhere is None:
            return options
        where, what, by_path = elsewhere
        return replace(options, layout=Layout.SHIM, layout_reason=f"{where} {what}",
                       run_by_path=where if by_path else None)
    reason, line = found
    return replace(options, layout=Layout.SHIM, layout_reason=reason, layout_line=line)


def split_classes(source: str, max_lines: int, path: Path | None = None) -> tuple[str, tuple[ChangedClass, ...]]:
    """The `--split-classes` pre-pass: classes over the limit become mixins (helper transform)."""
    try:
        from refactor_tool.split.classes.split_class import split_large_classes
    except ImportError:
        return source, ()
    try:
        result = split_large_classes(source, max_lines, strict=False)
    except PlanError as error:  # the transform sees text only: say which file
        raise PlanError(error.message, path=path, line=error.line) from error
    return result.code, tuple(_changed(change) for change in result.mro_changes)


def _changed(change) -> ChangedClass:
    mixins = tuple(m.name for m in change.mixins)
    description = (f"{change.class_name} (line {change.line}): bases ({', '.join(change.old_bases)}) -> "
                   f"({', '.join(change.new_bases)}); new mixins {', '.join(mixins)}; {change.old_line_count} -> "
                   f"{change.new_line_count} lines")
    return ChangedClass(change.class_name, change.line, mixins, description)
