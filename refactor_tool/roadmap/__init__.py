"""The `roadmap` and `phase` commands: read a refactoring roadmap, lint it, audit it, run it, report on it."""
