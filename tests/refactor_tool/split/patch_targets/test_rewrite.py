"""rewrite_patch_targets, case by case: `before -> after` for each kind of patch call, and what stays."""

from __future__ import annotations

import pytest

from refactor_tool.errors import InputError
from refactor_tool.split.patch_targets.rewrite import (
    PatchKind,
    PatchTargetRewrite,
    find_patch_targets,
    rewrite_patch_targets,
)

MOVES = {
    "pkg.core.helper": "pkg.core._helpers.helper",
    "pkg.core.Widget": "pkg.core._widgets.Widget",
    "pkg.core.CONFIG": "pkg.core._config.CONFIG",
    "pkg.core.other": "pkg.core._helpers.other",
}

CASES = [
    # (id, before, after)
    (
        "mock.patch",
        'from unittest import mock\nmock.patch("pkg.core.helper")\n',
        'from unittest import mock\nmock.patch("pkg.core._helpers.helper")\n',
    ),
    (
        "unittest.mock.patch",
        "import unittest.mock\nunittest.mock.patch('pkg.core.helper')\n",
        "import unittest.mock\nunittest.mock.patch('pkg.core._helpers.helper')\n",
    ),
    (
        "imported patch, single quotes kept",
        "from unittest.mock import patch\n@patch('pkg.core.helper')\ndef t(m): ...\n",
        "from unittest.mock import patch\n@patch('pkg.core._helpers.helper')\ndef t(m): ...\n",
    ),
    (
        "the mock backport",
        'import mock\n@mock.patch("pkg.core.helper", return_value=1)\ndef t(m): ...\n',
        'import mock\n@mock.patch("pkg.core._helpers.helper", return_value=1)\ndef t(m): ...\n',
    ),
    (
        "aliased module",
        'from unittest import mock as m\nm.patch(target="pkg.core.helper")\n',
        'from unittest import mock as m\nm.patch(target="pkg.core._helpers.helper")\n',
    ),
    (
        "attribute under a moved class",
        'from mock import patch\npatch("pkg.core.Widget.grow")\n',
        'from mock import patch\npatch("pkg.core._widgets.Widget.grow")\n',
    ),
    (
        "patch.dict",
        'from unittest import mock\nmock.patch.dict("pkg.core.CONFIG", {"a": 1})\n',
        'from unittest import mock\nmock.patch.dict("pkg.core._config.CONFIG", {"a": 1})\n',
    ),
    (
        "patch.multiple, all to one module",
        'from unittest.mock import patch\npatch.multiple("pkg.core", helper=1, other=2, create=True)\n',
        'from unittest.mock import patch\npatch.multiple("pkg.core._helpers", helper=1, other=2, create=True)\n',
    ),
    (
        "monkeypatch.setattr",
        'def t(monkeypatch):\n    monkeypatch.setattr("pkg.core.helper", len)\n',
        'def t(monkeypatch):\n    monkeypatch.setattr("pkg.core._helpers.helper", len)\n',
    ),
    (
        "monkeypatch.delattr",
        "def t(monkeypatch):\n    monkeypatch.delattr('pkg.core.helper')\n",
        "def t(monkeypatch):\n    monkeypatch.delattr('pkg.core._helpers.helper')\n",
    ),
    (
        "MonkeyPatch.context",
        'import pytest\nwith pytest.MonkeyPatch.context() as mp:\n    mp.setattr("pkg.core.helper", 1)\n',
        'import pytest\nwith pytest.MonkeyPatch.context() as mp:\n    mp.setattr("pkg.core._helpers.helper", 1)\n',
    ),
    (
        "pytest-mock",
        'def t(mocker):\n    mocker.patch("pkg.core.helper")  # comment kept\n',
        'def t(mocker):\n    mocker.patch("pkg.core._helpers.helper")  # comment kept\n',
    ),
    (
        "raw string prefix kept",
        "from unittest import mock\nmock.patch(r'pkg.core.helper')\n",
        "from unittest import mock\nmock.patch(r'pkg.core._helpers.helper')\n",
    ),
]

UNCHANGED = [
    (
        "a segment that only starts alike",
        'from unittest import mock\nmock.patch("pkg.core.helpers")\n',
    ),
    ("a parent of a moved name", 'from unittest import mock\nmock.patch("pkg.core")\n'),
    ("bare patch never imported", 'patch("pkg.core.helper")\n'),
    ("patch imported from elsewhere", 'from somewhere import patch\npatch("pkg.core.helper")\n'),
    (
        "patch.object takes an object",
        'from unittest import mock\nimport pkg\nmock.patch.object(pkg, "core")\n',
    ),
    (
        "monkeypatch object form",
        'def t(monkeypatch, obj):\n    monkeypatch.setattr(obj, "pkg.core.helper", 1)\n',
    ),
    ("an ordinary string", 'x = "pkg.core.helper"\nprint("pkg.core.helper")\n'),
    ("an f-string", 'from unittest import mock\nmock.patch(f"pkg.core.helper")\n'),
    (
        "patch.multiple of an unmoved name",
        'from unittest import mock\nmock.patch.multiple("pkg.core", stay=1)\n',
    ),
]


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rewrites(before: str, after: str) -> None:
    result = rewrite_patch_targets(before, MOVES)
    assert result.code == after
    assert len(result.rewrites) == 1
    assert result.stale == ()


@pytest.mark.parametrize("before", [c[1] for c in UNCHANGED], ids=[c[0] for c in UNCHANGED])
def test_leaves_alone(before: str) -> None:
    result = rewrite_patch_targets(before, MOVES)
    assert result.code == before
    assert result.rewrites == ()


def test_reports_each_rewrite_with_line_and_call() -> None:
    before = (
        "from unittest import mock\n"
        "\n"
        "@mock.patch('pkg.core.helper')\n"
        "def test(m, monkeypatch):\n"
        "    monkeypatch.setattr('pkg.core.Widget.size', 3)\n"
    )
    result = rewrite_patch_targets(before, MOVES)
    assert result.rewrites == (
        PatchTargetRewrite(3, "pkg.core.helper", "pkg.core._helpers.helper", "mock.patch"),
        PatchTargetRewrite(
            5, "pkg.core.Widget.size", "pkg.core._widgets.Widget.size", "monkeypatch.setattr"
        ),
    )


def test_longest_moved_prefix_wins() -> None:
    moves = {"pkg.core": "pkg.new_core", "pkg.core.helper": "pkg.core._helpers.helper"}
    before = 'import mock\nmock.patch("pkg.core.helper")\nmock.patch("pkg.core.other")\n'
    after = (
        'import mock\nmock.patch("pkg.core._helpers.helper")\nmock.patch("pkg.new_core.other")\n'
    )
    assert rewrite_patch_targets(before, moves).code == after


def test_everything_else_is_byte_identical() -> None:
    before = (
        "# header comment\n"
        "from unittest import mock   # odd spacing\n"
        "\n\n"
        "@mock.patch(  'pkg.core.helper' ,\n"
        "            autospec = True)\n"
        "def test(m):\n"
        "\tassert m  # tabs kept\n"
    )
    after = before.replace("'pkg.core.helper'", "'pkg.core._helpers.helper'")
    assert rewrite_patch_targets(before, MOVES).code == after


def test_multiple_attributes_that_moved_apart_are_reported_not_rewritten() -> None:
    before = 'from unittest import mock\nmock.patch.multiple("pkg.core", helper=1, CONFIG={})\n'
    result = rewrite_patch_targets(before, MOVES)
    assert result.code == before
    [stale] = result.stale
    assert stale.line == 2
    assert "CONFIG -> pkg.core._config.CONFIG" in stale.reason
    assert "helper -> pkg.core._helpers.helper" in stale.reason


OBJECT_HEADER = "from unittest import mock\nfrom pkg import core\nimport pkg.core as c\n"
OBJECT_CASES = [
    (
        "patch.object",
        "mock.patch.object(core, 'helper', new=1)\n",
        "mock.patch('pkg.core._helpers.helper', new=1)\n",
    ),
    (
        "patch.object decorator, positional new",
        '@mock.patch.object(c, "helper", None)\ndef t(): ...\n',
        '@mock.patch("pkg.core._helpers.helper", None)\ndef t(): ...\n',
    ),
    (
        "monkeypatch.setattr",
        "def t(monkeypatch):\n    monkeypatch.setattr(c, 'Widget', None, raising=False)\n",
        "def t(monkeypatch):\n    monkeypatch.setattr('pkg.core._widgets.Widget', None, raising=False)\n",
    ),
    (
        "monkeypatch.delattr",
        "def t(monkeypatch):\n    monkeypatch.delattr(core, 'helper')\n",
        "def t(monkeypatch):\n    monkeypatch.delattr('pkg.core._helpers.helper')\n",
    ),
]


@pytest.mark.parametrize(
    ("before", "after"), [c[1:] for c in OBJECT_CASES], ids=[c[0] for c in OBJECT_CASES]
)
def test_object_forms_on_a_moved_name_become_string_forms(before: str, after: str) -> None:
    result = rewrite_patch_targets(OBJECT_HEADER + before, MOVES)
    assert result.code == OBJECT_HEADER + after
    assert len(result.rewrites) == 1
    assert result.stale == ()


def test_object_forms_without_an_exact_string_form_are_reported() -> None:
    before = (
        OBJECT_HEADER
        + (
            "def t(monkeypatch, args):\n"
            "    monkeypatch.setattr(core, 'helper', None, False)\n"  # string form would shift `raising`
            "    mock.patch.object(core, 'helper', *args)\n"
        )
    )
    result = rewrite_patch_targets(before, MOVES)
    assert result.code == before
    assert [(s.line, s.target) for s in result.stale] == [
        (5, "pkg.core.helper"),
        (6, "pkg.core.helper"),
    ]
    assert "patch pkg.core._helpers.helper instead" in result.stale[0].reason


def test_object_forms_on_an_object_that_moved_whole_are_left_alone() -> None:
    # `Widget` is the same class object before and after the move, so patching it still works.
    before = "from unittest import mock\nfrom pkg.core import Widget\nmock.patch.object(Widget, 'grow')\n"
    result = rewrite_patch_targets(before, MOVES)
    assert (result.code, result.rewrites, result.stale) == (before, (), ())


def test_find_lists_every_target_without_moves() -> None:
    source = (
        "from unittest import mock\n"
        "@mock.patch('a.b')\n"
        "def t(m, monkeypatch):\n"
        "    monkeypatch.setattr('c.d', 1)\n"
        "    mock.patch.dict('e.F', {})\n"
        "    monkeypatch.setenv('HOME', '/')\n"
    )
    found = find_patch_targets(source)
    assert [(t.line, t.target, t.kind) for t in found] == [
        (2, "a.b", PatchKind.PATCH),
        (4, "c.d", PatchKind.SETATTR),
        (5, "e.F", PatchKind.DICT),
    ]


def test_syntax_error_is_an_input_error_with_a_line() -> None:
    with pytest.raises(InputError) as caught:
        rewrite_patch_targets("import pkg\ndef broken(:\n", MOVES)
    assert caught.value.line == 2
    with pytest.raises(InputError):
        find_patch_targets("def broken(:\n")


def test_files_that_never_name_the_moved_package_are_returned_untouched() -> None:
    source = "from unittest import mock\nmock.patch('other.core.helper')\n"
    result = rewrite_patch_targets(source, MOVES)
    assert (result.code, result.rewrites, result.stale) == (source, (), ())


def test_targets_deep_inside_classes_and_functions_are_found_and_rewritten() -> None:
    before = (
        "from unittest import mock\n"
        "\n"
        "@mock.patch('pkg.core.helper')\n"
        "class TestThing:\n"
        "    x = 1\n"
        "\n"
        "    def test_a(self, m, target=mock.patch('pkg.core.CONFIG')):\n"
        "        def inner():\n"
        "            with mock.patch('pkg.core.Widget'):\n"
        "                pass\n"
        "        return inner\n"
        "\n"
        "    class Nested:\n"
        "        @mock.patch('pkg.core.other')\n"
        "        def test_b(self, m):\n"
        "            mock.patch('unmoved.name')\n"
    )
    result = rewrite_patch_targets(before, MOVES)
    after = (
        before.replace("'pkg.core.helper'", "'pkg.core._helpers.helper'")
        .replace("'pkg.core.CONFIG'", "'pkg.core._config.CONFIG'")
        .replace("'pkg.core.Widget'", "'pkg.core._widgets.Widget'")
        .replace("'pkg.core.other'", "'pkg.core._helpers.other'")
    )
    assert result.code == after
    assert [r.line for r in result.rewrites] == [3, 7, 9, 14]
