"""`refactor-tool undo`: restore what an interrupted split or merge changed, or revert the last completed one.

Every command (`refactor-check` too) first calls `warn_if_interrupted`, so this module imports only what
that check needs; the command's own use case and rich output load when they are used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refactor_tool.cli import FORMAT_OPTION, reports_errors
from refactor_tool.errors import RefactorToolError
from refactor_tool.io.journal import JournalState, find_journal_root, read_record


@click.command()
@click.argument("path", type=click.Path(path_type=Path, exists=True), default=".")
@click.option("--force", is_flag=True, help="Restore files even if they were edited after the change.")
@FORMAT_OPTION
@reports_errors
def undo(path: Path, force: bool, output_format: str) -> None:
    """Restore every file from the journal of the project holding PATH (default: the current folder).

    An interrupted run (SIGKILL, power loss) is undone first; otherwise the last completed split or merge
    is reverted, provided nothing touched its files since. Exit 0 restored, 1 nothing to undo or refused
    (files edited since; nothing restored), 2 a damaged journal.
    """
    from refactor_tool.render import emit_json
    from refactor_tool.render.undo import render_undo
    from refactor_tool.undo.use_case import undo_change

    result = undo_change(path, force=force)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_undo(result)
    if not result.ok:
        sys.exit(1)


def warn_if_interrupted(start: Path) -> None:
    """The check every command makes first: a pending journal from `start` up is announced, never ignored."""
    root = find_journal_root(start)
    if root is None:
        return
    try:
        record = read_record(root, JournalState.PENDING)
    except RefactorToolError:  # a damaged journal is `undo`'s to report
        return
    if record is not None:
        from refactor_tool.render.undo import warn_interrupted

        warn_interrupted(record)
