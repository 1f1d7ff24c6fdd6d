"""The edges with the outside world: the file transaction, git, the gate subprocess, the project configuration."""
