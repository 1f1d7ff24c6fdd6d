"""Calls written against 0.1's flat `refactor_tool` namespace (cabf66d, before the reorganisation) still work.

New parameters and dataclass fields go at the end with a default, so old positional and keyword calls
mean what they meant; an old value of a changed type (`split_classes=True`) still works, with a
DeprecationWarning.
"""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import pytest

import refactor_tool
from refactor_tool import Layout, SplitOptions, apply_split, plan_split

#: 0.1's callables: (positional-or-keyword parameters in order, keyword-only parameters). `run_checks`
#: (0.1: run_checks(root, *, max_lines=None), now run_checks(options)) is called both ways in the check
#: feature's tests.
OLD_SIGNATURES = {
    "CheckResult": (("root", "files_checked", "findings"), ()),
    "CheckFailed": (("message",), ("path", "line")),
    "ConfigError": (("message",), ("path", "line")),
    "DiffResult": (("diff", "allow_file", "probed", "old_spec", "new_spec"), ()),
    "GitError": (("message",), ("path", "line")),
    "InputError": (("message",), ("path", "line")),
    "MergeOutcome": (("result", "written", "deleted", "diff", "importers"), ()),
    "PlanError": (("message",), ("path", "line")),
    "RefactorToolError": (("message",), ("path", "line")),
    "SnapshotResult": (("surface", "written", "notes", "document"), ()),
    "SplitOptions": (
        ("max_lines", "max_new_files", "plan_path", "layout", "keep_module_name", "split_classes",
         "dry_run", "gate", "allow_dirty", "rewrite_tests", "layout_given", "limits_given", "spec"),
        (),
    ),
    "SplitPlanResult": (("plan", "changes", "mro_changes"), ()),
    "SplitResult": (("planned", "written", "diffs", "dry_run", "gate", "tests"), ()),
    "api_diff": (("old", "new"), ("use_import", "config", "cwd")),
    "apply_split": (("path", "options"), ()),
    "merge": (("paths", "into"), ("dry_run", "delete_sources")),
    "moved_names": (("path", "options"), ()),
    "plan_split": (("path", "options"), ()),
    "take_snapshot": (("package",), ("output", "use_import", "cwd")),
}

OLD_NAMES = ["Layout", "run_checks", *OLD_SIGNATURES]


@pytest.mark.parametrize("name", sorted(OLD_NAMES))
def test_every_old_name_is_still_exported(name: str) -> None:
    assert name in refactor_tool.__all__
    assert getattr(refactor_tool, name) is not None


@pytest.mark.parametrize("name", sorted(OLD_SIGNATURES))
def test_an_old_call_binds_every_argument_to_the_same_parameter(name: str) -> None:
    """Each old argument, passed positionally or by keyword as 0.1 allowed, lands where it did."""
    positional, keyword_only = OLD_SIGNATURES[name]
    signature = inspect.signature(getattr(refactor_tool, name))
    bound = signature.bind(*positional, **{k: k for k in keyword_only})
    assert {k: v for k, v in bound.arguments.items()} == {n: n for n in (*positional, *keyword_only)}
    by_keyword = signature.bind(**{n: n for n in (*positional, *keyword_only)})
    assert by_keyword.arguments == bound.arguments


def _module_with_a_huge_class(root: Path) -> Path:
    methods = "".join(f"    def m{i}(self):\n" + "        x = 1\n" * 8 + f"        return {i}\n\n" for i in range(30))
    path = root / "big.py"
    path.write_text(f"class Big:\n    '''Many methods.'''\n\n{methods}\n\ndef use():\n    return Big().m29()\n")
    return path


def test_old_positional_options_mean_what_they_meant(tmp_path: Path) -> None:
    path = _module_with_a_huge_class(tmp_path)
    before = path.read_bytes()
    # max_lines, max_new_files, plan_path, layout, keep_module_name, split_classes, dry_run, gate, allow_dirty
    with pytest.warns(DeprecationWarning, match="split_classes=ClassSplitMode.MIXINS"):
        options = SplitOptions(120, 15, None, Layout.SHIM, False, True, True, None, True)
    assert (options.layout, options.keep_module_name, options.dry_run, options.allow_dirty) == (
        Layout.SHIM, False, True, True)
    assert options.split_classes is refactor_tool.ClassSplitMode.MIXINS
    result = apply_split(path, options)
    assert result.dry_run and result.written == () and path.read_bytes() == before
    assert [change.split(" ", 1)[0] for change in result.planned.mro_changes] == ["Big"]  # strings, as in 0.1
    assert all(isinstance(change, str) for change in result.planned.mro_changes)
    assert [change.name for change in result.planned.changed_classes] == ["Big"]


def test_split_classes_false_still_leaves_classes_whole(tmp_path: Path) -> None:
    path = _module_with_a_huge_class(tmp_path)
    with pytest.warns(DeprecationWarning, match="split_classes=ClassSplitMode.NONE"):
        options = SplitOptions(max_lines=120, layout=Layout.SHIM, split_classes=False)
    planned = plan_split(path, options)
    assert planned.mro_changes == () and planned.changed_classes == ()
    assert any("Big" in w.message and "cannot get under" in w.message for w in planned.plan.warnings)


def test_the_new_values_warn_about_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert SplitOptions(split_classes=refactor_tool.ClassSplitMode.NONE).verify is True
        assert SplitOptions(split_classes="mixins").split_classes is refactor_tool.ClassSplitMode.MIXINS
