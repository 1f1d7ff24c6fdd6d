"""One file's facts, the fast way: scanned (check/scan.py) where that is certain, else with `ast`.

Deprecated names need the expressions, so only `ast` reads them; with `deprecations=False` (what a run
asks for: most runs have no roadmap asking to remove deprecated exports) a file that mentions deprecation
is scanned like any other and its `deprecated` left None, to be read if a check asks.
A file that does not parse keeps what the scanner found and the parser's error, for the report.
"""

from __future__ import annotations

from dataclasses import replace

from refactor_tool.check.facts import ModuleFacts, count_lines, mentions_deprecation, references


def read_facts(data: bytes, *, deprecations: bool = True) -> ModuleFacts:
    from refactor_tool.check.scan import scan_imports  # compiled regexes: only when a file is read

    mentions = mentions_deprecation(data)
    scanned = None if mentions and deprecations else scan_imports(data)
    if scanned is None:
        # `ast`: only for the files that need it
        from refactor_tool.check.facts_ast import read_facts_ast

        facts = read_facts_ast(data)
        if facts.error is None:
            return facts
        scanned = scan_imports(data)
        return facts if scanned is None else replace(facts, imports=scanned[0], references=references(data),
                                                     main_guard=scanned[1])
    imports, main_guard = scanned
    return ModuleFacts(count_lines(data), imports, references(data), None if mentions else (), main_guard)


def read_scanned(data: bytes) -> ModuleFacts:
    """`read_facts` as a run reads files (deprecated names left to the check that wants them)."""
    return read_facts(data, deprecations=False)
