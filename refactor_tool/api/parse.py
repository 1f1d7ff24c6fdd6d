"""One module's namespace read with `ast`: what each top-level name is bound to, `__all__`, `__getattr__`.

Nothing is imported or executed; the resolver joins modules into public paths afterwards.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from refactor_tool.api.model import EntryKind, Problem, Signature
from refactor_tool.api.pep562 import binds_getattr, factory_getattr
from refactor_tool.api.signatures import (
    dataclass_signature,
    function_signature,
    is_overload,
    is_property_accessor,
    literal_value,
    method_kind,
    text,
)
from refactor_tool.errors import InputError
from refactor_tool.syntax.modnames import resolve
from refactor_tool.syntax.source import decode_source


@dataclass(frozen=True, slots=True)
class Import:
    """A name bound by an import: `module` is absolute; `name` None means the module object itself."""

    module: str
    name: str | None
    explicit: bool
    line: int


@dataclass(frozen=True, slots=True)
class Definition:
    """A name bound by `def`, `class` or an assignment in this module (or a class body)."""

    kind: EntryKind
    line: int
    signature: Signature | None = None
    bases: tuple[str, ...] = ()
    members: tuple[tuple[str, Definition], ...] = ()
    value: str | None = None
    value_kind: str | None = None
    annotation: str | None = None
    dataclass: bool = False
    #: `make = _make_impl`: the name (as written) this assignment re-binds, followed by the resolver.
    alias_of: str | None = None
    #: `from ._parts import m` in a class body: (member, absolute module) pairs; `join_class_parts`
    #: takes each member from the class of the same name in that module (a split class's body).
    member_imports: tuple[tuple[str, str], ...] = ()


Binding = Import | Definition


@dataclass(slots=True)
class ModuleInfo:
    """What a module's top level binds; built once per file, then read by the resolver."""

    name: str
    is_package: bool
    file: str
    bindings: dict[str, Binding] = field(default_factory=dict)
    star_imports: list[str] = field(default_factory=list)
    all_names: list[str] = field(default_factory=list)
    all_refs: list[str] = field(default_factory=list)
    has_all: bool = False
    all_dynamic: bool = False
    has_getattr: bool = False
    getattr_names: tuple[str, ...] = ()
    problem: Problem | None = None


def _absolute(module: ModuleInfo, level: int, target: str | None) -> str:
    """Resolve `from ..x import y` against the importing module's package (above the top: unresolved)."""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    try:
        return resolve(package, level, target)
    except InputError:
        return target or ""


def _is_main_guard(test: ast.expr) -> bool:
    """`if __name__ == "__main__":` only runs as a script; what it binds is not importable."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_main_guard(value) for value in test.values)
    return (
        isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
        and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _strings(node: ast.expr | None) -> list[str] | None:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return items if len(items) == len(node.elts) else None
    return None


def _class_members(node: ast.ClassDef, info: ModuleInfo | None = None,
                   imported: list[tuple[str, str]] | None = None) -> tuple[tuple[str, Definition], ...]:
    members: dict[str, Definition] = {}
    for statement in node.body:
        if isinstance(statement, ast.ImportFrom) and statement.level and info is not None and imported is not None:
            module = _absolute(info, statement.level, statement.module)
            imported.extend((a.asname or a.name, module) for a in statement.names if a.name != "*")
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if is_overload(statement) or is_property_accessor(statement):
                continue
            kind = method_kind(statement)
            signature = function_signature(statement, drop_first=kind is not EntryKind.STATICMETHOD)
            members[statement.name] = Definition(kind, statement.lineno, signature)
            if statement.name == "__init__":
                members.update(_instance_attributes(statement, members))
        elif isinstance(statement, ast.ClassDef):
            members[statement.name] = _class_definition(statement)
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            kind_value = literal_value(statement.value)
            members[statement.target.id] = Definition(
                EntryKind.ATTRIBUTE, statement.lineno, None, (), (), kind_value[1], kind_value[0],
                text(statement.annotation),
            )
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    kind_value = literal_value(statement.value)
                    members[target.id] = Definition(
                        EntryKind.ATTRIBUTE, statement.lineno, None, (), (), kind_value[1], kind_value[0]
                    )
    return tuple(members.items())


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """Every statement in `body`, nested blocks included, without descending into expressions (fast)."""
    found: list[ast.stmt] = []
    todo = list(reversed(body))
    while todo:
        node = todo.pop()
        found.append(node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(node, name, None)
            if block:
                todo.extend(reversed(block))
        if isinstance(node, ast.Match):
            for case in node.cases:
                todo.extend(reversed(case.body))
    return found


def _instance_attributes(init: ast.FunctionDef | ast.AsyncFunctionDef, members: dict[str, Definition]) -> dict[str, Definition]:
    """`self.x = ...` in `__init__`: attributes every instance has, so part of what callers use."""
    if not init.args.args:
        return {}
    self_name = init.args.args[0].arg
    found: dict[str, Definition] = {}
    for node in _statements(init.body):
        targets: list[ast.expr] = []
        annotation = None
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets, annotation = [node.target], text(node.annotation)
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == self_name
                and target.attr not in members
                and target.attr not in found
            ):
                found[target.attr] = Definition(EntryKind.ATTRIBUTE, target.lineno, annotation=annotation)
    return found


def _class_definition(node: ast.ClassDef, info: ModuleInfo | None = None) -> Definition:
    imported: list[tuple[str, str]] = []
    members = _class_members(node, info, imported)
    init = dict(members).get("__init__")
    own_init = dataclass_signature(node)
    signature = init.signature if init is not None else own_init
    # `ParamType[T]` is the class `ParamType`: type arguments do not change what a subclass inherits.
    bases = tuple(text(base.value if isinstance(base, ast.Subscript) else base) or "" for base in node.bases)
    is_dataclass = init is None and own_init is not None
    return Definition(EntryKind.CLASS, node.lineno, signature, bases, members, dataclass=is_dataclass,
                      member_imports=tuple(imported))


def join_class_parts(modules: Mapping[str, ModuleInfo]) -> None:
    """Members a class body imports from a part module (`refactor-tool split` writes the methods of a
    class too long for one file in a class of the same name there) become the class's own members."""
    for info in modules.values():
        for name, binding in list(info.bindings.items()):
            if not isinstance(binding, Definition) or not binding.member_imports:
                continue
            members = dict(binding.members)
            for member, module in binding.member_imports:
                part = modules.get(module)
                holder = part.bindings.get(name) if part is not None else None
                if isinstance(holder, Definition) and holder.kind is EntryKind.CLASS:
                    found = dict(holder.members)
                    if member in found:
                        members[member] = found[member]
                    if member == "__init__":  # the instance attributes it sets
                        members.update({k: v for k, v in found.items() if k not in members
                                        and v.kind is EntryKind.ATTRIBUTE})
            signature = members["__init__"].signature if "__init__" in members else binding.signature
            info.bindings[name] = replace(binding, members=tuple(members.items()), signature=signature)


class _ModuleReader:
    """Walks the top level once; `if`/`try`/`with` bodies count, `if TYPE_CHECKING:` bodies do not."""

    def __init__(self, info: ModuleInfo) -> None:
        self.info = info
        self.containers: dict[str, list[str]] = {}
        self.getattr_node: ast.FunctionDef | None = None
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}

    def read(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)
        if self.getattr_node is not None:
            self.info.getattr_names = tuple(sorted(set(self._served_names(self.getattr_node))))

    def statement(self, node: ast.stmt) -> None:
        bindings = self.info.bindings
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == "__getattr__" and isinstance(node, ast.FunctionDef):
                self.info.has_getattr, self.getattr_node = True, node
            self.functions[node.name] = node  # a factory of __getattr__ (see pep562)
            if not is_overload(node):
                bindings[node.name] = Definition(EntryKind.FUNCTION, node.lineno, function_signature(node))
        elif isinstance(node, ast.ClassDef):
            bindings[node.name] = _class_definition(node, self.info)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bindings[alias.asname] = Import(alias.name, None, alias.asname == alias.name, node.lineno)
                else:
                    top = alias.name.split(".")[0]
                    bindings[top] = Import(top, None, False, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(self.info, node.level, node.module)
            for alias in node.names:
                if alias.name == "*":
                    self.info.star_imports.append(module)
                    continue
                bound = alias.asname or alias.name
                bindings[bound] = Import(module, alias.name, alias.asname == alias.name, node.lineno)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            if binds_getattr(node):
                self._made_getattr(node.value)
            self.assignment(node)
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.target, ast.Name) and node.target.id == "__all__":
                self.all_expression(node.value)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.all_call(node.value)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bindings.pop(target.id, None)
        elif isinstance(node, ast.If):
            if not (_is_type_checking(node.test) or _is_main_guard(node.test)):
                self.read_block(node.body)
            self.read_block(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            for block in (node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody):  # type: ignore[attr-defined]
                self.read_block(block)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            self.read_block(node.body)

    def read_block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def assignment(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if isinstance(node, ast.AnnAssign) and node.value is None:
            return  # a bare module-level annotation binds nothing at run time
        annotation = text(node.annotation) if isinstance(node, ast.AnnAssign) else None
        for target in targets:
            names = [target] if isinstance(target, ast.Name) else (
                [e for e in target.elts if isinstance(e, ast.Name)] if isinstance(target, (ast.Tuple, ast.List)) else []
            )
            for name in names:
                if name.id == "__all__":
                    self.info.has_all = True
                    self.info.all_names.clear()
                    self.info.all_refs.clear()
                    self.all_expression(node.value)
                    continue
                single = isinstance(target, ast.Name)
                value_kind, value = literal_value(node.value) if single else (None, None)
                kind = EntryKind.CONSTANT if single and value is not None else EntryKind.ATTRIBUTE
                alias = text(node.value) if single and isinstance(node.value, (ast.Name, ast.Attribute)) else None
                self.info.bindings[name.id] = Definition(
                    kind, node.lineno, value=value, value_kind=value_kind, annotation=annotation, alias_of=alias
                )
                container = _strings(node.value) if single else None
                if isinstance(node.value, ast.Dict):
                    container = [k.value for k in node.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                if container is not None:
                    self.containers[name.id] = container

    def all_expression(self, node: ast.expr | None) -> None:
        """`__all__` as list/tuple literals, `+` of them, and `sub.__all__` of imported modules."""
        strings = _strings(node)
        if strings is not None:
            self.info.all_names.extend(strings)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            self.all_expression(node.left)
            self.all_expression(node.right)
        elif isinstance(node, ast.Attribute) and node.attr == "__all__" and isinstance(node.value, ast.Name):
            self.info.all_refs.append(node.value.id)
        else:
            self.info.all_dynamic = True

    def all_call(self, call: ast.Call) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "__all__"):
            return
        if func.attr == "extend" and call.args:
            self.all_expression(call.args[0])
        elif func.attr == "append" and call.args:
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.info.all_names.append(arg.value)
            else:
                self.info.all_dynamic = True

    def _made_getattr(self, value: ast.expr | None) -> None:
        """PEP 562 by assignment: served names as its factory's nested `__getattr__` shows them, if any."""
        self.info.has_getattr = True
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in self.functions:
            containers, nested = factory_getattr(self.functions[value.func.id])
            self.containers = {**containers, **self.containers}
            self.getattr_node = nested or self.getattr_node

    def _served_names(self, node: ast.FunctionDef) -> list[str]:
        """Names a PEP 562 `__getattr__` visibly serves: `name == "X"`, `name in {...}`, `MAPPING[name]`."""
        if not node.args.args:
            return []
        param = node.args.args[0].arg
        names: list[str] = []
        for sub in ast.walk(node):
            if isinstance(sub, ast.Compare) and isinstance(sub.left, ast.Name) and sub.left.id == param:
                for op, right in zip(sub.ops, sub.comparators, strict=True):
                    if isinstance(op, ast.Eq) and isinstance(right, ast.Constant) and isinstance(right.value, str):
                        names.append(right.value)
                    elif isinstance(op, ast.In):
                        names.extend(_strings(right) or self._container(right))
            elif isinstance(sub, ast.Subscript) and isinstance(sub.slice, ast.Name) and sub.slice.id == param:
                names.extend(self._container(sub.value))
            elif (
                isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and sub.func.attr == "get"
                and sub.args and isinstance(sub.args[0], ast.Name) and sub.args[0].id == param
            ):
                names.extend(self._container(sub.func.value))
        return names

    def _container(self, node: ast.expr) -> list[str]:
        return list(self.containers.get(node.id, ())) if isinstance(node, ast.Name) else []


def read_module(name: str, source: str | bytes, *, is_package: bool, file: str) -> ModuleInfo:
    """Parse one module; a syntax error becomes `info.problem` (with line) instead of an exception."""
    info = ModuleInfo(name, is_package, file)
    try:
        text = decode_source(source, file).text if isinstance(source, bytes) else source
    except InputError as error:  # bytes Python would refuse (PEP 263)
        info.problem = Problem(name, error.message, file, error.line)
        return info
    try:
        tree = ast.parse(text, filename=file)
    except SyntaxError as error:
        message = f"syntax error: {error.msg}"
        info.problem = Problem(name, message, file, error.lineno)
        return info
    except ValueError as error:
        info.problem = Problem(name, f"cannot parse: {error}", file, None)
        return info
    _ModuleReader(info).read(tree.body)
    return info

