"""`refactor-tool roadmap` and `refactor-tool phase`: read a refactoring roadmap, lint it, time its phases.

Depends only on `refactor_tool.errors`, the standard library and markdown-it-py; the use cases are in
`use_case.py`, the values they return in `model.py`, `lint.py`, `stopwatch.py` and `report.py`.
"""
