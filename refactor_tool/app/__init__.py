"""Use cases: one module per command, each a function from options to a result value (no printing here)."""
