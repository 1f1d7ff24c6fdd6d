"""The merged module's import block: every remaining top-level import once, in first-seen order.

Two modules binding one local name to different things would silently change one of them, so that is
refused with the name and both imports.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import libcst as cst

from refactor_tool.errors import PlanError
from refactor_tool.merging.parts import ModuleParts
from refactor_tool.split.emit.names import RECOGNISED
from refactor_tool.syntax.dotted import dotted
from refactor_tool.syntax.modnames import resolve

#: What an import alias binds: (local name, the object it names, the exact import for deduplication).
Binding = tuple[str, tuple[str, ...], tuple[str, ...]]


def _bindings(
    small: cst.BaseSmallStatement, package: str
) -> list[tuple[cst.ImportAlias | None, Binding]]:
    """`import os` and `import os.path` bind the same `os` (no clash) but are different imports."""
    if isinstance(small, cst.Import):
        found = []
        for alias in small.names:
            name = dotted(alias.name) or ""
            local = alias.evaluated_alias or name.split(".")[0]
            identity = ("module", name if alias.evaluated_alias else local)
            found.append((alias, (local, identity, ("import", name, local))))
        return found
    assert isinstance(small, cst.ImportFrom)
    module = resolve(package, len(small.relative), dotted(small.module) if small.module else None)
    if isinstance(small.names, cst.ImportStar):
        return [(None, ("*", ("star", module), ("star", module)))]
    found = []
    for alias in small.names:
        name = dotted(alias.name) or ""
        identity = ("from", module, name)
        found.append(
            (
                alias,
                (
                    alias.evaluated_alias or name,
                    identity,
                    (*identity, alias.evaluated_alias or name),
                ),
            )
        )
    return found


def import_block(
    parts: Iterable[ModuleParts], target_package: str, defined: dict[str, str]
) -> tuple[tuple[cst.SimpleStatementLine, ...], frozenset[str]]:
    """Deduplicated import lines and the local names they bind; refuses clashing bindings."""
    seen: set[tuple[str, ...]] = set()
    bound: dict[str, tuple[tuple[str, ...], str]] = {}
    lines: list[cst.SimpleStatementLine] = []
    for part in parts:
        where = part.source.name
        for line in part.imports:
            smalls: list[cst.BaseSmallStatement] = []
            for small in line.body:
                kept = []
                for alias, binding in _bindings(small, target_package):
                    local, identity, key = binding
                    if local in RECOGNISED:
                        continue  # a split's wiring (`_TYPE_CHECKING`); its statements go too
                    if local in defined and defined[local] != where:
                        raise PlanError(
                            f"`{local}` is imported in {where} but defined in {defined[local]}",
                            path=part.source.path,
                        )
                    earlier = bound.get(local)
                    if earlier and earlier[0] != identity and local != "*":
                        raise PlanError(
                            f"`{local}` means different things in {earlier[1]} and {where}",
                            path=part.source.path,
                        )
                    bound.setdefault(local, (identity, where))
                    if key not in seen:
                        seen.add(key)
                        kept.append(alias)
                if kept and None not in kept:
                    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    smalls.append(small.with_changes(names=tuple(kept)))
                elif kept:
                    smalls.append(small)
            if smalls:
                comments = tuple(x for x in line.leading_lines if x.comment is not None)
                lines.append(line.with_changes(body=tuple(smalls), leading_lines=comments))
    return _grouped(_combined(lines), target_package), frozenset(bound)


def _plain_from(line: cst.SimpleStatementLine) -> cst.ImportFrom | None:
    """A one-statement `from M import a, b` line without comments: safe to join with others."""
    small = line.body[0]
    if (
        len(line.body) == 1
        and isinstance(small, cst.ImportFrom)
        and not isinstance(small.names, cst.ImportStar)
        and "#" not in cst.Module(body=(line,)).code
    ):
        return small
    return None


def _combined(lines: Sequence[cst.SimpleStatementLine]) -> list[cst.SimpleStatementLine]:
    """`from M import a` and a later `from M import b` become one `from M import a, b` line."""
    hosts: dict[tuple[int, str], list[str]] = {}
    slots: list[cst.SimpleStatementLine | tuple[int, str]] = []
    for line in lines:
        small = _plain_from(line)
        if small is None:
            slots.append(line)
            continue
        key = (len(small.relative), dotted(small.module) if small.module else "")
        aliases = [
            cst.Module(body=()).code_for_node(a.with_changes(comma=cst.MaybeSentinel.DEFAULT))
            for a in small.names
        ]
        if key not in hosts:
            hosts[key] = []
            slots.append(key)
        hosts[key].extend(aliases)
    result = []
    for slot in slots:
        if isinstance(slot, cst.SimpleStatementLine):
            result.append(slot)
            continue
        level, module = slot
        head = f"from {'.' * level}{module} import "
        names = ", ".join(hosts[slot])
        if len(head) + len(names) > 100:
            names = "(\n" + "".join(f"    {n},\n" for n in hosts[slot]) + ")"
        statement = cst.parse_statement(head + names + "\n")
        assert isinstance(statement, cst.SimpleStatementLine)
        result.append(statement)
    return result


def _group(line: cst.SimpleStatementLine, first_party: str) -> int:
    """0 standard library, 1 third party, 2 this project: the sections isort and ruff use."""
    return _sort_key(line, first_party)[0]


def _sort_key(line: cst.SimpleStatementLine, first_party: str) -> tuple[int, int, str]:
    """Section, then `import x` before `from x import`, then module name: isort's order."""
    small = line.body[0]
    if isinstance(small, cst.ImportFrom):
        module = "." * len(small.relative) + ((dotted(small.module) or "") if small.module else "")
        kind = 1
    elif isinstance(small, cst.Import):
        module, kind = dotted(small.names[0].name) or "", 0
    else:
        return (1, 0, "")
    root = module.split(".")[0]
    if not root or root == first_party:
        return (2, kind, module.lower())
    return (0 if root in sys.stdlib_module_names else 1, kind, module.lower())


def _grouped(
    lines: Sequence[cst.SimpleStatementLine], target_package: str
) -> tuple[cst.SimpleStatementLine, ...]:
    first_party = target_package.split(".")[0]
    ordered = sorted(lines, key=lambda line: _sort_key(line, first_party))
    result = []
    for index, line in enumerate(ordered):
        if index and _group(line, first_party) != _group(ordered[index - 1], first_party):
            line = line.with_changes(leading_lines=(cst.EmptyLine(), *line.leading_lines))
        result.append(line)
    return tuple(result)
