"""Taking snapshots: the probe's descriptions (in-process), reading its answers (fake port), finding importers."""

from __future__ import annotations

import threading
import types
from pathlib import Path

from verify_fakes import FakeInterpreter, answer, module_line

from refactor_tool.split import verify_probe
from refactor_tool.split.verify import UNSTEADY, ComparisonRules, DifferenceKind, NameFacts
from refactor_tool.split.verify_run import (
    Subject,
    find_subject,
    take_original_snapshot,
    take_snapshot,
    verify_split,
)

SUBJECT = Subject("pkg.core", ("/project",), ("pkg.app",))
CORE = Path("/project/pkg/core.py")
WIDGET = {"type": "builtins.type", "module": "pkg.core", "qualname": "Widget", "signature": "()",
          "mro": ["pkg.core.Widget", "builtins.object"]}


def _module(source: str, name: str = "pkg.core") -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(source, f"<{name}>", "exec", dont_inherit=True), module.__dict__)
    return module


def test_the_probe_describes_types_modules_signatures_and_mros() -> None:
    module = _module(
        "_MISSING = object()\n"
        "class Base: pass\n"
        "class Widget(Base):\n"
        "    def __init__(self, size: int = 1): pass\n"
        "def loud(text, default=_MISSING): return text\n"
        "NUMBER = 3\n"
    )
    facts = verify_probe.snapshot(module, [])["names"]
    assert facts["Widget"] == {"type": "builtins.type", "module": "pkg.core", "qualname": "Widget",
                               "signature": "(size: int = 1)",
                               "mro": ["pkg.core.Widget", "pkg.core.Base", "builtins.object"]}
    assert facts["loud"]["signature"] == "(text, default=<object object at 0x…>)"  # addresses differ per run
    assert facts["NUMBER"] == {"type": "builtins.int", "module": None, "qualname": None}
    assert facts["__builtins__"] == {"type": "location"}


def test_the_probe_sees_dir_hooks_lazy_names_and_failing_attributes() -> None:
    module = _module(
        "__all__ = ['b', 'a']\n"
        "_hidden = 1\n"
        "def __getattr__(name):\n"
        "    if name == 'lazy': return 5\n"
        "    if name == 'broken': raise RuntimeError('no')\n"
        "    raise AttributeError(name)\n"
        "def __dir__(): return ['a', 'b', 'lazy', 'broken']\n"
        "a = b = 1\n"
    )
    described = verify_probe.snapshot(module, ["gone"])
    assert described["dir"] == ["a", "b", "broken", "lazy"]
    assert "_hidden" in described["namespace"] and "lazy" not in described["namespace"]
    assert described["names"]["lazy"]["type"] == "builtins.int"
    assert described["names"]["broken"] == {"type": "<RuntimeError on access>"}
    assert described["names"]["gone"] is None
    assert described["exported"] == ["a", "b"]


def test_an_answer_becomes_a_snapshot_and_the_request_names_what_to_import() -> None:
    fake = FakeInterpreter([answer(
        module_line(str(CORE), {"Widget": WIDGET, "gone": None}, exported=["Widget"]),
        {"kind": "importer", "module": "pkg.app", "error": None}, {"kind": "done"})])
    snapshot = take_snapshot(SUBJECT, fake, expected_file=CORE, names=["gone"], timeout=7)
    assert fake.requests == [{"module": "pkg.core", "roots": ["/project"], "importers": ["pkg.app"],
                              "names": ["gone"], "timeout": 7}]
    assert snapshot.error is None and snapshot.exported == ("Widget",)
    assert snapshot.facts("Widget") == NameFacts("builtins.type", "pkg.core", "Widget", "()",
                                                 ("pkg.core.Widget", "builtins.object"))
    assert snapshot.facts("gone") is None and snapshot.dir_names == {"Widget"}
    assert [i.module for i in snapshot.importers] == ["pkg.app"]


def test_a_module_that_fails_to_import_is_an_error_snapshot() -> None:
    fake = FakeInterpreter([answer({"kind": "module", "error": "ImportError: cannot import name 'x'"})])
    assert take_snapshot(SUBJECT, fake, expected_file=CORE).error == "ImportError: cannot import name 'x'"


def test_a_timeout_or_a_crash_before_answering_says_which() -> None:
    fake = FakeInterpreter([answer(returncode=None), answer(output="boom\nSegmentation fault\n", returncode=-11)])
    assert take_snapshot(SUBJECT, fake, expected_file=CORE, timeout=5).error == "did not finish importing within 5 s"
    crashed = take_snapshot(SUBJECT, fake, expected_file=CORE).error
    assert crashed == "the interpreter stopped (exit -11) before answering: Segmentation fault"


def test_a_module_found_elsewhere_on_the_path_is_not_the_one_to_verify() -> None:
    fake = FakeInterpreter([answer(module_line("/usr/lib/python3/pkg/core.py", {"Widget": WIDGET}))])
    error = take_snapshot(SUBJECT, fake, expected_file=CORE).error
    assert error == "`import pkg.core` found /usr/lib/python3/pkg/core.py, not /project/pkg/core.py"


def test_verify_split_compares_against_the_original_and_gives_slow_originals_more_time() -> None:
    facade = Path("/project/pkg/core/__init__.py")
    fake = FakeInterpreter([answer(module_line(str(facade), {"Widget": None}))])
    before = take_snapshot(SUBJECT, FakeInterpreter([answer(module_line(str(CORE), {"Widget": WIDGET}),
                                                            seconds=50)]), expected_file=CORE)
    verification = verify_split(SUBJECT, before, fake, expected_file=facade, rules=ComparisonRules("pkg.core"),
                                timeout=120)
    assert fake.requests[0]["names"] == ["Widget"] and fake.requests[0]["timeout"] == 150
    assert not verification.passed
    assert [d.kind for d in verification.differences] == [DifferenceKind.NAME_MISSING]
    assert verification.as_dict()["differences"][0]["name"] == "Widget"


class _SideBySide(FakeInterpreter):
    """Answers only once two runs are in flight at once: an original imported one after the other times out."""

    def __init__(self, runs) -> None:
        super().__init__(runs)
        self.both = threading.Barrier(2, timeout=5)
        self.lock = threading.Lock()

    def run(self, program: str, request: str, *, timeout: float):
        self.both.wait()
        with self.lock:
            return super().run(program, request, timeout=timeout)


def test_the_original_is_imported_twice_side_by_side_and_a_value_that_differs_is_not_compared() -> None:
    def line(instance_id: str) -> dict:
        return module_line(str(CORE), {"Widget": WIDGET, "INSTANCE_ID": {"type": "builtins.str", "value": instance_id}})
    fake = _SideBySide([answer(line("'a1'"), seconds=0.4), answer(line("'b2'"), seconds=0.3)])
    before = take_original_snapshot(SUBJECT, fake, expected_file=CORE)
    assert before.error is None and before.seconds == 0.3  # the faster import sets the split module's pace
    assert before.facts("INSTANCE_ID").value == UNSTEADY and before.facts("Widget") == take_snapshot(
        SUBJECT, FakeInterpreter([answer(line("'a1'"))]), expected_file=CORE).facts("Widget")


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_importers_are_every_project_module_importing_the_module_or_a_name_from_it(tmp_path: Path) -> None:
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/core.py": "X = 1\n",
        "pkg/app.py": "from pkg.core import X\n",
        "pkg/rel.py": "from .core import X\n",
        "pkg/whole.py": "from pkg import core\n",
        "pkg/dotted.py": "import pkg.core as c\n",
        "pkg/mentions.py": "# core is mentioned, never imported\nimport os\n",
        "pkg/broken.py": "from pkg.core import (\n",
        "tests/test_core.py": "import pkg.core\n",
        "pkg/new_file.py": "from pkg.core import X\n",
    })
    subject = find_subject(tmp_path / "pkg" / "core.py", tmp_path, skip=[tmp_path / "pkg" / "new_file.py"])
    assert subject.module == "pkg.core"
    assert subject.importers == ("pkg.app", "pkg.dotted", "pkg.rel", "pkg.whole", "test_core")
    assert subject.roots == (str(tmp_path.resolve()), str((tmp_path / "tests").resolve()))
