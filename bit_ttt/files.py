"""Writing a file all or nothing (stdlib only): checkpoints and model exports both go through here.

So every file bit_ttt writes gets the same permissions (the umask's, as `open` gives) and a killed
process never leaves half a file under the final name.
"""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file, fsync it, rename over `path`, fsync the directory: all or nothing."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # directories cannot be opened on some platforms; the rename is still atomic
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
