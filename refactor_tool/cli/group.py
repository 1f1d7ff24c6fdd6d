"""The `refactor-tool` command group: its commands load on first look-up."""

from __future__ import annotations

from pathlib import Path

import click

from refactor_tool import __version__


class _CommandsOnDemand(click.Group):
    """Loads the command modules (and so LibCST, networkx) only when a command is looked up.

    `bit-ttt` and torchrun workers import `reports_errors` from `refactor_tool.cli`; they never load this.
    """

    _loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from refactor_tool.cli import api, check, merge, roadmap, split, undo

        for command in (*split.COMMANDS, *merge.COMMANDS, *api.COMMANDS, *roadmap.COMMANDS, *undo.COMMANDS,
                        *check.COMMANDS):
            self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)


@click.group(cls=_CommandsOnDemand, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="refactor-tool")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Split monolithic Python modules safely and check refactoring budgets."""
    if ctx.invoked_subcommand != "undo":

        from refactor_tool.cli.undo import warn_if_interrupted

        warn_if_interrupted(Path.cwd())
