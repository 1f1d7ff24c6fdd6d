"""How a merge looks to people: one summary line, the warnings, or the diff of a dry run."""

from __future__ import annotations

from rich.markup import escape

from refactor_tool.merging.use_case import MergeOutcome
from refactor_tool.render import emit_json, emit_warning, err, out


def render_merge_interrupted(signal_name: str, *, as_json: bool) -> None:
    if as_json:
        emit_json({"interrupted": signal_name, "written": False})
    err.print(f"[bold red]interrupted[/] by {signal_name} while writing; every file restored", markup=True)


def render_merge_text(outcome: MergeOutcome) -> None:
    result = outcome.result
    for warning in result.warnings:
        emit_warning(warning.message())
    if not result.shims:  # --delete-sources: nothing keeps the importers working
        for importer in outcome.importers:
            emit_warning(f"{importer}, which --delete-sources removes: point it at {result.into_name}")
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
    if result.shims:
        kept = ", ".join(str(path) for path, _ in result.shims)
        out.print(f"re-exporting from {escape(result.into_name)}, so their importers keep working: {escape(kept)}")
