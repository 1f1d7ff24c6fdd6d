"""The words a roadmap is written in, Japanese and English side by side, as data.

Adding a language or a synonym is an edit here; the parsers only ask "which of these does the text say".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import Enum
from typing import TypeVar

from refactor_tool.roadmap.model import ActionKind, CriterionKind, LimitKind, TaskKind

K = TypeVar("K")

#: `## Phase 1: Core Engine モジュール分割 (MVP)`, `## フェーズ2：学習`, `### Phase 3 - Clean-up`
PHASE_TITLE = re.compile(r"^(?:phase|フェーズ)\s*(\d+)\s*(?:[:：.\-–—]\s*|\s+|$)(.*)$", re.IGNORECASE)
#: a closing parenthesis that labels the phase: (MVP), (Enhancement), （完了）
LABEL = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*$")


class Section(str, Enum):
    """What a heading introduces; the value says it in words."""

    TASKS = "the task list"
    EXPECTED = "the expected result"
    TIMEBOXES = "the timeboxes"
    LIMITS = "the resource limits"
    CRITERIA = "the success criteria"


SECTION_WORDS: Sequence[tuple[Section, tuple[str, ...]]] = (
    (Section.TASKS, ("タスク一覧", "タスク", "tasks", "task list", "todo")),
    (Section.EXPECTED, ("期待成果", "期待される成果", "成果物", "expected result", "expected outcome",
                        "expected tree", "expected layout")),
    (Section.TIMEBOXES, ("タイムボックス", "timebox", "time box", "circuit breaker")),
    (Section.LIMITS, ("リソース制限", "リソース上限", "resource limit", "resource budget")),
    (Section.CRITERIA, ("成功基準", "完了条件", "success criteria", "definition of done")),
)
#: the label of a phase's goal paragraph: **目標**: ..., **Goal**: ...
GOAL_WORDS = ("目標", "目的", "goal", "objective")

#: table columns, by what they hold
PHASE_COLUMN = ("phase", "フェーズ")
TIME_LIMIT_COLUMN = ("上限時間", "制限時間", "時間上限", "time limit", "limit", "timebox", "budget", "上限")
ACTION_COLUMN = ("超過時のアクション", "超過時", "アクション", "action when exceeded", "on overrun", "action")
RESOURCE_COLUMN = ("リソース", "resource")
RESOURCE_LIMIT_COLUMN = ("上限", "limit", "budget", "max")

#: task verbs, strongest first: `cargo test 通過確認` is a check, `使用箇所がなければ削除` a deletion
TASK_WORDS: Sequence[tuple[TaskKind, tuple[str, ...]]] = (
    (TaskKind.CHECK, ("通過確認", "通過", "成功確認", r"\bpass(?:es|ed)?\b", r"\bsucceeds?\b", r"\bgreen\b")),
    (TaskKind.DELETE, ("削除", "除去", "廃止", r"\bdelete[sd]?\b", r"\bremove[sd]?\b", r"\bdrop(?:s|ped)?\b")),
    (TaskKind.EXTRACT, ("抽出", "切り出し", r"\bextract(?:s|ed)?\b", r"\bsplit out\b", r"\bmove[sd]? out\b")),
    (TaskKind.CREATE, ("作成", "新規", "追加", r"\bcreate[sd]?\b", r"\badd(?:s|ed)?\b")),
    (TaskKind.UPDATE, ("更新", "変換", "再エクスポート", "修正", r"\bupdate[sd]?\b", r"\bre-?exports?\b",
                       r"\bconvert(?:s|ed)?\b", r"\brewrite\b", r"\bchange[sd]?\b")),
    (TaskKind.CHECK, ("確認", "検証", r"\bcheck(?:s|ed)?\b", r"\bverify\b", r"\bconfirm\b")),
)
#: the particle or preposition that makes a path the place of a change: `lib.rs から`, "from `lib.rs`"
WITHIN_AFTER = ("から", "より", "内の", "の中の")
WITHIN_BEFORE = ("from", "in", "inside")

#: a deletion that depends on the code: `使用箇所がなければ削除`, "delete `legacy/` if unused"
CONDITIONAL_WORDS = ("なければ", "未使用なら", "使われていなければ", r"\bif (?:it is |they are )?unused\b",
                     r"\bif not used\b", r"\bunless (?:it is |they are )?used\b", r"\bif nothing uses\b")
#: a deletion of deprecated names: `deprecated エクスポート削除`, "remove deprecated exports"
DEPRECATED_WORDS = ("deprecat", "非推奨")

#: the circuit breakers; the earliest word in the cell decides
ACTION_WORDS: Sequence[tuple[ActionKind, tuple[str, ...]]] = (
    (ActionKind.CARRY_OVER, ("持ち越", "次回", "繰り越", r"\bcarr(?:y|ies)\b", r"\bnext session\b",
                             r"\bpostpone the rest\b")),
    (ActionKind.REDUCE_SCOPE, ("スコープ縮小", "縮小", "スコープを", r"\breduce(?:s|d)? (?:the )?scope\b",
                               r"\bcut (?:the )?scope\b", r"\bnarrow\b", r"\bscope\b")),
    (ActionKind.DEFER_OPTIONAL, ("延期", "必須ではない", "任意", "後回し", r"\bdefer(?:red)?\b",
                                 r"\boptional\b", r"\bnot required\b", r"\bskip\b")),
)

LIMIT_WORDS: Sequence[tuple[LimitKind, tuple[str, ...]]] = (
    (LimitKind.NEW_FILES, ("新規ファイル", "追加ファイル", r"\bnew files?\b", r"\bnew modules?\b")),
    (LimitKind.NEW_DEPENDENCIES, ("新規依存", "依存クレート", "依存パッケージ", r"\bnew dependenc(?:y|ies)\b",
                                  r"\bnew crates?\b", r"\bnew packages?\b")),
    (LimitKind.API_BREAKS, ("api破壊的変更", "破壊的変更", r"\bbreaking (?:api )?changes?\b",
                            r"\bapi breaks?\b")),
    (LimitKind.FILE_LINES, ("ファイルサイズ", "行数", r"\bfile size\b", r"\blines per file\b")),
)

#: success criteria; file size first (it says "file"), then smoke tests (they also say "テスト")
CRITERION_WORDS: Sequence[tuple[CriterionKind, tuple[str, ...]]] = (
    (CriterionKind.FILE_SIZE, ("ファイルサイズ", "行数", r"\bfile size\b", r"\blines? per file\b")),
    (CriterionKind.SMOKE_TEST, ("スモークテスト", "スモーク", "学習パイプライン", r"\bsmoke[- ]?tests?\b",
                                r"\btraining pipeline\b")),
    (CriterionKind.TESTS, ("全テスト", "テスト通過", "テスト成功", r"\btests? pass(?:es)?\b",
                           r"\btest suite\b", r"\ball tests\b")),
    (CriterionKind.CI, (r"\bci\b", "github actions", "ci グリーン")),
)


def normalise(text: str) -> str:
    """One spelling for matching: full-width digits and letters folded (NFKC), lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def first_kind(text: str, table: Sequence[tuple[K, tuple[str, ...]]], *, earliest: bool = False) -> K | None:
    """The kind whose word the text says: the first row that matches, or with `earliest` the leftmost word."""
    plain = normalise(text)
    best: tuple[int, K] | None = None
    for kind, words in table:
        position = _first_position(plain, words)
        if position is None:
            continue
        if not earliest:
            return kind
        if best is None or position < best[0]:
            best = (position, kind)
    return best[1] if best else None


def says(text: str, words: Sequence[str]) -> bool:
    """Whether the text says one of `words` (plain substrings, or regular expressions starting `\\b`)."""
    return _first_position(normalise(text), words) is not None


def column(headers: Sequence[str], words: Sequence[str], *, skip: Sequence[int] = ()) -> int | None:
    """Index of the header cell naming one of `words` (best match first), or None."""
    for word in words:
        for index, header in enumerate(headers):
            if index not in skip and _first_position(normalise(header), (word,)) is not None:
                return index
    return None


def phase_number(text: str) -> int | None:
    """`Phase 1`, `フェーズ２`, `1` -> 1."""
    plain = normalise(text)
    if plain.isdigit():
        return int(plain)
    match = PHASE_TITLE.match(plain)
    return int(match.group(1)) if match else None


def section_of(heading: str) -> Section | None:
    plain = normalise(heading)
    for section, words in SECTION_WORDS:
        if _first_position(plain, words) is not None:
            return section
    return None


def _first_position(plain: str, words: Sequence[str]) -> int | None:
    positions = []
    for word in words:
        match = re.search(word if word.startswith("\\b") else re.escape(word), plain)
        if match:
            positions.append(match.start())
    return min(positions) if positions else None

