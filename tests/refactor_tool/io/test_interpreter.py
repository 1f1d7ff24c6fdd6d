"""FreshInterpreter: a new process in an empty folder, answer apart from output, stopped with all it started."""

from __future__ import annotations

import os
import time
from pathlib import Path

from refactor_tool.io.interpreter import FreshInterpreter

ANSWERS = "import os, sys\nprint('noise')\nopen(sys.argv[2], 'w').write(open(sys.argv[1]).read() + os.getcwd())\n"


def test_the_program_reads_its_request_and_writes_its_answer_in_a_scratch_folder(tmp_path: Path) -> None:
    run = FreshInterpreter().run(ANSWERS, "hello ", timeout=30)
    assert run.returncode == 0 and not run.timed_out
    assert run.answer.startswith("hello ") and "refactor-tool-probe-" in run.answer
    assert not Path(run.answer.removeprefix("hello ")).exists()  # the scratch folder is gone
    assert run.output.strip() == "noise"


def test_a_program_over_its_time_is_stopped_with_what_it_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    program = (f"import subprocess, sys, time\nchild = subprocess.Popen([sys.executable, '-c', "
               f"'import time; time.sleep(60)'])\nopen({str(pid_file)!r}, 'w').write(str(child.pid))\n"
               "open(sys.argv[2], 'w').write('partial')\ntime.sleep(60)\n")
    started = time.monotonic()
    run = FreshInterpreter().run(program, "", timeout=2)
    assert run.timed_out and run.answer == "partial" and time.monotonic() - started < 20
    grandchild = int(pid_file.read_text())
    time.sleep(0.2)
    try:
        os.kill(grandchild, 0)
        alive = Path(f"/proc/{grandchild}/stat").read_text().split()[2] != "Z"
    except ProcessLookupError:
        alive = False
    assert not alive
