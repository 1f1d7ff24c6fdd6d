"""`refactor-tool plan` / `split` end to end: output forms, exit codes, nothing written on errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "split"


@pytest.fixture
def engine(tmp_path: Path) -> Path:
    root = tmp_path / "engine"
    shutil.copytree(FIXTURES / "engine", root)
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_plan_shows_modules_and_writes_nothing(engine: Path) -> None:
    before = _snapshot(engine)
    result = _run("plan", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(engine / "plan.toml"))
    assert result.exit_code == 0, result.stderr
    assert "bitpkg.layers.rms_norm" in result.stdout and "RMSNorm" in result.stdout
    assert _snapshot(engine) == before


def test_plan_json_is_machine_readable(engine: Path) -> None:
    result = _run("plan", str(engine / "bitpkg" / "core_engine.py"), "--max-lines", "60", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["layout"] == "package" and data["max_lines"] == 60 and data["limits"] == []
    assert all(m["lines"] < 60 for m in data["modules"])
    assert sorted(data["moves"]) == sorted(f"bitpkg.core_engine.{n}" for n in data["reexports"])


def test_plan_names_every_file_over_the_limit_and_exits_1(engine: Path) -> None:
    """At 20 lines the package's `__init__` itself cannot fit: the plan says so, with its line count."""
    result = _run("plan", str(engine / "bitpkg" / "core_engine.py"), "--max-lines", "20", "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    over = {f["path"]: f["lines"] for f in data["files"] if f["lines"] is not None and f["lines"] >= 20}
    assert over and {f["path"]: f["actual"] for f in data["limits"] if f["kind"] == "file-too-large"} == over


def test_split_dry_run_prints_diffs_and_writes_nothing(engine: Path) -> None:
    before = _snapshot(engine)
    result = _run("split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(engine / "plan.toml"),
                  "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "+++ b/model/llama.py" in result.stdout and "--- a/core_engine.py" in result.stdout
    assert _snapshot(engine) == before


def test_failed_gate_restores_every_file_and_exits_1(engine: Path) -> None:
    before = _snapshot(engine)
    result = _run("split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(engine / "plan.toml"),
                  "--gate", "exit 1")
    assert result.exit_code == 1
    assert "gate failed" in result.stderr
    assert _snapshot(engine) == before
    assert not (engine / "bitpkg" / "layers").exists()


def test_passing_gate_keeps_the_split_and_rewrites_test_patch_targets(engine: Path) -> None:
    gate = f"cd {engine} && python -m pytest -q -p no:cacheprovider tests"
    result = _run("split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(engine / "plan.toml"),
                  "--gate", gate)
    assert result.exit_code == 0, result.stderr
    assert (engine / "bitpkg" / "model" / "llama.py").is_file()
    assert 'mock.patch("bitpkg.layers.rms_norm.EPS"' in (engine / "tests" / "test_engine.py").read_text()


def test_no_rewrite_tests_leaves_them_and_the_facade_forwards_what_they_patch(engine: Path) -> None:
    gate = f"cd {engine} && python -m pytest -q -p no:cacheprovider tests"
    result = _run("split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(engine / "plan.toml"),
                  "--no-rewrite-tests", "--gate", gate, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tests"] == {"rewritten_files": [], "listed_files": [], "rewrites": []}
    assert list(data["forwarded"]) == ["EPS"] and data["forwarded"]["EPS"].startswith("tests/test_engine.py:")
    assert 'mock.patch("bitpkg.core_engine.EPS"' in (engine / "tests" / "test_engine.py").read_text()
    assert data["gate"]["passed"]


def test_no_rewrite_tests_never_claims_a_rewrite(engine: Path) -> None:
    result = _run("split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(engine / "plan.toml"),
                  "--no-rewrite-tests")
    assert result.exit_code == 0, result.stderr
    assert "rewrote" not in result.stdout + result.stderr
    assert "forwards bitpkg.core_engine.EPS" in result.stderr


def _error(tmp_path: Path, *args: str):
    before = _snapshot(tmp_path)
    result = _run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert _snapshot(tmp_path) == before
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    return lines[0]


def test_syntax_error_is_one_line_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("x = 1\n\ndef broken(:\n    pass\n")
    assert f"{tmp_path / 'bad.py'}:3:" in _error(tmp_path, "split", str(tmp_path / "bad.py"))


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "latin.py").write_bytes(b"x = 1\ns = '\xe9'\n")
    assert f"{tmp_path / 'latin.py'}:2: not UTF-8" in _error(tmp_path, "plan", str(tmp_path / "latin.py"))


@pytest.mark.parametrize("name", ["notes.txt", "folder", "missing.py"])
def test_paths_that_are_not_modules_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "folder").mkdir()
    assert str(tmp_path / name) in _error(tmp_path, "split", str(tmp_path / name))


def test_unknown_symbol_in_plan_names_plan_file_and_line(engine: Path) -> None:
    plan = engine / "bad_plan.toml"
    plan.write_text('[modules]\n"a.py" = ["RMSNorm"]\n"b.py" = ["Nope"]\n')
    line = _error(engine, "split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(plan))
    assert line.startswith(f"error: {plan}:3:") and "'Nope'" in line


def test_plan_with_a_cycle_is_refused_naming_symbols(tmp_path: Path) -> None:
    # Each planned module needs the other while it loads (base classes); uses when called would be bound late.
    (tmp_path / "chain.py").write_text("class Base:\n    pass\n\n\nclass Middle(Base):\n    pass\n\n\n"
                                      "class Top(Middle):\n    pass\n")
    plan = tmp_path / "cycle.toml"
    plan.write_text('[modules]\n"a.py" = ["Base", "Top"]\n"b.py" = ["Middle"]\n')
    line = _error(tmp_path, "split", str(tmp_path / "chain.py"), "--plan", str(plan))
    assert "import cycle" in line and "Middle" in line


def test_plan_breaking_the_line_limit_is_refused(engine: Path) -> None:
    plan = engine / "fat.toml"
    plan.write_text('[split]\nmax-lines = 30\n[modules]\n"all.py" = ["RMSNorm", "BitLinear", "Block"]\n')
    line = _error(engine, "split", str(engine / "bitpkg" / "core_engine.py"), "--plan", str(plan))
    assert "over the limit of 30" in line and ":4:" in line


def test_dirty_git_tree_is_refused_unless_allowed(engine: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=engine, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    (engine / "bitpkg" / "__init__.py").write_text("# changed\n")
    target = str(engine / "bitpkg" / "core_engine.py")
    assert "uncommitted changes" in _error(engine, "split", target, "--max-lines", "60")
    assert _run("split", target, "--max-lines", "60", "--allow-dirty").exit_code == 0


def test_package_layout_refuses_when_the_package_folder_exists(engine: Path) -> None:
    (engine / "bitpkg" / "core_engine").mkdir()
    line = _error(engine, "split", str(engine / "bitpkg" / "core_engine.py"), "--max-lines", "30")
    assert "already exists" in line


def test_nothing_to_split_writes_nothing_and_exits_0(engine: Path) -> None:
    before = _snapshot(engine)
    result = _run("split", str(engine / "bitpkg" / "core_engine.py"))
    assert result.exit_code == 0 and "nothing to split" in result.stdout
    assert _snapshot(engine) == before


def test_split_classes_refusal_names_the_file(tmp_path: Path) -> None:
    fields = "".join(f"    f{i}: int = {i}\n" for i in range(60))
    helpers = "".join(f"\n\ndef g{i}():\n    return {i}\n" for i in range(20))
    (tmp_path / "nt.py").write_text(f"from typing import NamedTuple\n\n\nclass P(NamedTuple):\n{fields}{helpers}")
    line = _error(tmp_path, "split", str(tmp_path / "nt.py"), "--split-classes=mixins", "--max-lines", "40")
    assert f"{tmp_path / 'nt.py'}:4:" in line and "NamedTuple" in line
