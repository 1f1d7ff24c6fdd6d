"""Errors at the edges, for every command: one line naming the file, exit 2, nothing changed; and
`--version` on every entry point and command group."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import file_system_error, main
from refactor_tool.cli.check import main as check_main

MODULE = "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(30))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _one_line_error(result, path: Path | str) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    assert str(path) in lines[0]
    return lines[0]


@contextlib.contextmanager
def _unwritable(path: Path) -> Iterator[None]:
    """`path` (a folder or a file) the file system refuses to change: chmod, or for root `chattr +i`."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("root, and chattr +i is not available here: nothing makes a path unwritable")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("command", "unwritable"),
    [
        (("split", "{mod}", "--max-lines", "20"), "{dir}"),
        (("split", "{mod}", "--max-lines", "20", "--layout", "shim"), "{dir}"),
        (("split", "{mod}", "--max-lines", "20", "--layout", "shim"), "{mod}"),
        (("merge", "{dir}/a.py", "{dir}/b.py", "--into", "{dir}/merged.py"), "{dir}"),
        (("merge", "{dir}/a.py", "{dir}/b.py", "--into", "{dir}/merged.py", "--delete-sources"), "{dir}/b.py"),
        (("api", "snapshot", "{mod}", "--output", "{dir}/surface.json"), "{dir}"),
    ],
)
def test_a_path_the_file_system_refuses_is_one_line_and_changes_nothing(
    tmp_path: Path, command: tuple[str, ...], unwritable: str
) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "mod.py").write_text(MODULE)
    (folder / "a.py").write_text("from b import helper\n\n\ndef run():\n    return helper()\n")
    (folder / "b.py").write_text("def helper():\n    return 1\n")
    names = {"mod": str(folder / "mod.py"), "dir": str(folder)}
    before = _snapshot(tmp_path)
    target = Path(unwritable.format(**names))
    with _unwritable(target):
        result = _run(*(part.format(**names) for part in command))
    _one_line_error(result, target)
    assert _snapshot(tmp_path) == before


def test_a_read_only_folder_is_one_line_from_a_real_process(tmp_path: Path) -> None:
    """The installed command, in its own process: no traceback, exit 2."""
    program = shutil.which("refactor-tool")
    if program is None:
        pytest.skip("refactor-tool is not installed as a command")
    (tmp_path / "mod.py").write_text(MODULE)
    with _unwritable(tmp_path):
        done = subprocess.run([program, "split", "mod.py", "--max-lines", "20", "--layout", "shim"], cwd=tmp_path,
                              capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()  # the folder, or the journal folder the split makes in it
    assert line.startswith(f"error: {tmp_path}") and line.endswith(os.strerror(1 if os.geteuid() == 0 else 13))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mod.py"]


def test_an_unreadable_source_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mod.py"
    path.write_text(MODULE)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    for command in (("plan", str(path)), ("split", str(path)), ("api", "snapshot", str(path)),
                    ("merge", str(path), str(path.with_name("b.py")), "--into", str(tmp_path / "m.py"))):
        path.with_name("b.py").write_text("B = 1\n")
        assert "cannot read: permission denied" in _one_line_error(_run(*command), path)


@pytest.mark.parametrize(
    ("command", "files", "named"),
    [
        (("api", "diff", "{root}/old.json", "{root}/mod.py"), {"old.json": b"\xff\xfe{}"}, "old.json"),
        (("api", "diff", "{root}/nope.json", "{root}/mod.py"), {}, "nope.json"),
        (("split", "{root}/mod.py", "--plan", "{root}/nope.toml"), {}, "nope.toml"),
        (("plan", "{root}/latin.py"), {"latin.py": b"A = 1\nB = '\xe9'\n"}, "latin.py:2"),
        (("api", "snapshot", "{root}/pkg"), {"pkg/__init__.py": b"", "pkg/m.py": b"# coding: klingon\n"}, "m.py:1"),
    ],
)
def test_bad_input_files_are_one_line_naming_them(
    tmp_path: Path, command: tuple[str, ...], files: dict[str, bytes], named: str
) -> None:
    (tmp_path / "mod.py").write_text(MODULE)
    for relative, data in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(data)
    result = _run(*(part.format(root=tmp_path) for part in command))
    _one_line_error(result, named)


def test_refactor_check_counts_files_in_any_encoding(tmp_path: Path) -> None:
    """refactor-check scans bytes (its own reader, made for speed): no file's encoding stops it."""
    (tmp_path / "pyproject.toml").write_text("[tool.refactor_tool]\nmax-lines = 3\n")
    (tmp_path / "latin.py").write_bytes(b"# coding: latin-1\nA = '\xe9'\n")
    (tmp_path / "bad.py").write_bytes(b"A = 1\nB = '\xe9'\nC = 3\nD = 4\n")
    result = CliRunner().invoke(check_main, ["--root", str(tmp_path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 1 and "bad.py" in result.stdout and "latin.py" not in result.stdout


def test_file_system_errors_name_the_place_to_act_on() -> None:
    staged = PermissionError(1, "Operation not permitted", "/srv/pkg/.core.py.x1.refactor-tmp")
    assert file_system_error(staged).one_line() == (
        "/srv/pkg: cannot write a file in this folder: Operation not permitted"
    )
    renamed = PermissionError(1, "Operation not permitted", "/srv/pkg/.core.py.x1.refactor-tmp", None, "/srv/pkg/core.py")
    assert file_system_error(renamed).one_line() == "/srv/pkg/core.py: the file system refused: Operation not permitted"


@pytest.mark.parametrize("group", [(), ("api",), ("roadmap",), ("phase",)])
def test_every_command_group_has_version(group: tuple[str, ...]) -> None:
    result = _run(*group, "--version")
    assert (result.exit_code, result.stdout) == (0, "refactor-tool, version 0.1.0\n")


def test_refactor_check_has_version() -> None:
    result = CliRunner().invoke(check_main, ["--version"])
    assert (result.exit_code, result.stdout) == (0, "refactor-check, version 0.1.0\n")
    program = shutil.which("refactor-check")
    if program is not None:
        done = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
        assert (done.returncode, done.stdout) == (0, textwrap.dedent("refactor-check, version 0.1.0\n"))
