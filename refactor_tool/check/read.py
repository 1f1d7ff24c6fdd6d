"""One file's facts, the fast way: scanned (check/scan.py) where that is certain, else with `ast`.

Files that mention deprecation go to `ast` too, because telling a deprecated name needs the expressions.
A file that does not parse keeps what the scanner found and the parser's error, for the report.
"""

from __future__ import annotations

from dataclasses import replace

from refactor_tool.check.facts import (
    ModuleFacts,
    count_lines,
    mentions_deprecation,
    read_facts_ast,
    references,
)


def read_facts(data: bytes) -> ModuleFacts:
    from refactor_tool.check.scan import scan_imports  # compiled regexes: only when a file is read

    scanned = None if mentions_deprecation(data) else scan_imports(data)
    if scanned is None:
        facts = read_facts_ast(data)
        if facts.error is None:
            return facts
        scanned = scan_imports(data)
        return facts if scanned is None else replace(facts, imports=scanned[0], references=references(data),
                                                     main_guard=scanned[1])
    imports, main_guard = scanned
    return ModuleFacts(count_lines(data), imports, references(data), (), main_guard)
