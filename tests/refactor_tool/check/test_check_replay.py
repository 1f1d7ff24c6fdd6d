"""A repeated `refactor-check` replayed from stat data (check/replay.py, cli/check_entry.py): replayed when
nothing it depended on changed, with the answer a full run gives; run in full after each kind of change,
and then giving what `--no-cache` gives. A stale replayed answer would be worse than a slow one.

The runs go through the program's own entry point in this process, with the clock's racy window at zero
(the files these tests write are seconds old at most; a real run leaves no record for them).
"""

from __future__ import annotations

import json
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from check_support import git, make_repo, write

from refactor_tool.check import replay, stamps
from refactor_tool.cli import check_entry


class Runs:
    """`refactor-check ARGS` as the installed program runs it: (exit code, stdout, whether it was replayed)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch, self.capsys = monkeypatch, capsys
        self.replays: list[bool] = []
        found = replay.replayed
        monkeypatch.setattr(replay, "replayed", lambda argv, cwd: self._seen(found(argv, cwd)))
        monkeypatch.setattr(replay, "_RACY_NS", 0)

    def _seen(self, answer: replay.Replay | None) -> replay.Replay | None:
        self.replays.append(answer is not None)
        return answer

    def __call__(self, cwd: Path, *args: str) -> tuple[int, str, bool]:
        self.monkeypatch.chdir(cwd)
        self.monkeypatch.setattr(sys, "argv", ["refactor-check", *args])
        self.capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            check_entry.main()
        return int(exited.value.code or 0), _untimed(self.capsys.readouterr().out), self.replays[-1]


def _untimed(output: str) -> str:
    output = re.sub(r'"seconds": [0-9.]+', '"seconds": 0', output)
    return re.sub(r" checked in [0-9.]+ s$", " checked in _ s", output, flags=re.MULTILINE)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runs:
    return Runs(monkeypatch, capsys)


NO_GATE = ("--no-gate", "--format", "json")


def test_a_repeated_run_is_replayed_with_the_answer_a_full_run_gives(tmp_path: Path, runs: Runs) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/big.py", "x = 1\n" * 30)  # a failing finding: exit 1 replayed too
    first = runs(repo, *NO_GATE, "--max-lines", "20")
    assert first[0] == 1 and not first[2]
    assert "file-too-large" in [f["kind"] for f in json.loads(first[1])["findings"]]
    again = runs(repo, *NO_GATE, "--max-lines", "20")
    assert again == (first[0], first[1], True)
    concise = runs(repo, "--no-gate", "--max-lines", "20")
    assert not concise[2] and "pkg/big.py:20: file-too-large" in concise[1]
    assert runs(repo, "--no-gate", "--max-lines", "20") == (*concise[:2], True)


def _append_lines(repo: Path) -> None:
    write(repo, "pkg/core.py", (repo / "pkg/core.py").read_text() + "# more\n" * 30)


def _same_size_edit(repo: Path) -> None:
    text = (repo / "pkg/core.py").read_text()
    write(repo, "pkg/core.py", text.replace("import click", "import clack"))


def _add_module(repo: Path) -> None:
    write(repo, "pkg/extra.py", "import requests\n")


def _delete_module(repo: Path) -> None:
    (repo / "tests/test_core.py").unlink()


def _fill_empty_folder(repo: Path) -> None:
    write(repo, "pkg/empty/mod.py", "import requests\n")


def _fill_folder_of_ignored_files(repo: Path) -> None:
    write(repo, "pkg/logs/mod.py", "import requests\n")


def _unignore(repo: Path) -> None:
    write(repo, ".gitignore", "*.log\n")


def _configure(repo: Path) -> None:
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace("[tool.refactor_tool]\n", "[tool.refactor_tool]\nmax-new-files = 0\n"))


def _commit(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "more")


def _exclude_in_git_folder(repo: Path) -> None:
    write(repo, ".git/info/exclude", "pkg/new_file.py\n")


CHANGES: dict[str, Callable[[Path], None]] = {
    "a file edited": _append_lines,
    "a file edited, its size kept": _same_size_edit,
    "a file added": _add_module,
    "a file deleted": _delete_module,
    "a file added to an empty folder": _fill_empty_folder,
    "a file added to a folder holding only ignored files": _fill_folder_of_ignored_files,
    "a .gitignore edited": _unignore,
    "the configuration edited": _configure,
    "a commit (HEAD moved)": _commit,
    "git's own exclude file edited": _exclude_in_git_folder,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_each_change_is_seen_and_the_full_run_agrees_with_an_uncached_one(
        tmp_path: Path, runs: Runs, change: Callable[[Path], None]) -> None:
    repo = make_repo(tmp_path)
    write(repo, ".gitignore", "*.log\npkg/hidden.py\n")
    write(repo, "pkg/hidden.py", "import requests\n")
    write(repo, "pkg/logs/run.log", "ignored\n")
    (repo / "pkg/empty").mkdir()
    write(repo, "pkg/new_file.py", "from pkg.core import public_function\n")  # new against HEAD
    runs(repo, *NO_GATE, "--max-lines", "8")
    before = runs(repo, *NO_GATE, "--max-lines", "8")
    assert before[2]
    change(repo)
    after = runs(repo, *NO_GATE, "--max-lines", "8")
    assert not after[2]
    assert after[1] != before[1]  # each change here changes the answer: a replay would have been stale
    uncached = runs(repo, *NO_GATE, "--max-lines", "8", "--no-cache")
    assert after[:2] == uncached[:2]
    assert runs(repo, *NO_GATE, "--max-lines", "8")[1:] == (after[1], True)  # recorded anew


def test_staging_a_file_is_seen_by_a_staged_run(tmp_path: Path, runs: Runs) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/extra.py", "import requests\n")
    first = runs(repo, "--staged", *NO_GATE)
    assert runs(repo, "--staged", *NO_GATE)[2]
    git(repo, "add", "pkg/extra.py")
    staged = runs(repo, "--staged", *NO_GATE)
    assert not staged[2] and staged[1] != first[1]
    assert "requests" in staged[1]


def test_an_installed_distribution_or_an_edit_of_the_tool_is_seen(tmp_path: Path, runs: Runs,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    code = tmp_path / "tool"  # the tool's package, as the stamps see it
    for folder in ("check", "io", "api", "roadmap", "syntax"):
        write(code, f"{folder}/__init__.py", "")
    write(code, "render/module.py", "x = 1\n")
    monkeypatch.setattr(stamps, "_PACKAGE", str(code))
    runs(repo, *NO_GATE)
    assert runs(repo, *NO_GATE)[2]
    (site / "requests-2.0.dist-info").mkdir()
    assert not runs(repo, *NO_GATE)[2]
    runs(repo, *NO_GATE)
    assert runs(repo, *NO_GATE)[2]
    write(code, "render/module.py", "x = 2\n")
    assert not runs(repo, *NO_GATE)[2]


def test_another_command_line_folder_or_root_is_not_replayed(tmp_path: Path, runs: Runs) -> None:
    repo = make_repo(tmp_path)
    runs(repo, *NO_GATE)
    assert not runs(repo, *NO_GATE, "--max-lines", "3")[2]
    assert not runs(repo / "pkg", *NO_GATE)[2]
    assert runs(repo / "pkg", *NO_GATE)[2]
    write(repo, "pkg/pyproject.toml", "[project]\nname = 'inner'\nversion = '0'\n")  # now pkg/ is the root
    inner = runs(repo / "pkg", *NO_GATE)
    assert not inner[2] and json.loads(inner[1])["root"] == str((repo / "pkg").resolve())


def test_an_interrupted_split_is_announced_not_replayed(tmp_path: Path, runs: Runs) -> None:
    repo = make_repo(tmp_path)
    runs(repo, *NO_GATE)
    assert runs(repo, *NO_GATE)[2]
    write(tmp_path, ".refactor_tool/journal/pending.json", "{}")  # above the root: none of its folders
    assert not runs(repo, *NO_GATE)[2]


@pytest.mark.parametrize("args", [("--no-cache", *NO_GATE), ("--base", "HEAD", *NO_GATE),
                                  ("--format", "json"), ("--no-gate", "--format", "github")],
                         ids=["no cache", "a base named", "the gate ran", "github annotations"])
def test_runs_that_may_not_be_replayed_leave_no_record(tmp_path: Path, runs: Runs, args: tuple[str, ...]) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pyproject.toml", (repo / "pyproject.toml").read_text().replace(
        "tests -p", "tests -o addopts= -p"))  # the gate: the demo's one test
    runs(repo, *args)
    assert not runs(repo, *args)[2]


def test_a_file_changed_while_the_run_read_it_leaves_no_record(tmp_path: Path, runs: Runs,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    monkeypatch.setattr(replay, "_RACY_NS", 10**12)  # every file counts as just changed
    runs(repo, *NO_GATE)
    assert not runs(repo, *NO_GATE)[2]
    assert not list((repo / ".refactor_tool_cache").glob("replay-*.marshal"))


def test_outside_git_nothing_is_recorded(tmp_path: Path, runs: Runs) -> None:
    project = tmp_path / "plain"
    write(project, "pyproject.toml", "[project]\nname = 'plain'\nversion = '0'\n")
    write(project, "plain/__init__.py", "")
    runs(project, *NO_GATE)
    assert not runs(project, *NO_GATE)[2]


def test_an_edit_of_a_git_ignored_module_inside_a_package_is_seen(tmp_path: Path, runs: Runs) -> None:
    from test_check_cache_keys import _with_ignored_module

    repo = _with_ignored_module(tmp_path)
    runs(repo, *NO_GATE)
    before = runs(repo, *NO_GATE)
    assert before[0] == 0 and before[2]
    write(repo, "pkg/_generated.py", "def generated(value):\n    return value\n")
    after = runs(repo, *NO_GATE)
    assert after[0] == 1 and not after[2] and "pkg.generated" in after[1]


def test_a_commit_in_a_linked_work_tree_is_seen(tmp_path: Path, runs: Runs) -> None:
    """A linked work tree's `.git` is a file naming its git folder; its branch's ref is in the shared one."""
    repo = make_repo(tmp_path)
    git(repo, "worktree", "add", "-q", "-b", "other", str(tmp_path / "linked"))
    linked = tmp_path / "linked"
    write(linked, "pkg/new_file.py", "from pkg.core import public_function\n")
    before = runs(linked, *NO_GATE)
    assert runs(linked, *NO_GATE)[2]
    git(linked, "add", "-A")
    git(linked, "commit", "-qm", "a new file")
    after = runs(linked, *NO_GATE)
    assert not after[2] and after[1] != before[1]


def test_a_damaged_record_is_answered_by_the_full_command(tmp_path: Path, runs: Runs) -> None:
    repo = make_repo(tmp_path)
    first = runs(repo, *NO_GATE)
    (record,) = (repo / ".refactor_tool_cache").glob("replay-*.marshal")
    data = marshal.loads(record.read_bytes())
    record.write_bytes(marshal.dumps({"key": data["key"], "files": 3}))
    assert runs(repo, *NO_GATE) == (first[0], first[1], False)
    (record,) = (repo / ".refactor_tool_cache").glob("replay-*.marshal")  # recorded anew
    record.write_bytes(record.read_bytes()[:40])  # cut short
    assert runs(repo, *NO_GATE) == (first[0], first[1], False)
