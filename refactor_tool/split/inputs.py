"""Inputs of a split checked up front, so bad input fails with one line before anything is written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from refactor_tool.errors import InputError, PlanError
from refactor_tool.split.model import PlanSpec, SplitOptions
from refactor_tool.split.plan.toml_plan import load_plan
from refactor_tool.syntax.source import read_source


def load_source(path: Path) -> str:
    """The module's text, read as Python reads it (PEP 263); a file a split cannot take is refused."""
    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir() or path.suffix != ".py":
        raise InputError("not a Python module (expected a .py file)", path=path)
    if path.name == "__init__.py":
        raise InputError("cannot split a package `__init__.py`; split the module files instead", path=path)
    text = read_source(path).text
    if not path.stem.isidentifier():
        raise InputError(f"{path.stem!r} is not a valid module name", path=path)
    return text


def load_spec(plan_path: Path | None) -> PlanSpec | None:
    return load_plan(plan_path) if plan_path is not None else None


def resolve_options(options: SplitOptions, spec: PlanSpec | None) -> SplitOptions:
    """Plan file settings apply unless the same setting was given on the command line."""
    if spec is None:
        return options
    changes: dict[str, object] = {}
    if spec.layout is not None and not options.layout_given:
        changes["layout"] = spec.layout
    if spec.max_lines is not None and "max_lines" not in options.limits_given:
        changes["max_lines"] = spec.max_lines
    if spec.max_new_files is not None and "max_new_files" not in options.limits_given:
        changes["max_new_files"] = spec.max_new_files
    return replace(options, **changes) if changes else options


def split_classes(source: str, max_lines: int, path: Path | None = None) -> tuple[str, tuple[str, ...]]:
    """The `--split-classes` pre-pass: classes over the limit become mixins (helper transform)."""
    try:
        from refactor_tool.split.classes.split_class import split_large_classes
    except ImportError:
        return source, ()
    try:
        result = split_large_classes(source, max_lines, strict=False)
    except PlanError as error:  # the transform sees text only: say which file
        raise PlanError(error.message, path=path, line=error.line) from error
    return result.code, tuple(_describe(change) for change in result.mro_changes)


def _describe(change) -> str:
    mixins = ", ".join(m.name for m in change.mixins)
    return (f"{change.class_name} (line {change.line}): bases ({', '.join(change.old_bases)}) -> "
            f"({', '.join(change.new_bases)}); new mixins {mixins}; {change.old_line_count} -> "
            f"{change.new_line_count} lines")
