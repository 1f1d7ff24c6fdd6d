"""How `undo` looks for people: what was restored from which run, or why nothing was."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from refactor_tool.io.journal import JournalRecord
from refactor_tool.render import emit_warning, err, out
from refactor_tool.undo.use_case import UndoKind, UndoResult


def render_undo(result: UndoResult) -> None:
    if result.kind is UndoKind.NOTHING:
        err.print(f"nothing to undo: no journal in {escape(result.root)} or above", markup=True)
        return
    what = f"`{escape(result.command or '?')}` (started {escape(result.started or '?')})"
    if result.kind is UndoKind.REFUSED:
        table = Table(title=f"changed since {what}")
        table.add_column("file", overflow="fold")
        for path in result.changed_since:
            table.add_row(escape(path))
        err.print(table)
        err.print("[bold red]undo refused[/]: these files were edited after the change, nothing restored; "
                  "`refactor-tool undo --force` restores them anyway (losing those edits)", markup=True)
        return
    for path in result.changed_since:
        emit_warning(f"{path}: edited after the change; overwritten (--force)")
    for folder in result.kept_dirs:
        emit_warning(f"{folder}/ kept: it holds files the change did not write")
    out.print(f"[green]{result.kind.value}[/]: {what}; {len(result.restored)} files restored in "
              f"{escape(result.root)}", markup=True)
    for path in result.restored:
        out.print(f"  {escape(path)}", markup=True)


def warn_interrupted(record: JournalRecord) -> None:
    """Any command, run where an interrupted split or merge left its journal, says what to run."""
    emit_warning(f"`{record.command}` was interrupted (started {record.started}) and left files half-changed in "
                 f"{record.root}; run `refactor-tool undo` there to restore every file from its journal")
