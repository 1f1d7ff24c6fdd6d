"""`refactor-check`: the budgets of a refactoring (file sizes, new files, dependencies, import cycles,
dead modules, API breaks) and its success gate, each check a pure function from project facts to findings.
"""
