"""refactor-tool: split monolithic Python modules into packages, keep every import path working, check budgets."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
