"""The deprecated-exports codemod, before -> after: the definition, its `__all__` entry and the imports only it
used go; what else uses an import keeps it; names a `__getattr__` serves are left and said."""

from __future__ import annotations

import textwrap

from refactor_tool.roadmap.deprecations import remove_definitions

BEFORE = textwrap.dedent('''\
    """Package."""

    from __future__ import annotations

    import warnings
    from os import path, sep

    from shop.cart import Cart

    __all__ = [
        "Cart",
        "old_cart",
        "joined",
    ]


    def old_cart(name: str) -> Cart:
        warnings.warn("use Cart()", DeprecationWarning, stacklevel=2)
        return Cart(path.join(name))


    def joined(*parts: str) -> str:
        return sep.join(parts)
''')

AFTER = textwrap.dedent('''\
    """Package."""

    from __future__ import annotations

    from os import sep

    from shop.cart import Cart

    __all__ = [
        "Cart",
        "joined",
    ]


    def joined(*parts: str) -> str:
        return sep.join(parts)
''')


def test_the_definition_its_export_and_its_own_imports_go() -> None:
    removal = remove_definitions(BEFORE, frozenset({"old_cart"}))
    assert removal.text == AFTER
    assert removal.removed == ("old_cart",) and removal.left == ()


def test_a_name_that_is_not_a_definition_is_left_and_said() -> None:
    source = "import warnings\n\n\ndef __getattr__(name):\n    if name == 'old':\n        warnings.warn('x', DeprecationWarning)\n"
    removal = remove_definitions(source, frozenset({"old"}))
    assert removal.text == source and removal.left == ("old",) and removal.removed == ()


def test_a_tuple_all_keeps_its_form() -> None:
    source = "__all__ = ('a', 'old')\n\n\ndef old():\n    pass\n\n\ndef a():\n    pass\n"
    assert remove_definitions(source, frozenset({"old"})).text == "__all__ = ('a',)\n\n\ndef a():\n    pass\n"
