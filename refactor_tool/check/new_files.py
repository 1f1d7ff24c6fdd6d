"""too-many-new-files: the files a change adds, against the roadmap's budget (`≤ 15 new files`).

Counted as paths present now and absent at the base, whatever their kind: a split that turns one
module into a package of six adds six files.
"""

from __future__ import annotations

from collections.abc import Set

from refactor_tool.check.findings import Finding, FindingKind


def added_files(base: Set[str], head: Set[str]) -> tuple[str, ...]:
    return tuple(sorted(head - base))


def too_many_new_files(added: tuple[str, ...], max_new_files: int, base_label: str) -> tuple[Finding, ...]:
    if len(added) <= max_new_files:
        return ()
    shown = ", ".join(added[:5]) + (f" and {len(added) - 5} more" if len(added) > 5 else "")
    return (Finding(FindingKind.TOO_MANY_NEW_FILES, "", 0,
                    f"{len(added)} files added since {base_label}, over the budget of {max_new_files}: {shown}",
                    subject=f"{len(added)} new files"),)
