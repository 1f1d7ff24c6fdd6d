"""How a merge looks to people: one summary line, the warnings, or the diff of a dry run."""

from __future__ import annotations

from rich.markup import escape

from refactor_tool.merging.use_case import MergeOutcome
from refactor_tool.render import emit_warning, out


def render_merge_text(outcome: MergeOutcome) -> None:
    result = outcome.result
    for warning in result.warnings:
        emit_warning(warning.message())
    for importer in outcome.importers:
        emit_warning(f"{importer}, a merged module: point it at {result.into_name}")
    if not outcome.written:
        out.print(outcome.diff, markup=False, highlight=False, end="")
        out.print(
            f"dry run: would merge {len(result.sources)} modules into {escape(str(result.into))} "
            f"({result.line_count} lines); nothing written"
        )
        return
    out.print(
        f"[green]merged[/] {len(result.sources)} modules into {escape(str(result.into))} "
        f"({result.line_count} lines, {result.dropped_imports} imports between them dropped)"
    )
    if result.deduplicated:
        out.print(f"identical definitions kept once: {escape(', '.join(result.deduplicated))}")
    for path in outcome.deleted:
        out.print(f"deleted {escape(str(path))}")
