"""Signatures read from `ast` nodes: parameters, defaults as source text, the decorators that change a kind.

A dataclass's `__init__` is derived from its fields, because that is the call users make.
"""

from __future__ import annotations

import ast

from refactor_tool.api.model import EntryKind, Parameter, ParamKind, Signature

#: Decorators that change how a function defined in a class is reached and called.
_KIND_DECORATORS = {
    "property": EntryKind.PROPERTY,
    "cached_property": EntryKind.PROPERTY,
    "staticmethod": EntryKind.STATICMETHOD,
    "classmethod": EntryKind.CLASSMETHOD,
}


def text(node: ast.AST | None) -> str | None:
    """Source text of an expression as `ast.unparse` normalises it (so formatting never shows up as a change).

    Names, dotted names and plain constants (most annotations and defaults) skip the unparser: same text, faster.
    """
    if node is None:
        return None
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        parts = [node.attr]
        value = node.value
        while isinstance(value, ast.Attribute):
            parts.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name):
            parts.append(value.id)
            return ".".join(reversed(parts))
    elif isinstance(node, ast.Constant) and (node.value is None or type(node.value) in (bool, int)):
        return repr(node.value)
    return ast.unparse(node)


def decorator_name(node: ast.expr) -> str:
    """`functools.cached_property(...)` -> `cached_property`: the last dotted part, calls stripped."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def is_overload(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(decorator_name(d) == "overload" for d in node.decorator_list)


def is_property_accessor(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """`@x.setter` / `@x.deleter` re-bind the same property; they are not new members."""
    return any(
        isinstance(d, ast.Attribute) and d.attr in ("setter", "deleter", "getter") for d in node.decorator_list
    )


def method_kind(node: ast.FunctionDef | ast.AsyncFunctionDef) -> EntryKind:
    for decorator in node.decorator_list:
        kind = _KIND_DECORATORS.get(decorator_name(decorator))
        if kind is not None:
            return kind
    return EntryKind.METHOD


def function_signature(node: ast.FunctionDef | ast.AsyncFunctionDef, *, drop_first: bool = False) -> Signature:
    """The call shape of `node`; `drop_first` removes `self`/`cls`, which callers never pass."""
    args = node.args
    params: list[Parameter] = []
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, arg in enumerate(positional):
        # `__name` (not dunder) is positional-only by the pre-3.8 convention type checkers honour.
        dunder_convention = arg.arg.startswith("__") and not arg.arg.endswith("__")
        posonly = index < len(args.posonlyargs) or dunder_convention
        kind = ParamKind.POSITIONAL_ONLY if posonly else ParamKind.POSITIONAL_OR_KEYWORD
        params.append(Parameter(arg.arg, kind, text(defaults[index]), text(arg.annotation)))
    if args.vararg is not None:
        params.append(Parameter(args.vararg.arg, ParamKind.VAR_POSITIONAL, None, text(args.vararg.annotation)))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(Parameter(arg.arg, ParamKind.KEYWORD_ONLY, text(default), text(arg.annotation)))
    if args.kwarg is not None:
        params.append(Parameter(args.kwarg.arg, ParamKind.VAR_KEYWORD, None, text(args.kwarg.annotation)))
    if drop_first and params and params[0].kind.positional:
        params = params[1:]
    return Signature(tuple(params), text(node.returns), isinstance(node, ast.AsyncFunctionDef))


def _dataclass_options(node: ast.ClassDef) -> dict[str, bool] | None:
    """`@dataclass(...)` options; a `NamedTuple` subclass is built from its fields the same way."""
    if any(decorator_name(base) == "NamedTuple" for base in node.bases):
        return {}
    for decorator in node.decorator_list:
        if decorator_name(decorator) != "dataclass":
            continue
        options: dict[str, bool] = {}
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                if keyword.arg and isinstance(keyword.value, ast.Constant):
                    options[keyword.arg] = bool(keyword.value.value)
        return options
    return None


def _field_default(value: ast.expr | None) -> tuple[bool, str | None]:
    """(is an init field, default text): `field(default=...)`, `field(default_factory=...)`, `field(init=False)`."""
    if value is None:
        return True, None
    if isinstance(value, ast.Call) and decorator_name(value) == "field":
        init, default = True, None
        for keyword in value.keywords:
            if keyword.arg == "init" and isinstance(keyword.value, ast.Constant) and not keyword.value.value:
                init = False
            elif keyword.arg == "default":
                default = text(keyword.value)
            elif keyword.arg == "default_factory":
                default = f"{text(keyword.value)}()"
        return init, default
    return True, text(value)


def dataclass_signature(node: ast.ClassDef) -> Signature | None:
    """The generated `__init__` of a `@dataclass` or `NamedTuple` (own fields only; the resolver adds inherited ones)."""
    options = _dataclass_options(node)
    if options is None or options.get("init") is False:
        return None
    kw_only = options.get("kw_only", False)
    params: list[Parameter] = []
    for statement in node.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        annotation = text(statement.annotation) or ""
        if "ClassVar" in annotation:
            continue
        init, default = _field_default(statement.value)
        if init:
            kind = ParamKind.KEYWORD_ONLY if kw_only else ParamKind.POSITIONAL_OR_KEYWORD
            params.append(Parameter(statement.target.id, kind, default, annotation))
    return Signature(tuple(params), None, False)


def literal_value(node: ast.expr | None) -> tuple[str | None, str | None]:
    """(value_kind, value text): the value only for simple literals, so snapshots stay readable."""
    if node is None:
        return None, None
    lines = (node.end_lineno or node.lineno) - node.lineno
    if lines > 3 or (lines == 0 and (node.end_col_offset or 0) - node.col_offset > 200):
        # Too big to be a simple literal worth showing (emoji tables, long mappings): skip the costly eval.
        return type(node).__name__.lower(), None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return type(node).__name__.lower(), None
    rendered = ast.unparse(node)
    return type(value).__name__, rendered if len(rendered) <= 200 else None
