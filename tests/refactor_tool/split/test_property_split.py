"""Property: for generated modules, the split package defines the same names with the same values and behaviour.

A hand-written strategy builds modules of constants, functions, classes and import-time calls that depend
on each other (the dependencies a planner must respect); hypothesmith's arbitrary programs check that the
tool never crashes or writes invalid Python on syntax it has never seen.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import hypothesmith
from click.testing import CliRunner
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from refactor_tool.cli import main

PROBE = """
import importlib, inspect, json, sys
module = importlib.import_module(sys.argv[1])
report = {}
for name in sorted(vars(module)):
    value = getattr(module, name)
    if name.startswith("__"):
        continue
    if inspect.isclass(value):
        obj = value(2)
        report[name] = ["class", [c.__name__ for c in value.__mro__], obj.run(3), value.ATTR]
    elif callable(value):
        report[name] = ["function", [value(x) for x in range(3)]]
    elif isinstance(value, int):
        report[name] = ["value", value]
print(json.dumps({"names": report, "all": getattr(module, "__all__", None)}))
"""


@st.composite
def modules(draw: st.DrawFn) -> str:
    """A module whose statements depend on earlier ones at import time and on any function when called."""
    lines = [
        '"""A generated module."""',
        "",
        "from __future__ import annotations",
        "",
        "import math",
        "",
    ]
    constants: list[str] = []
    functions: list[str] = []
    classes: list[str] = []
    for index in range(draw(st.integers(min_value=4, max_value=14))):
        kind = draw(st.sampled_from(["constant", "function", "class", "call", "private"]))
        if kind == "constant" or not constants:
            name = f"C{index}"
            base = draw(st.sampled_from(constants)) if constants and draw(st.booleans()) else "0"
            lines += [f"{name} = {base} + {draw(st.integers(-50, 50))}", ""]
            constants.append(name)
        elif kind in ("function", "private"):
            name = f"{'_' if kind == 'private' else ''}f{index}"
            const = draw(st.sampled_from(constants))
            callee = (
                f" + {draw(st.sampled_from(functions))}(x)"
                if functions and draw(st.booleans())
                else ""
            )
            lines += [
                f"def {name}(x):",
                f'    """Function {index}."""',
                f"    y = x * {const}{callee}",
                "    return int(math.copysign(y, 1))",
                "",
                "",
            ]
            functions.append(name)
        elif kind == "class":
            name = f"K{index}"
            base = draw(st.sampled_from(classes)) if classes and draw(st.booleans()) else "object"
            use = draw(st.sampled_from(functions)) + "(x)" if functions else "x"
            lines += [
                f"class {name}({base}):",
                f"    ATTR = {draw(st.sampled_from(constants))}",
                "",
                "    def __init__(self, k):",
                "        self.k = k",
                "",
                "    def run(self, x):",
                f"        return self.k * {use} + self.ATTR",
                "",
                "",
            ]
            classes.append(name)
        elif functions:
            lines += [
                f"T{index} = {draw(st.sampled_from(functions))}({draw(st.integers(0, 5))})",
                "",
            ]
    if draw(st.booleans()):
        public = [n for n in (*constants, *functions, *classes) if not n.startswith("_")]
        lines += [f"__all__ = {sorted(public)!r}", ""]
    return "\n".join(lines)


def _probe(root: Path, module: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _split(path: Path, *options: str) -> int:
    """The exit code; 1 only when a limit was not met (the split is written, each such file named)."""
    result = CliRunner().invoke(main, ["split", str(path), *options], catch_exceptions=False)
    assert result.exit_code != 1 or "limit(s) not met" in result.stdout, result.output
    return result.exit_code


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=modules(), layout=st.sampled_from(["package", "shim"]))
def test_split_keeps_names_values_and_behaviour(source: str, layout: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "gen.py").write_text(source, encoding="utf-8")
        before = _probe(root, "gen")
        max_lines = max(30, len(source.splitlines()) // 5)
        assert _split(root / "gen.py", "--layout", layout, "--max-lines", str(max_lines)) in (0, 1)
        files = len(list(root.rglob("*.py")))
        event(f"{files} files")
        assert files > 1 or len(source.splitlines()) < max_lines
        assert _probe(root, "gen") == before


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=modules())
def test_split_then_merge_back_keeps_names_values_and_behaviour(source: str) -> None:
    """`merge` undoes a package split: one `gen.py` again, behaving as the generated original did."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "gen.py").write_text(source, encoding="utf-8")
        before = _probe(root, "gen")
        assert (
            _split(root / "gen.py", "--max-lines", str(max(30, len(source.splitlines()) // 5))) in (0, 1)
        )
        pieces = sorted(str(p) for p in (root / "gen").glob("*.py"))
        args = ["merge", *pieces, "--into", str(root / "gen.py"), "--delete-sources"]
        if len(pieces) > 1:
            assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
        assert sorted(p.name for p in root.glob("*.py")) == ["gen.py"] or len(pieces) == 1
        assert _probe(root, "gen") == before


def _top_level_names(source: str | bytes) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _files(root: Path) -> dict[Path, bytes]:
    """Every file under `root`, as bytes (`read_text` would turn a lone "\\r" into "\\n")."""
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _assert_valid_and_complete(source: bytes, files: dict[Path, bytes]) -> None:
    """Valid Python everywhere, still defining every top-level function and class of `source`."""
    with warnings.catch_warnings():  # generated code may say `x is 1`: fine, only syntax matters here
        warnings.simplefilter("ignore", SyntaxWarning)
        for file, data in files.items():
            if file.suffix == ".py":
                compile(data, str(file), "exec")
    defined = set().union(*(_top_level_names(d) for f, d in files.items() if f.suffix == ".py"))
    assert _top_level_names(source) <= defined


def _verification_refusal(output: str) -> str | None:
    """How the verification refused to land the split (exit 1, nothing left written), if it did."""
    if "cannot verify" in output and "nothing written" in output:
        return "cannot verify"
    if "verification failed" in output and "every file restored" in output:
        return "verification failed"
    return None


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(source=hypothesmith.from_node())
@example(source="".join(f"def f{i}():\r    return {i}\r\r\r" for i in range(5)))  # lone "\r" ends
@example(source="".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(5)) + "raise ValueError\n")
def test_arbitrary_programs_are_split_or_refused_never_broken(source: str) -> None:
    """Exit 0 (or 1: a limit not met) with valid Python that still defines every top-level function and
    class; or refused with every byte as it was: exit 2 (bad input), or exit 1 from the verification,
    "cannot verify" (the generated program raises when imported: no original to compare with) or
    "verification failed" (every file restored). After a refusal by the verification the split itself is
    still checked, with `--no-verify`."""
    data = source.encode("utf-8")
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        path = root / "gen.py"
        path.write_bytes(data)
        options = ["split", str(path), "--max-lines", "10", "--max-new-files", "15"]
        result = CliRunner().invoke(main, options, catch_exceptions=False)
        refusal = _verification_refusal(result.output) if result.exit_code == 1 else None
        event(refusal or f"exit code {result.exit_code}")
        assert result.exit_code in (0, 1, 2), result.output
        if result.exit_code == 2 or refusal:
            assert _files(root) == {path: data}, result.output
        if result.exit_code == 2:
            return
        if refusal:
            result = CliRunner().invoke(main, [*options, "--no-verify"], catch_exceptions=False)
            assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:  # a limit not met: the split is written all the same
            assert "limit(s) not met" in result.output, result.output
            assert _files(root) != {path: data}, result.output
        _assert_valid_and_complete(data, _files(root))
