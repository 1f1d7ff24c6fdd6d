"""A new module's docstring says what it holds in words: the summary of the definition it is named after
(else of its largest public definition), then where it came from."""

from __future__ import annotations

import ast

import pytest

from refactor_tool.split.emit.docstrings import module_docstring, words
from refactor_tool.syntax.facts import analyze_module

PAD = "".join(f"        x{i} = {i}\n" for i in range(12))
SOURCE = (
    'class WidgetFactory:\n    """Makes widgets to order."""\n\n    def make(self):\n' + PAD + "        return 1\n\n\n"
    'class StockLedger:\n    """Keeps stock on hand per SKU."""\n\n\n'
    "def undocumented():\n    return 2\n"
)


@pytest.mark.parametrize(("module", "lead"), [
    ("shop._ledger", "Stock ledger: keeps stock on hand per SKU."),
    ("shop._widgets", "Widget factory: makes widgets to order."),
    ("shop._misc", "Widget factory: makes widgets to order."),  # named after none: the largest
])
def test_the_docstring_leads_with_the_definition_the_module_is_named_after(module: str, lead: str) -> None:
    statements = analyze_module(SOURCE, "shop.py").statements
    text = module_docstring("shop", SOURCE, statements, module=module)
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring.split("\n")[0] == lead
    assert "split out of `shop`" in " ".join(docstring.split())


def test_names_read_as_words() -> None:
    assert [words(n) for n in ("StockLedger", "plan_reorders", "HTTPError", "_SKU_RE")] == [
        "stock ledger", "plan reorders", "HTTP error", "SKU RE"]


def test_a_module_of_plain_values_says_it_holds_constants_and_settings_in_words() -> None:
    source = '__version__ = "1.0"\nDEFAULT_TAX_RATE = 0.2\n_SKU_RE = "[A-Z]+"\nlogger = None\n'
    statements = analyze_module(source, "shop.py").statements
    docstring = ast.get_docstring(ast.parse(module_docstring("shop", source, statements, module="shop._constants")))
    assert docstring.split("\n\n")[0] == (
        "Constants and settings: version, default tax rate, sku pattern and logger.")
    assert docstring.split("\n\n")[1] == "Split out of `shop`, which re-exports them."


@pytest.mark.parametrize(("functions", "tail"), [
    (5, "1 more definition;"),
    (6, "2 more definitions;"),
])
def test_the_definitions_left_out_are_counted_in_good_english(functions: int, tail: str) -> None:
    source = SOURCE + "".join(f"\n\ndef helper_{i}():\n    return {i}\n" for i in range(functions - 3))
    statements = analyze_module(source, "shop.py").statements
    docstring = ast.get_docstring(ast.parse(module_docstring("shop", source, statements, module="shop._widgets")))
    assert tail in " ".join(docstring.split())
