"""One error hierarchy for the whole tool: the app layer turns any of these into one line and exit 2."""

from __future__ import annotations

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from pathlib import Path


class RefactorToolError(Exception):
    """Base of every error the tool reports to a user; carries where the problem is."""

    exit_code: int = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def one_line(self) -> str:
        """`path:line: message`, the shape compilers and linters use, so editors can jump to it."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}".replace("\n", " ")

    def as_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": self.message, "path": self.path, "line": self.line}


class InputError(RefactorToolError):
    """The input cannot be used: a syntax error, not a module, not UTF-8, a missing file."""


class PlanError(RefactorToolError):
    """A plan cannot be carried out: unknown symbol, an import cycle, a broken limit."""


class ConfigError(RefactorToolError):
    """Configuration (pyproject, plan or allow-list files) is malformed."""


class GitError(RefactorToolError):
    """A git operation failed: unknown ref, not a repository, dirty work tree."""


class CheckFailed(RefactorToolError):
    """A check ran and found problems (gate failed, breaking changes): exit 1, not a usage error."""

    exit_code = 1
