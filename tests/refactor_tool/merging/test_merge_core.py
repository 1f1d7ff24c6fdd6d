"""Merging real little packages: the merged module must import and behave like the modules did."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactor_tool.errors import InputError, PlanError
from refactor_tool.merging import (
    MergeResult,
    MergeWarningKind,
    SourceModule,
    merge_modules,
    module_name,
)


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _merge(
    root: Path, files: dict[str, str], order: list[str], into: str = "pkg/merged.py"
) -> MergeResult:
    _write(root, {"pkg/__init__.py": "", **files})
    sources = [SourceModule(root / p, module_name(root / p), (root / p).read_text()) for p in order]
    result = merge_modules(sources, into=root / into, into_name=module_name(root / into))
    (root / into).write_text(result.code, encoding="utf-8")
    return result


def _values(root: Path, module: str, expression: str) -> object:
    """Evaluate `expression` against `module` in a fresh interpreter, so nothing leaks between tests."""
    program = f"import json, {module} as m\nprint(json.dumps({expression}))"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_imports_between_merged_modules_disappear_and_behaviour_is_kept(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": """\
            from pkg.b import scale
            from . import b
            import pkg.b

            def area(w, h):
                return scale(w) * b.scale(h) + pkg.b.OFFSET
            """,
        "pkg/b.py": """\
            OFFSET = 1

            def scale(x):
                return 2 * x
            """,
    }
    _write(tmp_path, {"pkg/__init__.py": "", **files})
    before = _values(tmp_path, "pkg.a", "m.area(3, 4)")
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert "import" not in result.code
    assert _values(tmp_path, "pkg.merged", "m.area(3, 4)") == before == 2 * 3 * 2 * 4 + 1
    assert result.dropped_imports == 3


def test_definitions_come_before_their_import_time_uses(tmp_path: Path) -> None:
    files = {
        "pkg/derived.py": "from pkg.base import Base, build\n\nclass Derived(Base):\n    pass\n\nTABLE = build()\n",
        "pkg/base.py": "class Base:\n    kind = 'base'\n\ndef build():\n    return [LIMIT]\n\nLIMIT = 7\n",
    }
    result = _merge(tmp_path, files, ["pkg/derived.py", "pkg/base.py"])
    assert result.code.index("class Base") < result.code.index("class Derived")
    assert _values(tmp_path, "pkg.merged", "[m.TABLE, m.Derived.kind]") == [[7], "base"]


def test_modules_needing_each_other_at_import_time_are_interleaved(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": "from pkg.b import helper as h\n\nclass Base:\n    pass\n\nRESULT = h(2)\n",
        "pkg/b.py": "from pkg import a\n\ndef helper(x):\n    return x + 1\n\nclass Derived(a.Base):\n    pass\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert "h = helper" in result.code
    assert _values(tmp_path, "pkg.merged", "[m.RESULT, m.Derived.__mro__[1].__name__]") == [
        3,
        "Base",
    ]


def test_a_true_import_time_cycle_is_refused_naming_the_names(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": "from pkg.b import Y\nX = Y + 1\n",
        "pkg/b.py": "from pkg.a import X\nY = X + 1\n",
    }
    with pytest.raises(PlanError, match=r"cycle.*X, Y"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])


def test_same_name_defined_differently_is_refused(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": "def _check(x):\n    return x > 0\n",
        "pkg/b.py": "def _check(x):\n    return x < 0\n",
    }
    with pytest.raises(PlanError, match=r"`_check` in pkg\.a, pkg\.b"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])


def test_identical_definitions_are_kept_once(tmp_path: Path) -> None:
    shared = (
        "import logging\n\nlog = logging.getLogger('x')\n\n\ndef _clip(v):\n    return max(0, v)\n"
    )
    files = {"pkg/a.py": shared + "\nA = _clip(-1)\n", "pkg/b.py": shared + "\nB = _clip(5)\n"}
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert result.code.count("def _clip") == 1
    assert result.code.count("import logging") == 1
    assert set(result.deduplicated) == {"_clip", "log"}
    assert _values(tmp_path, "pkg.merged", "[m.A, m.B]") == [0, 5]


def test_future_imports_once_and_first_docstring_kept_when_alone(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": '"""Module a does A."""\n\nfrom __future__ import annotations\n\nA: int = 1\n',
        "pkg/b.py": "from __future__ import annotations, generator_stop\n\nB: str = 'b'\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert result.code.startswith(
        '"""Module a does A."""\n\nfrom __future__ import annotations, generator_stop\n'
    )
    assert result.code.count("__future__") == 1
    assert MergeWarningKind.FUTURE_IMPORTS_DIFFER in {w.kind for w in result.warnings}


def test_several_docstrings_are_all_kept(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": '"""Does A."""\nA = 1\n',
        "pkg/b.py": '"""Does B.\n\nAt length."""\nB = 2\n',
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    doc = _values(tmp_path, "pkg.merged", "m.__doc__")
    assert isinstance(doc, str)
    assert "pkg.a, pkg.b" in doc and "Does A." in doc and "Does B.\n\nAt length." in doc
    assert result.code.count('"""') == 2


def test_comments_and_formatting_are_kept(tmp_path: Path) -> None:
    body = "# why this exists\ndef f(x):\n    # inner note\n    return (x +\n            1)  # trailing\n"
    files = {"pkg/a.py": body, "pkg/b.py": "from pkg.a import f\nY = f(1)\n"}
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert body in result.code


def test_all_is_the_union_of_what_star_imports_gave(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": "__all__ = ['A']\nA = 1\n_HIDDEN = 0\nALSO = 2\n",
        "pkg/b.py": "B = 2\n_P = 3\n",
    }
    _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert _values(tmp_path, "pkg.merged", "m.__all__") == ["A", "B"]


def test_computed_all_is_refused(tmp_path: Path) -> None:
    files = {"pkg/a.py": "__all__ = [n for n in dir() if n.isupper()]\n", "pkg/b.py": "B = 1\n"}
    with pytest.raises(PlanError, match="computed"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])


def test_main_block_is_dropped_with_a_warning_unless_merging_into_its_module(
    tmp_path: Path,
) -> None:
    files = {
        "pkg/a.py": "A = 1\n\nif __name__ == '__main__':\n    print(A)\n",
        "pkg/b.py": "B = 2\n",
    }
    dropped = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert "__main__" not in dropped.code
    assert MergeWarningKind.MAIN_BLOCK_DROPPED in {w.kind for w in dropped.warnings}
    kept = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/a.py")
    assert kept.code.rstrip().endswith("print(A)")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    files = {"pkg/a.py": "A = 1\n", "pkg/b.py": "B = 2\ndef broken(:\n"}
    with pytest.raises(InputError) as raised:
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert raised.value.path is not None and raised.value.path.endswith("b.py")
    assert raised.value.line == 2


def test_module_name_pins_left_by_a_split_are_dropped_only_when_they_name_the_target(
    tmp_path: Path,
) -> None:
    files = {
        "pkg/a.py": "__name__ = 'pkg.merged'\n\nclass A:\n    pass\n",
        "pkg/b.py": "__name__ = 'pkg.merged'\n\nclass B:\n    pass\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert "__name__ =" not in result.code
    assert _values(tmp_path, "pkg.merged", "[m.A.__module__, m.B.__module__]") == ["pkg.merged"] * 2
    other = {
        "pkg/a.py": "__name__ = 'decimal'\nA = 1\n",
        "pkg/b.py": "__name__ = 'decimal'\nB = 2\n",
    }
    kept = _merge(tmp_path, other, ["pkg/a.py", "pkg/b.py"])
    assert kept.code.count("__name__ = 'decimal'") == 1


def test_top_level_dels_move_to_the_end_unless_merged_code_still_calls_on_the_name(
    tmp_path: Path,
) -> None:
    files = {
        "pkg/a.py": "import re\nimport sys\n\nWORD = re.compile('w+')\nMAX = sys.maxsize\n\ndel re, sys\n",
        "pkg/b.py": "import sys\n\nBITS = sys.maxsize.bit_length()\n\ndel sys\n\n\ndef size():\n    return MAX\n",
        "pkg/c.py": "import re\n\n\ndef words(text):\n    return re.findall('w+', text)\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py", "pkg/c.py"])
    assert result.code.rstrip().endswith("del sys")
    assert _values(tmp_path, "pkg.merged", "[m.words('a w'), hasattr(m, 'sys'), m.BITS]") == [
        ["w"],
        False,
        sys.maxsize.bit_length(),
    ]


def test_a_del_stays_out_when_a_function_reads_the_name_it_also_reads_at_import_time(
    tmp_path: Path,
) -> None:
    files = {
        "pkg/a.py": "import sys\n\n\ndef limit(default=sys.maxsize):\n    return sys.maxsize\n",
        "pkg/b.py": "import sys\n\nBITS = sys.maxsize.bit_length()\n\ndel sys\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    assert "del sys" not in result.code
    assert _values(tmp_path, "pkg.merged", "m.limit() == m.limit(0) == 2 ** m.BITS - 1") is True


def test_a_merged_module_importing_the_target_itself_keeps_that_import(tmp_path: Path) -> None:
    files = {
        "pkg/merged.py": "A = 1\n",
        "pkg/b.py": "def names():\n    import pkg.merged\n    return sorted(n for n in dir(pkg.merged) if n.isupper())\n",
    }
    result = _merge(tmp_path, files, ["pkg/merged.py", "pkg/b.py"])
    assert "import pkg.merged" in result.code
    assert _values(tmp_path, "pkg.merged", "m.names()") == ["A"]


def test_merging_into_one_of_the_modules_keeps_its_docstring_alone(tmp_path: Path) -> None:
    files = {
        "pkg/a.py": '"""The real module."""\nA = 1\n',
        "pkg/b.py": '"""Split out of pkg.a."""\nB = 2\n',
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/a.py")
    assert result.code.startswith('"""The real module."""\n')
    assert "Split out of" not in result.code


def test_a_computed_all_of_the_target_itself_stays_in_its_body(tmp_path: Path) -> None:
    files = {
        "pkg/merged.py": "import string\n\n__all__ = [n for n in ('A', 'B')] + ['C']\n",
        "pkg/b.py": "__all__ = ['A', 'B']\nA, B = 1, 2\n",
        "pkg/c.py": "__all__ = ['C']\nC = 3\n",
    }
    result = _merge(
        tmp_path, files, ["pkg/merged.py", "pkg/b.py", "pkg/c.py"], into="pkg/merged.py"
    )
    assert result.code.count("__all__ =") == 1
    assert _values(tmp_path, "pkg.merged", "m.__all__") == ["A", "B", "C"]


def test_the_module_name_warning_comes_only_when_definitions_change_module(tmp_path: Path) -> None:
    files = {"pkg/a.py": "def run():\n    return 1\n", "pkg/b.py": "LIMIT = 3\n"}
    changed = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"])
    (warning,) = [w for w in changed.warnings if w.kind is MergeWarningKind.MODULE_NAME_CHANGES]
    assert warning.detail == "pkg.merged instead of pkg.a"  # b defines no class or function
    assert _values(tmp_path, "pkg.merged", "m.run.__module__") == "pkg.merged"
    pinned = {"pkg/a.py": "__name__ = 'pkg.merged'\n\n\ndef run():\n    return 1\n", "pkg/b.py": "LIMIT = 3\n"}
    kept = _merge(tmp_path / "kept", pinned, ["pkg/a.py", "pkg/b.py"])
    assert MergeWarningKind.MODULE_NAME_CHANGES not in {w.kind for w in kept.warnings}
    assert _values(tmp_path / "kept", "pkg.merged", "m.run.__module__") == "pkg.merged"


def test_the_docstrings_a_split_wrote_are_dropped_and_the_modules_own_kept(tmp_path: Path) -> None:
    files = {
        "pkg/core/__init__.py": '"""Core things."""\nfrom ._a import A\nfrom ._b import B\n',
        "pkg/core/_a.py": '"""Split out of `pkg.core` by refactor-tool: A."""\n\nA = 1\n',
        "pkg/core/_b.py": '"""Split out of `pkg.core` by refactor-tool."""\n\nB = 2\n',
    }
    order = ["pkg/core/__init__.py", "pkg/core/_a.py", "pkg/core/_b.py"]
    result = _merge(tmp_path, files, order, into="pkg/other.py")
    assert result.code.startswith('"""Core things."""\n') and "Split out of" not in result.code
    parts = _merge(tmp_path / "parts", files, order[1:], into="pkg/core/merged.py")
    assert '"""' not in parts.code
