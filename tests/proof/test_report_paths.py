"""The proof report names files as they are in the package's sdist, never by the work folder."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "proof"))

from _report import in_sdist


def test_a_path_in_the_work_folder_reads_as_in_the_sdist() -> None:
    """attrs keeps its package in `src/`, and the work folder keeps the sdist in `src/` too."""
    message = ("NameError: name 'x' is not defined (at /work/wt/lead/proof/.work/attrs-24.2.0/src/src/attr/"
               "_make/_utils.py:320); split /tmp/proof-argparse-x1/lib/argparse.py exited 1")
    assert in_sdist(message) == ("NameError: name 'x' is not defined (at src/attr/_make/_utils.py:320); "
                                 "split argparse.py exited 1")
