"""A real `roadmap run` of this repository's ROADMAP.md, whose timebox report is committed under `reports/`.

bit_ttt is rebuilt in its monolithic form in a temporary folder (`monolith.build_monolith`), then
`refactor-tool roadmap run ROADMAP.md` carries out its three phases there on the real clock, `roadmap
audit` checks every task, and `roadmap report --audit` writes the report. Its files (`timebox.md`,
`timebox.json` and the event log they are drawn from) are copied into this repository's `reports/`, where
`refactor-tool roadmap report ROADMAP.md` reads the same event log. Run: `python tests/refactor_tool/roadmap/real_run.py`.
Exit 0 when the run, the audit and the report all succeed, 1 otherwise (nothing is copied then).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from monolith import REPO, build_monolith, run_tool

WHERE = ("A real run: `tests/refactor_tool/roadmap/real_run.py` rebuilt bit_ttt in its monolithic form in a temporary "
         "folder, ran `refactor-tool roadmap run ROADMAP.md` there on the real clock, then `roadmap audit` and "
         "`roadmap report --audit`.")
#: what the report is drawn from, and what it is made of
COPIED = ("timebox.md", "timebox.json", "timebox_events.jsonl")


def _say_where(report: Path) -> None:
    """The report names the roadmap; this line says where its run took place."""
    lines = report.read_text(encoding="utf-8").split("\n")
    lines[3:3] = ["", WHERE]
    report.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="roadmap-real-run-") as folder:
        root = Path(folder)
        build_monolith(root)
        ran, run = run_tool(root, "roadmap", "run", "ROADMAP.md")
        for phase in run.get("phases", []):
            print(f"phase {phase['phase']}: {phase['how']} in {phase['spent_seconds']:.0f} s, "
                  f"ticked {len(phase['ticked'])}")
        audited, audit = run_tool(root, "roadmap", "audit", "ROADMAP.md")
        print(f"roadmap run: exit {ran}; roadmap audit: exit {audited}, {audit.get('counts', audit)}")
        reported, report = run_tool(root, "roadmap", "report", "ROADMAP.md", "--audit")
        print(f"roadmap report: exit {reported}")
        if ran != 0 or audited != 0 or reported != 0:
            print(json.dumps({"run": run, "audit": audit, "report": report}, indent=2)[-6000:])
            return 1
        for name in COPIED:
            shutil.copyfile(root / "reports" / name, REPO / "reports" / name)
            print(f"wrote {REPO / 'reports' / name}")
        _say_where(REPO / "reports" / "timebox.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
