"""Interrupted splits lose nothing: a real `refactor-tool split` process, a real signal at each point.

SIGINT and SIGTERM during the write, the verification or the gate roll every file back (exit 130 / 143);
after SIGKILL mid-write or mid-gate, any command names `refactor-tool undo`, which restores every file.
The child's SIGINT is reset to the default handler explicitly, so these pass under nohup and in
background jobs (where SIGINT is inherited as ignored).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TOOL = [sys.executable, "-c", "from refactor_tool.cli import main; main()"]
PAUSE_HOOK = "REFACTOR_TOOL_TEST_PAUSE_WRITE"  # documented in refactor_tool/io/transaction.py

#: Imported by the verification; sleeps only once `shop` is the split package (not for the original).
SLOW_IMPORTER = """import os, pathlib, time
import shop
if hasattr(shop, "__path__"):
    pathlib.Path(os.environ["SLOW_MARKER"]).write_text("importing the split package")
    time.sleep(60)
"""


#: Appended to shop.py: importing the original (the verification's first step) says so, then takes a minute.
SLOW_ORIGINAL = """
import os as _os
import time as _time
if "SLOW_ORIGINAL" in _os.environ:
    open(_os.environ["SLOW_ORIGINAL"] + ".tmp", "w").write(str(_os.getpid()))
    _os.replace(_os.environ["SLOW_ORIGINAL"] + ".tmp", _os.environ["SLOW_ORIGINAL"])
    _time.sleep(60)
"""


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # never inherit an ignored SIGINT from nohup / `&`






def _start(shop_project: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*TOOL, *args], cwd=shop_project, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)


def _run(shop_project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TOOL, *args], cwd=shop_project, capture_output=True, text=True, timeout=120, check=False,
                          preexec_fn=_default_sigint)


def _wait_for(marker: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"the split ended before reaching the point to interrupt:\n{process.communicate()}")
        assert time.monotonic() < deadline, f"{marker} never appeared"
        time.sleep(0.02)


def _split(shop_project: Path, *options: str, **env: str) -> subprocess.Popen[str]:
    return _start(shop_project, "split", "shop.py", "--max-lines", "25", *options, **env)


def _gate(tmp_path: Path) -> tuple[str, Path]:
    """A gate that says it runs (its pid, written whole before the marker appears) and then sleeps."""
    started = tmp_path / "gate.pid"
    return f"echo $$ > {started}.tmp && mv {started}.tmp {started} && exec sleep 60", started


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return True
    return state == "Z"


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_the_gate_restores_every_file_and_stops_the_gate(tree,
    shop_project: Path, tmp_path: Path, signum: int, code: int
) -> None:
    before = tree(shop_project)
    gate, started = _gate(tmp_path)
    process = _split(shop_project, "--gate", gate)
    _wait_for(started, process)
    assert (shop_project / "shop" / "__init__.py").is_file()  # the split is applied while the gate runs
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert f"interrupted by {signal.Signals(signum).name} during the gate; every file restored" in err
    assert tree(shop_project) == before
    assert _gone(int(started.read_text()))


def test_sigterm_during_the_verification_restores_every_file(tree, shop_project: Path, tmp_path: Path) -> None:
    (shop_project / "slow.py").write_text(SLOW_IMPORTER)
    before = tree(shop_project)
    marker = tmp_path / "verifying"
    process = _split(shop_project, SLOW_MARKER=str(marker))
    _wait_for(marker, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "interrupted by SIGTERM during the verification; every file restored" in err
    assert tree(shop_project) == before


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_planning_stops_the_originals_import_at_once_and_writes_nothing(tree,
    shop_project: Path, tmp_path: Path, signum: int, code: int
) -> None:
    with (shop_project / "shop.py").open("a") as module:
        module.write(SLOW_ORIGINAL)
    before = tree(shop_project)
    marker = tmp_path / "describing"
    process = _split(shop_project, SLOW_ORIGINAL=str(marker))
    _wait_for(marker, process)  # the original is being imported; nothing is written yet
    process.send_signal(signum)
    _, err = process.communicate(timeout=30)  # not the minute the import takes, nor the time limit
    assert process.returncode == code, err
    assert f"interrupted by {signal.Signals(signum).name} while planning; nothing written" in err
    assert _gone(int(marker.read_text()))
    assert tree(shop_project) == before and not (shop_project / ".refactor_tool").exists()


def test_sigint_while_writing_restores_every_file(tree, shop_project: Path, tmp_path: Path) -> None:
    before = tree(shop_project)
    marker = tmp_path / "writing"
    process = _split(shop_project, **{PAUSE_HOOK: str(marker)})
    _wait_for(marker, process)
    assert not (shop_project / "shop.py").exists()  # half-way: the first change is made
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted by SIGINT while writing the files; every file restored" in err
    assert tree(shop_project) == before


def test_after_sigkill_mid_write_every_command_names_undo_and_undo_restores_everything(tree,
    shop_project: Path, tmp_path: Path
) -> None:
    before = tree(shop_project)
    marker = tmp_path / "writing"
    process = _split(shop_project, **{PAUSE_HOOK: str(marker)})
    _wait_for(marker, process)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert tree(shop_project) != before  # the kill left the split half-applied

    other = _run(shop_project, "plan", "app.py")  # any command, unrelated to the split
    assert other.returncode == 0 and "`split shop.py` was interrupted" in other.stderr
    assert "run `refactor-tool undo`" in other.stderr
    again = _run(shop_project, "split", "shop.py", "--max-lines", "25")
    assert again.returncode == 2 and "run `refactor-tool undo` first" in again.stderr

    undone = _run(shop_project, "undo")
    assert undone.returncode == 0, undone.stderr
    assert "restored every file an interrupted run had changed" in undone.stdout
    assert tree(shop_project) == before and not (shop_project / ".refactor_tool").exists()
    assert "interrupted" not in _run(shop_project, "plan", "app.py").stderr
    assert _run(shop_project, "undo").returncode == 1  # nothing left to undo


def test_after_sigkill_during_the_gate_undo_restores_everything(tree, shop_project: Path, tmp_path: Path) -> None:
    before = tree(shop_project)
    gate, started = _gate(tmp_path)
    process = _split(shop_project, "--gate", gate)
    _wait_for(started, process)
    process.kill()
    process.communicate(timeout=60)
    os.kill(int(started.read_text()), signal.SIGKILL)  # the gate has a session of its own; nothing else stops it
    undone = _run(shop_project, "undo", "--format", "json")
    assert undone.returncode == 0, undone.stderr
    assert '"result": "interrupted"' in undone.stdout
    assert tree(shop_project) == before
