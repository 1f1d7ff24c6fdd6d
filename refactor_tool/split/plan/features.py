"""What a reader notices about each piece besides its uses: the words of its names and docstrings,
its base classes, the attributes it reads and provides, and the section comment it sits under."""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass

from refactor_tool.split.plan.pieces import Pieces

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_BANNER = re.compile(r"^#\s*[-=#*~_+]{3,}|[-=#*~_+]{3,}\s*$")
_PROSE = re.compile(r"[a-z]{3,}")
_CODE_MARKS = ("(", ")", "=", ":", "class ", "def ", "'''", '"""')
STOPWORDS = frozenset(
    ["the", "and", "for", "with", "that", "this", "from", "are", "not", "but", "can", "its", "use", "used", "uses", "using", "into", "when", "will", "which", "each", "any", "all", "one", "may", "must", "has", "have", "been", "was", "were", "than", "then", "also", "only", "such", "should", "would", "none", "true", "false", "self", "cls", "return", "returns", "value", "values", "object", "objects", "argument", "arguments", "default", "given", "new", "get", "set", "see", "none", "type", "instance", "class", "function", "method", "none", "int", "str", "bool", "list", "dict", "tuple", "optional", "raise", "raises", "args", "kwargs", "name", "names"])


def words(name: str) -> list[str]:
    """`_HTTPConnectionPool` -> ['http', 'connection', 'pool']."""
    return [w.lower() for part in name.strip("_").split("_") for w in _WORDS.findall(part)]


@dataclass(frozen=True, slots=True)
class Features:
    name_words: Counter[str]
    body_words: Counter[str]
    doc_words: Counter[str]
    bases: frozenset[str]
    reads: frozenset[str]  # attribute names read (`x.attr`)
    provides: frozenset[str]  # attribute names a class defines (methods, class and `self.` attributes)
    section: int  # which section comment it sits under (-1: none)
    section_title: str


def _nodes_of(pieces: Pieces) -> dict[int, list[ast.stmt]]:
    """The top-level syntax nodes of each piece (found by line: statements do not overlap)."""
    owner = {i: key for key, piece in pieces.pieces.items() for i in piece.statements}
    starts = sorted((s.start, s.end, owner[s.index]) for s in pieces.analysis.statements if s.index in owner)
    nodes: dict[int, list[ast.stmt]] = {key: [] for key in pieces.pieces}
    try:
        tree = ast.parse(pieces.source)
    except SyntaxError:  # a source rewritten before planning (split classes) may only be read as facts
        return nodes
    at = 0
    for node in tree.body:
        while at < len(starts) and starts[at][1] < node.lineno:
            at += 1
        if at < len(starts) and starts[at][0] <= node.lineno <= starts[at][1]:
            nodes[starts[at][2]].append(node)
    return nodes


def _docstrings(node: ast.AST) -> list[str]:
    found = []
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            text = ast.get_docstring(child)
            if text:
                found.append(text)
    return found


def _provides(node: ast.stmt) -> set[str]:
    names: set[str] = set()
    if not isinstance(node, ast.ClassDef):
        return names
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(item.name)
        elif isinstance(item, (ast.Assign, ast.AnnAssign)):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Store) \
                and isinstance(child.value, ast.Name) and child.value.id == "self":
            names.add(child.attr)
    return names


def _abstract(node: ast.stmt) -> bool:
    """A method that only raises NotImplementedError (after its docstring) or is an `abstractmethod`."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    if any(isinstance(d, ast.Name | ast.Attribute) and (d.id if isinstance(d, ast.Name) else d.attr) == "abstractmethod"
           for d in node.decorator_list):
        return True
    body = [b for b in node.body if not (isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant))]
    raised = body[0].exc if len(body) == 1 and isinstance(body[0], ast.Raise) else None
    if isinstance(raised, ast.Call):
        raised = raised.func
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def implementations(source: str) -> dict[str, str]:
    """Each top-level class deriving from a top-level interface (a class with an abstract method,
    see `_abstract`) -> that interface: `ThreadPoolExecutor` -> `Executor`, whose `submit` raises
    NotImplementedError."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a source rewritten before planning (split classes) may only be read as facts
        return {}
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    interfaces = {name for name, node in classes.items() if any(_abstract(item) for item in node.body)}
    return {name: base.id for name, node in classes.items() for base in reversed(node.bases)
            if isinstance(base, ast.Name) and base.id in interfaces}


def sections(source: str) -> list[tuple[int, str]]:
    """(line, title) of the banner comments that head sections (`# ---- errors`, `#### PMap ####`,
    or a rule under a one-line title); commented-out code and file headers are none."""
    lines = source.splitlines()
    found: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if not line.startswith("#") or not _BANNER.search(line):
            continue
        if number <= 2 and ("coding" in line or line.startswith("#!")):
            continue
        text = line.strip("#-=*~_+ \t")
        if any(mark in text for mark in _CODE_MARKS):
            continue  # commented-out code
        if not text:  # a bare rule: the title is the comment line above it (or below)
            for near in (number - 2, number):
                if 0 <= near < len(lines) and lines[near].startswith("#") and not _BANNER.search(lines[near]):
                    text = lines[near].strip("# ")
                    break
        title = " ".join(_PROSE.findall(text.lower()))
        if title.startswith("end ") or title == "end":
            continue  # `# ---- end of spawn class` closes a section rather than opening one
        if len(title.split()) <= 8 and (not found or found[-1][0] < number - 2):
            found.append((number, title))
    return found


def read_features(pieces: Pieces) -> dict[int, Features]:
    nodes = _nodes_of(pieces)
    heads = sections(pieces.source)
    result = {}
    for key, piece in pieces.pieces.items():
        body: Counter[str] = Counter()
        docs: Counter[str] = Counter()
        bases: set[str] = set()
        reads: set[str] = set()
        provides: set[str] = set()
        for node in nodes[key]:
            for child in ast.walk(node):
                if isinstance(child, ast.Name):
                    body.update(words(child.id))
                elif isinstance(child, ast.Attribute):
                    body.update(words(child.attr))
                    if isinstance(child.ctx, ast.Load):
                        reads.add(child.attr)
            for text in _docstrings(node):
                docs.update(w for w in _PROSE.findall(text.lower()) if w not in STOPWORDS)
            if isinstance(node, ast.ClassDef):
                bases.update(b.id for b in node.bases if isinstance(b, ast.Name))
                bases.update(b.attr for b in node.bases if isinstance(b, ast.Attribute))
            provides |= _provides(node)
        above = [(line, title) for line, title in heads if line < piece.first_line]
        section, title = (len(above) - 1, above[-1][1]) if above else (-1, "")
        name_words = Counter(w for n in piece.names for w in words(n))
        result[key] = Features(name_words=name_words, body_words=body, doc_words=docs,
                               bases=frozenset(bases), reads=frozenset(reads - provides),
                               provides=frozenset(provides), section=section, section_title=title)
    return result


def chapters(features: dict[int, Features], keys: list[int]) -> dict[int, int]:
    """Each piece's chapter: the sections it sits under, with sections whose titles share a word
    (`catalogue model`, `catalogue parsing`) joined into one; -1 before the first section."""
    titles: dict[int, set[str]] = {}
    for key in keys:
        if features[key].section >= 0:
            titles[features[key].section] = set(features[key].section_title.split()) - STOPWORDS
    parent = {section: section for section in titles}

    def root(section: int) -> int:
        while parent[section] != section:
            section = parent[section]
        return section

    ordered = sorted(titles)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            if titles[first] & titles[second]:
                parent[root(second)] = root(first)
    return {key: root(features[key].section) if features[key].section >= 0 else -1 for key in keys}
