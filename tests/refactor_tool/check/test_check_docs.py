from __future__ import annotations

from pathlib import Path

from refactor_tool.check.docs import DOCS, all_pages, explain
from refactor_tool.check.findings import FindingKind

REPO = Path(__file__).resolve().parents[3]


def test_every_kind_has_a_page_with_what_why_example_and_instead() -> None:
    assert set(DOCS) == set(FindingKind)
    for kind in FindingKind:
        page = explain(kind)
        assert page.startswith(f"# {kind.value}\n")
        for section in ("What it does", "Why it matters", "Example", "What to do instead"):
            assert f"\n## {section}\n\n" in page


def test_docs_checks_md_is_the_generated_pages() -> None:
    """Regenerate with: python -c "from refactor_tool.check.docs import all_pages; print(all_pages(), end='')" > docs/checks.md"""
    assert (REPO / "docs" / "checks.md").read_text(encoding="utf-8") == all_pages()
