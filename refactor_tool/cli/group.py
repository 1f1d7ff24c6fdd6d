"""The `refactor-tool` command group: a command's module loads only when that command runs.

This is click's lazy-loading group: the commands are named here with the module and attribute that define
them and their one-line summary, so `refactor-tool check` never imports LibCST or networkx for `split` or
`merge`, and `refactor-tool --help` lists every command without importing any of them. A test holds each
summary to what click makes of its command's docstring, so the listing reads as an eager group's would.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click

from refactor_tool import __version__

#: command name -> (module, attribute, summary: the first sentence of the command's docstring)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "api": ("refactor_tool.cli.api", "api_group",
            "Public API surface: snapshots and breaking-change diffs that see through moves and re-exports."),
    "check": ("refactor_tool.cli.check", "main",
              "Check the project's refactoring budgets and run its gate; exit 1 on any failing finding."),
    "merge": ("refactor_tool.cli.merge", "merge",
              "Join MODULES into one module at --into: imports between them dropped, definitions before uses."),
    "phase": ("refactor_tool.cli.roadmap", "phase_group",
              "A stopwatch for a phase done by hand, kept in reports/timebox_events.jsonl (commit it)."),
    "plan": ("refactor_tool.cli.split", "plan",
             "Show how PATH would be split (modules, why they belong together, imports between them, re-exports,"
             " warnings); writes nothing but the --write-plan file."),
    "roadmap": ("refactor_tool.cli.roadmap", "roadmap_group",
                "A refactoring roadmap (ROADMAP.md, Japanese or English): show it, lint it, audit it against the"
                " code, run its phases under their timeboxes, report its timeboxes."),
    "split": ("refactor_tool.cli.split", "split",
              "Split PATH into modules under the limits, keeping every old import working; all files or none."),
    "undo": ("refactor_tool.cli.undo", "undo",
             "Restore every file from the journal of the project holding PATH (default: the current folder)."),
}


class _LazyCommands(click.Group):
    """Imports a command's module when click looks the command up; the help listing uses the summaries.

    `bit-ttt` and torchrun workers import `reports_errors` from `refactor_tool.cli`; they never load this.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute, _summary = COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click shortens each summary to the width left, as it does a loaded command's docstring
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [(name, click.Command(name, help=summary).get_short_help_str(limit))
                for name, (_module, _attribute, summary) in sorted(COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refactor-tool")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Split monolithic Python modules safely and check refactoring budgets."""
    if ctx.invoked_subcommand != "undo":

        from refactor_tool.cli.undo import warn_if_interrupted

        warn_if_interrupted(Path.cwd())
