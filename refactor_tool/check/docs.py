"""One page per finding kind — what it flags, why it matters, an example, what to do instead — as ruff
documents its rules; `refactor-check --explain KIND` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from refactor_tool.check.findings import FindingKind


@dataclass(frozen=True, slots=True)
class KindDoc:
    what: str
    why: str
    example: str
    instead: str
    #: the budget or setting that governs it
    setting: str = ""


DOCS: dict[FindingKind, KindDoc] = {
    FindingKind.FILE_TOO_LARGE: KindDoc(
        "A Python file has `max-lines` lines or more (400 by default: files must stay under it).",
        "A file past a few screens holds several ideas; reviews, merges and ownership get harder, and it is "
        "the budget a refactoring roadmap sets (\"every file < 400 lines\").",
        "`core_engine.py` at 1,097 lines, holding the norm, the linear layer, the TTT layer and the model.",
        "Split it by idea: `refactor-tool plan core_engine.py` proposes modules; `refactor-tool split` applies "
        "the plan with every old import path kept.",
        "max-lines"),
    FindingKind.TOO_MANY_NEW_FILES: KindDoc(
        "The change adds more files than `max-new-files` allows (paths present now and absent at --base).",
        "A refactoring that scatters code over many new files trades one big file for a maze; the roadmap "
        "caps new files to keep the new layout reviewable.",
        "Splitting three modules into 16 one-function files when the roadmap allows 15 new files.",
        "Group related functions into fewer modules (`refactor-tool plan --max-new-files N`), or raise the budget "
        "in `[tool.refactor_tool] max-new-files` with a reason in the review.",
        "max-new-files"),
    FindingKind.NEW_DEPENDENCY: KindDoc(
        "A distribution newly declared since --base (over `max-new-dependencies`), an import of a third-party "
        "distribution that no declared dependency provides, or runtime code importing a distribution declared "
        "only for development (an extra named dev/test/docs..., or a dependency group). A newly declared "
        "distribution has a scope (`scope` in JSON): `runtime` (`[project] dependencies` and the extras users "
        "install, such as `model`; also one moved there from a development extra) or `development` (extras "
        "named dev, test, tests, testing, lint, docs, typing, bench..., and `[dependency-groups]`). Only "
        "runtime ones count against `max-new-dependencies`: development ones are reported as accepted (not "
        "counted) unless `count-dev-dependencies = true`.",
        "A refactoring should not grow the dependency tree; an undeclared import works on the author's machine "
        "and fails on a clean install; a dev-only import in runtime code fails for every user.",
        "`import yaml` in `pkg/config.py` while pyproject.toml declares no PyYAML; `import pytest` in "
        "`pkg/helpers.py`.",
        "Use what is already declared, declare what you import (in `[project] dependencies` or an extra), and "
        "keep test-only imports in tests; optional imports go under `try: ... except ImportError:`.",
        "max-new-dependencies`, `count-dev-dependencies"),
    FindingKind.IMPORT_CYCLE: KindDoc(
        "Modules that import each other (directly or through others) as they load, where the base had no such "
        "cycle. Existing cycles are listed, not failed; imports inside functions or under `if TYPE_CHECKING:` "
        "do not run at load time and close no cycle (cycles made only of those are listed apart).",
        "A cycle makes the import order decide whether a name exists yet (partially initialised modules), and "
        "it ties the modules together so that none can be understood, tested or moved alone.",
        "`pkg/model.py` does `from pkg.train import Trainer` and `pkg/train.py` does `from pkg.model import "
        "Model`: the report shows `pkg.model -> pkg.train -> pkg.model` at the import that closes it.",
        "Move what both need into a third module they both import, pass the dependency in as a parameter, or "
        "import inside the function that needs it (deferred) when the use is rare."),
    FindingKind.DEAD_MODULE: KindDoc(
        "A module of the runtime packages that nothing reaches: no import, entry point (console script or "
        "plugin group), `__main__` module, script or string reference (`importlib.import_module(\"pkg.mod\")`) "
        "loads it. A module only tests import is reported as such.",
        "Dead code still costs reading, reviewing and upgrading; the roadmap's \"confirm `legacy/` is unused "
        "before deleting it\" is exactly this check.",
        "`pkg/legacy/__init__.py` and `pkg/legacy/old_math.py`, imported by nothing since the port.",
        "Delete it. If it is loaded in a way no import shows (a path, a plugin system), accept it with an "
        "allow entry saying how it is loaded."),
    FindingKind.DEPRECATED_EXPORT: KindDoc(
        "A name still marked deprecated (`@deprecated`, a `DeprecationWarning` on call, a module `__getattr__` "
        "that warns) while the roadmap has a task to remove deprecated exports.",
        "The roadmap promises the deprecated surface is gone; a ticked task with the warning still in place is "
        "the broken promise the audit is meant to catch.",
        "Phase 3 ticks \"remove deprecated exports\" and `pkg/__init__.py` still serves `old_name` through a "
        "warning `__getattr__`.",
        "Remove the deprecated names (and their shim), then record the API change in the snapshot "
        "(`refactor-tool api snapshot`)."),
    FindingKind.API_BREAK: KindDoc(
        "A breaking change to the public API (a removed path, a removed or renamed parameter, a new required "
        "parameter...) against the committed snapshots in `api-snapshots`, or, without snapshots, against "
        "--base; more of them than `max-api-breaks` allows.",
        "A refactoring promises that every old import path and call keeps working; users' code breaks "
        "otherwise.",
        "`pkg/big.py` split into `pkg/big/` without re-exporting `helper` from `pkg/big/__init__.py`.",
        "Re-export what moved, keep old parameters (with defaults); a deliberate break goes in "
        "`[tool.refactor_tool.api.allow]` with its reason, and the snapshot is regenerated.",
        "max-api-breaks"),
    FindingKind.GATE_FAILED: KindDoc(
        "The gate command (`[tool.refactor_tool] gate`, the test suite) failed, ran no test, or could not "
        "start. Counts come from a JUnit XML report for pytest, else from the runner's summary line.",
        "A refactoring is done only when the tests still pass; a gate that ran nothing proves nothing.",
        "`gate = \"python -m pytest tests/bit_ttt\"` with one failing test, or with a path that matches none.",
        "Read the log whose path the report prints, fix the failure, and run `refactor-check --gate` again."),
}


def explain(kind: FindingKind, *, level: int = 1) -> str:
    """The page as Markdown, its title at heading `level`."""
    doc = DOCS[kind]
    title, section = "#" * level, "#" * (level + 1)
    setting = f"\n\nSetting: `[tool.refactor_tool] {doc.setting}`." if doc.setting else ""
    return (f"{title} {kind.value}\n\n{section} What it does\n\n{doc.what}\n\n{section} Why it matters\n\n"
            f"{doc.why}\n\n{section} Example\n\n{doc.example}\n\n{section} What to do instead\n\n"
            f"{doc.instead}{setting}\n")


def all_pages() -> str:
    """`docs/checks.md`: every page, for readers of the repository."""
    pages = "\n".join(explain(kind, level=2) for kind in FindingKind)
    return ("# refactor-check findings\n\n<!-- Generated from refactor_tool/check/docs.py: what "
            "`refactor-check --explain KIND` prints. tests/refactor_tool/check/test_check_docs.py keeps it "
            "in sync. -->\n\n" + pages)
