"""A class whose body `refactor-tool split` spread over part modules, put back together before merging.

The split leaves `from ._k_parse import parse, parse_known` in the class body of `K`, and in
`_k_parse` the methods in a class `K` of the same name, served by a module `__getattr__` (plus plain
`__repr__ = vars(K)["__repr__"]` lines for names a module has of its own). Merged, each import in the
class body becomes the part's methods again, verbatim, and the part keeps only its imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import libcst as cst
import libcst.matchers as m

from refactor_tool.merging.model import SourceModule


def _absolute(importer: SourceModule, node: cst.ImportFrom) -> str:
    package = importer.name.rpartition(".")[0] if importer.path.name != "__init__.py" else importer.name
    parts = package.split(".")
    up = len(node.relative) - 1
    base = ".".join(parts[: len(parts) - up] if up else parts)
    name = cst.Module([]).code_for_node(node.module) if node.module is not None else ""
    return f"{base}.{name}" if name and base else name or base


def _holder(module: cst.Module) -> str | None:
    """The class a part module serves through `__getattr__` (`return vars(K)[name]`), if it is one."""
    classes = {s.name.value for s in module.body if isinstance(s, cst.ClassDef)}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == "__getattr__":
            for call in m.findall(statement, m.Call(func=m.Name("vars"), args=[m.Arg(m.Name())])):
                name = call.args[0].value
                if isinstance(name, cst.Name) and name.value in classes:
                    return name.value
    return None


def _is_tail(statement: cst.BaseStatement, holder: str) -> bool:
    """`def __getattr__` and `__repr__ = vars(K)["__repr__"]`: what served the class body's import."""
    if isinstance(statement, cst.FunctionDef):
        return statement.name.value == "__getattr__"
    return m.matches(statement, m.SimpleStatementLine(
        body=[m.Assign(value=m.Subscript(value=m.Call(func=m.Name("vars"), args=[m.Arg(m.Name(holder))])))]))


def rejoin_class_parts(sources: Sequence[SourceModule]) -> list[SourceModule]:
    """The sources with every split class body whole again (nothing changes without part modules;
    a source that does not parse is left for the merge to report)."""
    if not any("def __getattr__" in s.text and "vars(" in s.text for s in sources):
        return list(sources)
    try:
        modules = [cst.parse_module(s.text) for s in sources]
    except cst.ParserSyntaxError:
        return list(sources)
    parts: dict[str, tuple[int, str, cst.ClassDef]] = {}
    for number, (source, module) in enumerate(zip(sources, modules, strict=True)):
        holder = _holder(module)
        if holder is None:
            continue
        node = next(s for s in module.body if isinstance(s, cst.ClassDef) and s.name.value == holder)
        parts[source.name] = (number, holder, node)
    if not parts:
        return list(sources)
    used: set[int] = set()
    for number, (source, module) in enumerate(zip(sources, modules, strict=True)):
        body = []
        for statement in module.body:
            if isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
                inner: list[cst.BaseStatement] = []
                for member in statement.body.body:
                    found = _part_of(source, member, statement.name.value, parts)
                    if found is None:
                        inner.append(member)
                        continue
                    used.add(found[0])
                    methods = list(found[2].body.body)  # type: ignore[union-attr]
                    methods[0] = methods[0].with_changes(leading_lines=(*member.leading_lines, *methods[0].leading_lines))
                    inner.extend(methods)
                statement = statement.with_changes(body=statement.body.with_changes(body=inner))
            body.append(statement)
        modules[number] = module.with_changes(body=body)
    for number, holder, _ in parts.values():
        if number in used:
            kept = [s for s in modules[number].body if not (isinstance(s, cst.ClassDef) and s.name.value == holder)
                    and not _is_tail(s, holder)]
            modules[number] = modules[number].with_changes(body=kept)
    return [replace(s, text=module.code) for s, module in zip(sources, modules, strict=True)]


def _part_of(source: SourceModule, member: cst.BaseStatement, name: str,
             parts: dict[str, tuple[int, str, cst.ClassDef]]) -> tuple[int, str, cst.ClassDef] | None:
    """The part whose methods `member` imports into class `name`, if it is such an import."""
    if not (isinstance(member, cst.SimpleStatementLine) and len(member.body) == 1):
        return None
    node = member.body[0]
    if not isinstance(node, cst.ImportFrom) or (not node.relative and node.module is None):
        return None
    # A class kept in a shim's facade imports its parts by their real name (`_pickle_parts._pickler_save`).
    where = _absolute(source, node) if node.relative else cst.Module([]).code_for_node(node.module)
    found = parts.get(where)
    return found if found is not None and found[1] == name else None
