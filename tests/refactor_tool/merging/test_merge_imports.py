"""Imports in a merge: internal ones dissolved, relative ones re-aimed, the rest deduplicated and grouped."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from refactor_tool.errors import PlanError
from refactor_tool.merging import MergeResult, SourceModule, merge_modules, module_name


def _merge(root: Path, files: dict[str, str], order: list[str], into: str) -> MergeResult:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    sources = [SourceModule(root / p, module_name(root / p), (root / p).read_text()) for p in order]
    result = merge_modules(sources, into=root / into, into_name=module_name(root / into))
    (root / into).write_text(result.code, encoding="utf-8")
    return result


def _import_block(code: str) -> str:
    lines = code.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
    end = max(i for i, line in enumerate(lines) if line.startswith(("import ", "from ", ")")))
    return "\n".join(lines[start : end + 1])


PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/util.py": "def double(x):\n    return 2 * x\n",
    "pkg/sub/__init__.py": "",
}


def test_relative_imports_are_reaimed_from_the_new_depth(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/sub/a.py": "from ..util import double\nfrom .b import B\nA = double(B)\n",
        "pkg/sub/b.py": "B = 21\n",
    }
    result = _merge(tmp_path, files, ["pkg/sub/a.py", "pkg/sub/b.py"], into="pkg/merged.py")
    assert "from .util import double" in result.code
    done = subprocess.run(
        [sys.executable, "-c", "import pkg.merged as m; print(m.A)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "42"


def test_lazy_import_inside_a_function_is_dropped_and_body_stays_valid(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/a.py": "def load():\n    from pkg.b import B\n\ndef value():\n    from pkg.b import B\n    return B\n",
        "pkg/b.py": "B = 5\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")
    assert "def load():\n    pass\n" in result.code
    assert "import" not in result.code


def test_a_merged_module_used_as_an_object_is_refused(tmp_path: Path) -> None:
    files = {**PACKAGE, "pkg/a.py": "from pkg import b\nNAMES = dir(b)\n", "pkg/b.py": "B = 1\n"}
    with pytest.raises(PlanError, match="module object"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")


def test_a_package_reexport_of_a_merged_name_counts_as_internal(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/sub/__init__.py": "from pkg.sub.b import B\n",
        "pkg/sub/a.py": "from pkg.sub import B\nA = B + 1\n",
        "pkg/sub/b.py": "B = 1\n",
    }
    result = _merge(tmp_path, files, ["pkg/sub/a.py", "pkg/sub/b.py"], into="pkg/merged.py")
    assert "import" not in result.code


def test_one_local_name_bound_to_two_things_is_refused(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/a.py": "from os.path import join\nA = join('a', 'b')\n",
        "pkg/b.py": "from shlex import join\nB = join(['a'])\n",
    }
    with pytest.raises(PlanError, match=r"`join` means different things in pkg\.a and pkg\.b"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")


def test_an_import_shadowing_a_definition_of_another_module_is_refused(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/a.py": "from typing import Any\nX: Any = 1\n",
        "pkg/b.py": "Any = object\n",
    }
    with pytest.raises(PlanError, match=r"`Any` is imported in pkg\.a but defined in pkg\.b"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")


def test_imports_are_deduplicated_joined_and_grouped_like_isort(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/a.py": "import rich\nimport os\nfrom typing import Any\nfrom pkg.util import double\n"
        "A: Any = (os, rich, double)\n",
        "pkg/b.py": "import os\nimport os.path\nfrom typing import Optional  # for B\nfrom typing import Any\n"
        "B: Optional[Any] = os.path\n",
        "pkg/c.py": "from typing import Callable\nC: Callable = print\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py", "pkg/c.py"], into="pkg/merged.py")
    assert _import_block(result.code) == (
        "import os\nimport os.path\nfrom typing import Any, Callable\n"
        "from typing import Optional  # for B\n\nimport rich\n\nfrom pkg.util import double"
    )


def test_long_joined_imports_are_wrapped(tmp_path: Path) -> None:
    names = [f"name_number_{i}" for i in range(8)]
    files = {
        **PACKAGE,
        "pkg/util.py": "".join(f"{n} = {i}\n" for i, n in enumerate(names)),
        "pkg/a.py": f"from pkg.util import {', '.join(names[:4])}\nA = {' + '.join(names[:4])}\n",
        "pkg/b.py": f"from pkg.util import {', '.join(names[4:])}\nB = {' + '.join(names[4:])}\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")
    assert "from pkg.util import (\n" + "".join(f"    {n},\n" for n in names) + ")" in result.code
    assert max(len(line) for line in result.code.splitlines()) <= 100


def test_a_function_assigning_a_merged_module_attribute_is_refused(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/a.py": "COUNT = 0\n",
        "pkg/b.py": "from pkg import a\n\n\ndef bump():\n    a.COUNT += 1\n",
    }
    with pytest.raises(PlanError, match=r"a function assigns `a\.COUNT`"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")


def test_a_module_level_rebinding_of_another_modules_name_is_refused_as_a_clash(
    tmp_path: Path,
) -> None:
    """`a.COUNT = 5` becomes `COUNT = 5`: a second definition, which merge refuses rather than order."""
    files = {**PACKAGE, "pkg/a.py": "COUNT = 0\n", "pkg/b.py": "from pkg import a\n\na.COUNT = 5\n"}
    with pytest.raises(PlanError, match=r"`COUNT` in pkg\.a, pkg\.b"):
        _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")


def test_a_comment_above_a_mid_module_import_stays_with_the_code_below(tmp_path: Path) -> None:
    files = {
        **PACKAGE,
        "pkg/a.py": "# about the imports\nimport os\n\nA = os.sep\n\n# why junk matters\nimport re\n\n"
        "def junk(s):\n    return re.sub('x', '', s)\n",
        "pkg/b.py": "B = 1\n",
    }
    result = _merge(tmp_path, files, ["pkg/a.py", "pkg/b.py"], into="pkg/merged.py")
    assert "# about the imports\nimport os\nimport re\n" in result.code
    assert "# why junk matters\ndef junk(s):" in result.code
