"""Subprocess for the crash test: trains, and freezes just before the k-th file rename so the parent can SIGKILL it.

Usage: python _crash_worker.py ARGS_JSON PAUSE_AT MARKER
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import torch

from bit_ttt.train.args import TrainArgs
from bit_ttt.train.loop import train


def main() -> None:
    args = TrainArgs.from_dict(json.loads(sys.argv[1]))
    pause_at, marker = int(sys.argv[2]), Path(sys.argv[3])
    real_replace = os.replace
    count = {"n": 0}

    def replace(src, dst):  # type: ignore[no-untyped-def]
        count["n"] += 1
        if count["n"] == pause_at:
            marker.write_text(str(dst))
            time.sleep(120)  # killed here: the temp file is written and fsynced, not yet renamed
        real_replace(src, dst)

    os.replace = replace
    torch.set_num_threads(1)
    train(args)


if __name__ == "__main__":
    main()
