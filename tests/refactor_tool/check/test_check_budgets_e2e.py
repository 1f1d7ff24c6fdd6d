"""Each budget broken alone in a real git repository gives exactly its finding and exit 1; a clean change
exits 0; an allow entry accepts its finding; bad configuration and bad refs exit 2 with one line.
"""

from __future__ import annotations

from pathlib import Path

from check_support import check, git, kinds, make_repo, write


def test_a_clean_change_passes_with_the_gate(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n\n\ndef public_function(a):\n    return 1 + a\n')
    code, document, _ = check(repo, "--gate")
    assert (code, kinds(document)) == (0, [])
    assert document["gate"]["verdict"] == "passed" and document["gate"]["counts"]["passed"] == 1


def test_a_400_line_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/big.py", "".join(f"X{i} = {i}\n" for i in range(400)))
    write(repo, "pkg/__init__.py", "from pkg.core import public_function\nfrom pkg import big\n")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["file-too-large"])
    assert document["findings"][0]["path"] == "pkg/big.py"


def test_sixteen_new_files(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    for number in range(16):
        write(repo, f"notes/note{number}.md", "a note\n")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["too-many-new-files"])
    assert "16 files added since HEAD" in document["findings"][0]["message"]


def test_fifteen_new_files_are_within_the_budget(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    for number in range(15):
        write(repo, f"notes/note{number}.md", "a note\n")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (0, [])
    assert {limit["name"]: limit["used"] for limit in document["limits"]}["max-new-files"] == 15


def test_an_added_dependency(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo, "pyproject.toml", text.replace('["click>=8"]', '["click>=8", "rich>=13"]'))
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["new-dependency"])
    assert document["findings"][0]["subject"] == "rich"


def test_a_dependency_added_to_a_dev_extra_is_reported_apart_and_not_counted(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8").replace('["pytest"]', '["pytest", "hypothesis"]')
    write(repo, "pyproject.toml", text)
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (0, [])
    (accepted,) = document["accepted"]
    assert (accepted["subject"], accepted["scope"]) == ("hypothesis", "development")
    assert accepted["accepted"].startswith("a development dependency: not counted against max-new-dependencies")
    assert [limit["used"] for limit in document["limits"] if limit["name"] == "max-new-dependencies"] == [0]
    write(repo, "pyproject.toml", text.replace('dependencies = ["click>=8"]', 'dependencies = ["click>=8", "rich"]'))
    code, document, _ = check(repo, "--no-gate")
    assert code == 1 and [(f["subject"], f["scope"]) for f in document["findings"]] == [("rich", "runtime")]
    assert [f["subject"] for f in document["accepted"]] == ["hypothesis"]


def test_count_dev_dependencies_makes_a_dev_extra_count(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8").replace('["pytest"]', '["pytest", "hypothesis"]')
    write(repo, "pyproject.toml", text.replace("[tool.refactor_tool]\n", "[tool.refactor_tool]\ncount-dev-dependencies = true\n"))
    code, document, _ = check(repo, "--no-gate")
    assert code == 1 and [(f["subject"], f["scope"]) for f in document["findings"]] == [("hypothesis", "development")]
    write(repo, "pyproject.toml", text.replace("[tool.refactor_tool]\n", "[tool.refactor_tool]\ncount-dev-dependencies = 1\n"))
    code, _, error = check(repo, "--no-gate")
    assert code == 2 and "count-dev-dependencies must be true or false" in error


def test_an_undeclared_third_party_import(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\nimport hypothesis\n\n\ndef public_function(a):\n    return a + 1\n')
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["new-dependency"])
    finding = document["findings"][0]
    assert (finding["path"], finding["line"]) == ("pkg/core.py", 3)
    assert "imports hypothesis, but no declared dependency provides it" in finding["message"]


def test_a_dev_only_import_in_runtime_code(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\nimport pytest\n\n\ndef public_function(a):\n    return a + 1\n')
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["new-dependency"])
    assert "declared only for development" in document["findings"][0]["message"]


def test_a_new_import_cycle(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n\nfrom pkg import util\n\n\ndef public_function(a):\n    return a + 1\n')
    write(repo, "pkg/util.py", "from pkg.core import public_function\n")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["import-cycle"])
    assert "pkg.core -> pkg.util -> pkg.core" in document["findings"][0]["message"] or \
        "pkg.util -> pkg.core -> pkg.util" in document["findings"][0]["message"]


def test_an_existing_cycle_is_listed_not_failed_and_a_deferred_one_is_apart(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n\nfrom pkg import util\n\n\ndef public_function(a):\n    return a + 1\n')
    write(repo, "pkg/util.py", "from pkg.core import public_function\n")
    write(repo, "pkg/lazy.py", "def f():\n    from pkg import late\n")
    write(repo, "pkg/late.py", "from pkg import lazy\n")
    write(repo, "pkg/__init__.py", "from pkg.core import public_function\nfrom pkg import late\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "cycles")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (0, [])
    assert [sorted(c["modules"]) for c in document["cycles"]["existing"]] == [["pkg.core", "pkg.util"]]
    assert [sorted(c["modules"]) for c in document["cycles"]["deferred_only"]] == [["pkg.late", "pkg.lazy"]]


def test_an_unused_module(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/unused.py", "def helper():\n    return 1\n")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["dead-module"])
    assert document["findings"][0]["message"] == "pkg.unused: nothing imports it"


def test_a_removed_public_function(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n\n\ndef public_function(a, b):\n    return a + b\n')
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (1, ["api-break"])
    assert "required-parameter-added" in document["findings"][0]["message"]
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n')
    write(repo, "pkg/__init__.py", '"""Demo package."""\nfrom pkg import core\n')
    code, document, _ = check(repo, "--no-gate")
    assert code == 1 and set(kinds(document)) == {"api-break"}
    (removed,) = [f for f in document["findings"] if "path-removed" in f["message"]]
    assert removed["subject"] == "pkg.public_function" and "also pkg.core.public_function" in removed["message"]


def test_a_failing_test(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "tests/test_core.py", "from pkg.core import public_function\n\n\ndef test_adds_one():\n"
                                      "    assert public_function(1) == 3\n")
    code, document, _ = check(repo, "--gate")
    assert (code, kinds(document)) == (1, ["gate-failed"])
    assert document["gate"]["counts"]["failed"] == 1 and document["gate"]["counts"]["source"] == "JUnit XML report"
    assert Path(document["gate"]["log"]).is_file()


def test_a_gate_that_runs_no_test(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo, "pyproject.toml", text.replace("-q tests", "-q tests -k no_such_test"))
    code, document, _ = check(repo, "--gate")
    assert (code, kinds(document)) == (1, ["gate-failed"])
    assert document["gate"]["verdict"] == "ran no test"


def test_a_gate_that_cannot_start(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo, "pyproject.toml", text.replace('gate = "', 'gate = "no-such-runner-xyz '))
    code, document, _ = check(repo, "--gate")
    assert (code, kinds(document)) == (1, ["gate-failed"])
    assert document["gate"]["verdict"] == "could not start"


def test_an_allow_entry_accepts_its_finding(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/unused.py", "def helper():\n    return 1\n")
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo, "pyproject.toml", text + '\n[[tool.refactor_tool.allow]]\nkind = "dead-module"\n'
                                         'path = "pkg/unused.py"\nreason = "loaded by a plugin system"\n')
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (0, [])
    (accepted,) = document["accepted"]
    assert (accepted["kind"], accepted["accepted"]) == ("dead-module", "loaded by a plugin system")


def test_a_folder_of_scripts_imported_as_a_namespace_package_is_first_party(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "benchmarks/helpers/cases.py", "CASES = []\n")
    write(repo, "benchmarks/bench.py", "import sys\nsys.path.insert(0, 'benchmarks')\nimport helpers.cases\n")
    code, document, _ = check(repo, "--no-gate")
    assert (code, kinds(document)) == (0, [])
