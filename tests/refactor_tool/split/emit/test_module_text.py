"""What the generated files contain: exactly the imports each module uses, kept comments and docstring."""

from __future__ import annotations

import ast
import builtins
import textwrap
from pathlib import Path

import pytest

from refactor_tool.split.model import Layout, SplitOptions, WarningKind
from refactor_tool.split.use_case import apply_split, plan_split


def _imported_names(tree: ast.Module) -> set[str]:
    names = set()
    nodes = [*tree.body, *(n for top in tree.body if isinstance(top, ast.If) for n in top.body)]
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            names |= {a.asname or a.name for a in node.names if a.name != "*"}
    return names


def _loaded_names(tree: ast.Module) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _split_kitchen(kitchen, **options):
    """The kitchen runs as a script, so by default it keeps its file (shim); these tests read the package."""
    _, after = kitchen
    options = {"layout": Layout.PACKAGE, "layout_given": True, **options}
    result = apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40, **options))
    return after / "pkg", result


def test_each_new_module_imports_exactly_what_it_uses(kitchen) -> None:
    _, result = _split_kitchen(kitchen)
    for module in result.planned.plan.modules:
        tree = ast.parse(Path(module.path).read_text())
        imported = _imported_names(tree)
        used = _loaded_names(tree)
        assert imported <= used, f"{module.path} imports unused {imported - used}"
        defined = {n for node in tree.body for n in _defs(node)}
        missing = used - imported - defined - set(dir(builtins)) - _locals(tree) - {"__file__", "__name__"}
        assert not missing, f"{module.path} uses undefined {missing}"


def _defs(node: ast.stmt) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} | (
        {node.name} if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else set())


def _locals(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            found |= {a.arg for a in (*node.args.args, *node.args.kwonlyargs)}
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        if isinstance(node, ast.FunctionDef):
            found.add(node.name)
    return found


def test_future_imports_everywhere_docstring_and_comments_kept(kitchen) -> None:
    package, result = _split_kitchen(kitchen)
    for module in result.planned.plan.modules:
        tree = ast.parse(Path(module.path).read_text())
        assert "split out of `pkg.core`" in ast.get_docstring(tree).lower()
        future = tree.body[1]
        assert isinstance(future, ast.ImportFrom) and future.module == "__future__"
    init = (package / "core" / "__init__.py").read_text()
    assert ast.get_docstring(ast.parse(init)) == "A module with every idiom a split must survive."
    texts = "".join(Path(m.path).read_text() for m in result.planned.plan.modules)
    assert "# pragma: no cover" in texts and '"""Rebinds a module global."""' in texts


def test_relative_imports_are_one_level_deeper_in_package_layout(kitchen) -> None:
    package, _ = _split_kitchen(kitchen)
    init = (package / "core" / "__init__.py").read_text()
    assert "from ..util import shout" in init
    users = [p for p in (package / "core").glob("_*.py") if "shout(" in p.read_text()]
    assert users and all("from ..util import shout" in p.read_text() for p in users)


def test_type_checking_block_is_copied_where_its_names_are_used(kitchen) -> None:
    package, result = _split_kitchen(kitchen)
    home = Path(result.planned.plan.moves_map["pkg.core.Widget"].rpartition(".")[0].replace(".", "/") + ".py")
    text = (package.parent / home).read_text()
    assert "if TYPE_CHECKING:\n    from collections.abc import Sequence" in text


def test_file_users_are_rewritten_and_reported(kitchen) -> None:
    _, result = _split_kitchen(kitchen)
    kinds = {w.kind for w in result.planned.plan.warnings}
    assert WarningKind.FILE_REWRITTEN in kinds
    assert any("_ORIGIN_FILE" in Path(m.path).read_text() for m in result.planned.plan.modules)


def test_all_is_kept_identical_in_the_facade(kitchen) -> None:
    package, _ = _split_kitchen(kitchen, layout=Layout.SHIM)
    shim = ast.parse((package / "core.py").read_text())
    original = ast.parse((kitchen[0] / "pkg" / "core.py").read_text())
    def all_of(tree):
        return next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                    and getattr(n.targets[0], "id", "") == "__all__")
    assert all_of(shim) == all_of(original)


def test_star_imports_are_copied_into_every_module(tmp_path: Path) -> None:
    body = "\n\n".join(f"def f{i}():\n    return pi * {i}\n" + "    # pad\n" * 20 for i in range(6))
    path = tmp_path / "stars.py"
    path.write_text(f"from math import *\n\n{body}")
    result = plan_split(path, SplitOptions(max_lines=60))
    assert len(result.plan.modules) >= 2
    assert any(w.kind is WarningKind.STAR_IMPORT for w in result.plan.warnings)
    for change in result.changes:
        if change.after is not None and change.path.name != "__init__.py":
            assert "from math import *" in change.after


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_top_level_module_split_imports_itself_correctly(tmp_path: Path, layout: Layout, run_python) -> None:
    source = textwrap.dedent('''
        """Doc."""
        import re
        WORD = re.compile(r"\\w+")
    ''') + "\n".join(f"def count{i}(text):\n    return len(WORD.findall(text)) + {i}\n" + "    # pad\n" * 25
                     for i in range(4))
    (tmp_path / "words.py").write_text(source)
    apply_split(tmp_path / "words.py", SplitOptions(max_lines=70, layout=layout))
    result = run_python(tmp_path, "import words; print(words.count3('a b c'), words.__doc__)")
    assert result.stdout.split() == ["6", "Doc."], result.stderr
