"""Folders left empty by a deletion, removed: what a transaction cannot do (it changes files, not folders).

A deleted package leaves its folder and the bytecode cache imports wrote there; the folder is gone only
once both are, and only if nothing else is left in it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["remove_empty_folders"]


def remove_empty_folders(top: Path) -> tuple[Path, ...]:
    """Remove `top` and the folders below it that hold nothing but bytecode caches; return those kept."""
    if not top.is_dir():
        return ()
    kept: list[Path] = []
    for folder in sorted((p for p in (top, *top.rglob("*")) if p.is_dir()), key=lambda p: len(p.parts),
                         reverse=True):
        if folder.name == "__pycache__":
            for cached in folder.iterdir():
                if cached.is_file() and cached.suffix == ".pyc":
                    cached.unlink()
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
        elif folder.exists():
            kept.append(folder)
    return tuple(kept)
