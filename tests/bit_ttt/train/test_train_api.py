"""`bit_ttt.train`'s public names: sorted, importable, and nothing public left out of `__all__`."""

from __future__ import annotations

import bit_ttt.train as api


def test_all_is_sorted_and_importable() -> None:
    assert list(api.__all__) == sorted(api.__all__)
    for name in api.__all__:
        assert getattr(api, name) is not None


def test_issue_names_are_exported() -> None:
    for name in ("TrainArgs", "save_training_state", "load_start_step", "find_checkpoint_path", "train"):
        assert name in api.__all__
