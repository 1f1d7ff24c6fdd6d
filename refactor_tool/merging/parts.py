"""Sort one module's top-level statements into the parts a merged module is assembled from.

Docstring, `from __future__` imports, other top-level imports (hoisted and deduplicated), `__all__`,
`if __name__ == "__main__":` blocks, and the body proper, each body statement with its names.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from refactor_tool.errors import PlanError
from refactor_tool.merging.model import SourceModule
from refactor_tool.syntax.facts import Statement, StatementKind, analyze_statements, parse_source
from refactor_tool.syntax.matching import pair_statements


@dataclass(frozen=True, slots=True)
class BodyStatement:
    node: cst.BaseStatement
    code: str
    facts: Statement

    @property
    def bare(self) -> str:
        """The statement's code without its leading comments and blank lines, for comparing definitions."""
        lines = self.code.strip().splitlines()
        while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
            lines.pop(0)
        return "\n".join(lines).strip()


@dataclass(frozen=True, slots=True)
class ModuleParts:
    source: SourceModule
    module: cst.Module
    docstring: str | None
    docstring_code: str | None
    futures: tuple[str, ...]
    imports: tuple[cst.SimpleStatementLine, ...]
    exports: tuple[str, ...] | None
    main_blocks: tuple[cst.BaseStatement, ...]
    deleted: tuple[str, ...]
    body: tuple[BodyStatement, ...]

    def public_names(self) -> tuple[str, ...]:
        """What `from module import *` gives: `__all__`, or every bound public name of the body."""
        if self.exports is not None:
            return self.exports
        seen: dict[str, None] = {}
        for statement in self.body:
            for name in sorted(statement.facts.defines):
                if not name.startswith("_"):
                    seen[name] = None
        return tuple(seen)


#: Statements hoisted into the merged module's import block (a star import in a `try` stays in the body).
_IMPORT_KINDS = (StatementKind.FUTURE, StatementKind.IMPORT, StatementKind.STAR_IMPORT)


def _is_import_line(statement: cst.BaseStatement, facts: Statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and facts.kind in _IMPORT_KINDS


def _exports(
    statement: cst.BaseStatement, module: cst.Module, source: SourceModule
) -> tuple[str, ...] | None:
    """The literal value of an `__all__ = [...]` line; None when the line is not about `__all__`."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target, value = small.targets[0].target, small.value
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        target, value = small.target, small.value
    elif isinstance(small, cst.AugAssign):
        target, value = small.target, None
    else:
        return None
    if not (isinstance(target, cst.Name) and target.value == "__all__"):
        return None
    try:
        names = ast.literal_eval(module.code_for_node(value)) if value is not None else None
    except (ValueError, SyntaxError):
        names = None
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise PlanError(
            "`__all__` is computed, not a literal list of strings: merge cannot combine it",
            path=source.path,
        )
    return tuple(names)


def _is_file_marker(line: cst.EmptyLine) -> bool:
    """A shebang or an encoding line stays at the top of the file whatever follows it."""
    text = line.comment.value if line.comment is not None else ""
    return text.startswith("#!") or ("coding" in text and "-*-" in text)


def _attach_header(module: cst.Module) -> cst.Module:
    """Comments touching the first statement belong to it, not to the file; LibCST puts them in the header."""
    if not module.body or module.get_docstring() is not None:
        return module
    header = list(module.header)
    blanks = [i for i, line in enumerate(header) if line.comment is None]
    cut = blanks[-1] + 1 if blanks else 0
    while cut < len(header) and _is_file_marker(header[cut]):
        cut += 1
    first = module.body[0]
    attached = first.with_changes(leading_lines=(*header[cut:], *first.leading_lines))
    return module.with_changes(header=tuple(header[:cut]), body=(attached, *module.body[1:]))


def _statement_facts(
    module: cst.Module, codes: list[str], source: SourceModule
) -> tuple[Statement, ...]:
    """The facts of each statement of `module.body` (rewritten: `a.X` became `X`), in order.

    The text analysed is the statements' own code without the file's header comments: line numbers
    only have to agree with themselves, and each statement's code is needed anyway.
    """
    code = "".join(codes)
    tree = parse_source(code, str(source.path))
    groups = pair_statements(module.body, tree.body)
    return analyze_statements(code, str(source.path), tree, groups).statements


def module_parts(
    source: SourceModule, module: cst.Module, *, owns_all: bool = False
) -> ModuleParts:
    """Classify the (already import-rewritten) module's top-level statements.

    `owns_all`: this is the module merged into, so a computed `__all__` of its own simply stays in the
    body (nothing else needs combining with it); anywhere else a computed `__all__` is refused.
    """
    originals = list(module.body)
    codes = [module.code_for_node(s) for s in originals]
    facts = list(_statement_facts(module, codes, source))
    module = _attach_header(module)
    statements = list(module.body)
    docstring = module.get_docstring(clean=True)
    docstring_code = None
    if docstring is not None:
        first = statements.pop(0)
        del facts[0], codes[0], originals[0]
        docstring_code = module.code_for_node(first.with_changes(leading_lines=())).strip()
    futures: list[str] = []
    imports: list[cst.SimpleStatementLine] = []
    exports: tuple[str, ...] | None = None
    mains: list[cst.BaseStatement] = []
    deleted: list[str] = []
    body: list[BodyStatement] = []
    statements = _comments_stay_with_code(
        statements, [_is_import_line(s, f) for s, f in zip(statements, facts, strict=True)]
    )
    for statement, original, code, statement_facts in zip(
        statements, originals, codes, facts, strict=True
    ):
        if statement_facts.kind is StatementKind.FUTURE:
            futures.extend(statement_facts.defines)
        elif _is_import_line(statement, statement_facts):
            imports.append(statement)  # type: ignore[arg-type]
        elif (
            not (owns_all and _computed_all(statement, module, source))
            and (names := _exports(statement, module, source)) is not None
        ):
            exports = (*(exports or ()), *names) if _is_augmented(statement) else names
        elif statement_facts.kind is StatementKind.MAIN_GUARD:
            mains.append(statement)
        elif (gone := _deleted_names(statement)) is not None:
            deleted.extend(gone)
        else:
            if statement is not original:  # its comments moved: the header's, or a hoisted import's
                code = module.code_for_node(statement)
            body.append(BodyStatement(statement, code, statement_facts))
    return ModuleParts(
        source,
        module,
        docstring,
        docstring_code,
        tuple(futures),
        tuple(imports),
        exports,
        tuple(mains),
        tuple(deleted),
        tuple(body),
    )


def _comments_stay_with_code(
    statements: list[cst.BaseStatement], hoisted: list[bool]
) -> list[cst.BaseStatement]:
    """An import in the middle of a module is hoisted, but the comment above it explains the code below.

    Such comments move to the next statement that stays in the body; the imports before the first
    definition keep theirs (they are about the imports).
    """
    result = list(statements)
    first_code = next((i for i, is_import in enumerate(hoisted) if not is_import), len(result))
    pending: list[cst.EmptyLine] = []
    for index in range(first_code, len(result)):
        statement = result[index]
        if hoisted[index] and any(line.comment for line in statement.leading_lines):
            pending.extend(statement.leading_lines)
            result[index] = statement.with_changes(leading_lines=())
        elif pending and not hoisted[index] and index > first_code:
            result[index] = statement.with_changes(
                leading_lines=(*statement.leading_lines, *pending)
            )
            pending = []
    if pending:
        return list(statements)  # nothing below to carry them: leave every comment where it was
    return result


def _computed_all(statement: cst.BaseStatement, module: cst.Module, source: SourceModule) -> bool:
    try:
        _exports(statement, module, source)
    except PlanError:
        return True
    return False


def _deleted_names(statement: cst.BaseStatement) -> tuple[str, ...] | None:
    """`del sys` / `del a, b` at the top level: namespace clean-up that belongs at the end of a module."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    names: list[str] = []
    for small in statement.body:
        if not isinstance(small, cst.Del):
            return None
        target = small.target
        elements = target.elements if isinstance(target, cst.Tuple) else [cst.Element(target)]
        for element in elements:
            if not isinstance(element.value, cst.Name):
                return None
            names.append(element.value.value)
    return tuple(names)


def _is_augmented(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and isinstance(
        statement.body[0], cst.AugAssign
    )
