"""`python -m bit_ttt.train [options]` (and `torchrun -m bit_ttt.train`): the `bit-ttt train` command."""

from __future__ import annotations

from bit_ttt.train.cli import route_warnings, train_command

if __name__ == "__main__":
    route_warnings()
    train_command(prog_name="python -m bit_ttt.train")
