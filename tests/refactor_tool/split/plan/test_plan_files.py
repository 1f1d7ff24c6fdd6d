"""Explicit plans: the TOML format, where planned modules go, and refusals that name the symbols."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from plan_registrations import REGISTRATIONS

from refactor_tool.errors import ConfigError, PlanError
from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.plan.toml_plan import parse_plan
from refactor_tool.split.use_case import apply_split, plan_split

ENGINE = Path(__file__).resolve().parents[2] / "fixtures" / "split" / "engine"


def test_plan_toml_is_read_into_a_plan_spec() -> None:
    spec = parse_plan(textwrap.dedent("""
        [split]
        layout = "shim"
        max-lines = 120

        [modules]
        "layers/rms_norm.py" = ["RMSNorm"]
        parsers = ["parse", "Parser"]
    """), "plan.toml")
    assert spec.layout is Layout.SHIM and spec.max_lines == 120 and spec.max_new_files is None
    assert [(m.path, m.symbols, m.line) for m in spec.modules] == [
        ("layers/rms_norm.py", ("RMSNorm",), 7), ("parsers", ("parse", "Parser"), None)]


@pytest.mark.parametrize(
    ("text", "error", "line"),
    [
        ('[modules]\n"a.py" = [\n', ConfigError, 2),
        ("[split]\nlayout = 'shim'\n", PlanError, 1),
        ('[modules]\n"a.py" = "RMSNorm"\n', PlanError, 2),
        ('[split]\nlayout = "flat"\n[modules]\n"a.py" = ["X"]\n', PlanError, 2),
    ],
)
def test_malformed_plans_are_refused_with_a_line(text: str, error: type, line: int) -> None:
    with pytest.raises(error) as caught:
        parse_plan(text, "plan.toml")
    assert caught.value.path == "plan.toml" and caught.value.line == line


@pytest.fixture
def engine(tmp_path: Path) -> Path:
    shutil.copytree(ENGINE, tmp_path / "engine")
    return tmp_path / "engine" / "bitpkg" / "core_engine.py"


def _plan(engine: Path, text: str) -> Path:
    path = engine.parent.parent / "p.toml"
    path.write_text(text)
    return path


def _homes(result) -> dict[str, str]:
    return {old.rpartition(".")[2]: new.rpartition(".")[0] for old, new in result.plan.moves}


def test_unlisted_helpers_follow_their_only_user_and_the_rest_is_placed(engine: Path) -> None:
    plan = _plan(engine, '[modules]\n"norm.py" = ["RMSNorm"]\n"model.py" = ["BitLlama"]\n')
    homes = _homes(plan_split(engine, SplitOptions(plan_path=plan)))
    assert homes["RMSNorm"] == homes["_mean"] == "bitpkg.core_engine.norm"
    assert homes["BitLlama"] == homes["build"] == "bitpkg.core_engine.model"
    assert homes["Block"] == homes["BitLinear"] == homes["_ternary"] == "bitpkg.core_engine.model"


def test_package_layout_plan_paths_are_inside_the_new_package(engine: Path) -> None:
    plan = _plan(engine, '[modules]\n"layers/rms_norm.py" = ["RMSNorm"]\nmodel = ["BitLlama"]\n')
    result = apply_split(engine, SplitOptions(plan_path=plan))
    package = engine.with_suffix("")
    assert (package / "layers" / "rms_norm.py").is_file() and (package / "layers" / "__init__.py").is_file()
    assert (package / "model.py").is_file() and not engine.exists()
    assert result.planned.plan.moves_map["bitpkg.core_engine.RMSNorm"] == "bitpkg.core_engine.layers.rms_norm.RMSNorm"


def test_shim_layout_from_the_plan_file_keeps_the_old_module(engine: Path) -> None:
    apply_split(engine, SplitOptions(plan_path=ENGINE / "plan.toml"))
    assert engine.is_file() and (engine.parent / "layers" / "rms_norm.py").is_file()
    assert "from .layers.rms_norm import" in engine.read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[modules]\n"a.py" = ["math"]\n', "'math' in plan: it is an import"),
        ('[modules]\n"a.py" = ["Missing"]\n', "'Missing' in plan: it is not defined"),
        ('[modules]\n"../out.py" = ["RMSNorm"]\n', "bad module path"),
        ('[modules]\n"__init__.py" = ["RMSNorm"]\n', "is the package itself"),
    ],
)
def test_plans_naming_what_cannot_move_are_refused(engine: Path, text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(".", r"\.")):
        plan_split(engine, SplitOptions(plan_path=_plan(engine, text)))


def test_symbols_that_must_stay_together_cannot_be_separated(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    # `START` runs ping while the module loads, and ping runs pong: each needs the other then.
    module.write_text("def ping(n):\n    return pong(n - 1) if n else 0\n\n\n"
                      "def pong(n):\n    return ping(n - 1) if n else 1\n\n\nSTART = ping(3)\n")
    plan = tmp_path / "p.toml"
    plan.write_text('[modules]\n"a.py" = ["ping"]\n"b.py" = ["pong"]\n')
    with pytest.raises(PlanError, match="'ping' and 'pong' must stay in one module") as caught:
        plan_split(module, SplitOptions(plan_path=plan))
    assert caught.value.line == 3


def test_too_many_new_files_is_refused(engine: Path) -> None:
    plan = _plan(engine, '[split]\nmax-new-files = 2\n[modules]\n"a/x.py" = ["RMSNorm"]\n"b/y.py" = ["Block"]\n')
    with pytest.raises(PlanError, match="more than --max-new-files 2"):
        plan_split(engine, SplitOptions(plan_path=plan, layout=Layout.SHIM, layout_given=True))


def test_moved_names_maps_every_old_dotted_name_to_its_new_home(engine: Path) -> None:
    from refactor_tool.split.use_case import moved_names

    moves = moved_names(engine, SplitOptions(plan_path=ENGINE / "plan.toml"))
    assert moves["bitpkg.core_engine.RMSNorm"] == "bitpkg.layers.rms_norm.RMSNorm"
    assert moves["bitpkg.core_engine.build"] == "bitpkg.model.llama.build"
    assert set(moves) == {f"bitpkg.core_engine.{n}" for n in
                          ("EPS", "_mean", "RMSNorm", "_ternary", "BitLinear", "Block", "BitLlama", "build")}


def test_a_plan_spec_from_another_source_works_without_a_file(engine: Path) -> None:
    from refactor_tool.split.model import PlannedModule, PlanSpec

    spec = PlanSpec(modules=(PlannedModule("layers/rms_norm.py", ("RMSNorm",)),), layout=Layout.SHIM,
                    source="ROADMAP.md")
    result = plan_split(engine, SplitOptions(spec=spec))
    assert result.plan.layout is Layout.SHIM
    assert result.plan.moves_map["bitpkg.core_engine.RMSNorm"] == "bitpkg.layers.rms_norm.RMSNorm"


def test_unlisted_code_between_planned_modules_joins_a_module_that_uses_it(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text("class Base:\n    pass\n\n\ndef helper():\n    return Base()\n\n\n"
                      "class Top:\n    def make(self):\n        return helper()\n\n\n"
                      "def mid():\n    return helper()\n")
    plan = tmp_path / "p.toml"
    plan.write_text('[modules]\n"base.py" = ["Base"]\n"top.py" = ["Top"]\n"mid.py" = ["mid"]\n')
    homes = _homes(plan_split(module, SplitOptions(plan_path=plan)))
    assert homes["helper"] == homes["Top"] == "mod.top" != homes["Base"]
    assert homes["mid"] == "mod.mid"


def test_planned_modules_may_use_each_other_when_called(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text("def ping(n):\n    return pong(n - 1) if n else 0\n\n\n"
                      "def pong(n):\n    return ping(n - 1) if n else 1\n")
    plan = tmp_path / "p.toml"
    plan.write_text('[modules]\n"a.py" = ["ping"]\n"b.py" = ["pong"]\n')
    result = apply_split(module, SplitOptions(plan_path=plan, allow_dirty=True))
    assert result.ok and result.verification is not None and result.verification.passed
    assert _homes(result.planned) == {"ping": "mod.a", "pong": "mod.b"}


def test_planned_modules_load_after_what_they_need_whatever_the_plan_order(tmp_path: Path) -> None:
    module = tmp_path / "chain.py"
    module.write_text("class Base:\n    pass\n\n\nclass Middle(Base):\n    pass\n\n\nclass Top(Middle):\n    pass\n")
    plan = tmp_path / "p.toml"
    plan.write_text('[modules]\n"top.py" = ["Top"]\n"middle.py" = ["Middle"]\n"base.py" = ["Base"]\n')
    result = plan_split(module, SplitOptions(plan_path=plan))
    assert [m.dotted for m in result.plan.modules] == ["chain.base", "chain.middle", "chain.top"]


def test_planned_registrations_of_one_key_load_in_their_original_order(tmp_path: Path) -> None:
    """Both register `type`: the module of the later one loads after the other's, whatever the plan order."""
    module = tmp_path / "kinds.py"
    module.write_text(REGISTRATIONS)
    plan = tmp_path / "p.toml"
    plan.write_text('[modules]\n"types.py" = ["describe_type"]\n"classes.py" = ["describe_class"]\n')
    order = [m.dotted for m in plan_split(module, SplitOptions(plan_path=plan)).plan.modules]
    assert order.index("kinds.classes") < order.index("kinds.types")


def test_a_plan_loading_a_registration_before_an_earlier_one_of_its_key_is_refused(tmp_path: Path) -> None:
    """`classes.py` needs `ClassKind` from `types.py` while loading, which must load after it (dill's
    `ClassType = type` beside `save_type`)."""
    module = tmp_path / "kinds.py"
    module.write_text(REGISTRATIONS)
    plan = tmp_path / "p.toml"
    plan.write_text('[modules]\n"types.py" = ["ClassKind", "TypeKind", "describe_type"]\n'
                    '"classes.py" = ["describe_class"]\n')
    with pytest.raises(PlanError, match="describe_type registers the key of describe_class after it"):
        plan_split(module, SplitOptions(plan_path=plan))
