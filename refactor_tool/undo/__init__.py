"""The `undo` command: restore the files of an interrupted split or merge, or revert the last completed one."""
