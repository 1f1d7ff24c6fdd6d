"""Module names from what a group holds (section titles, shared words, the dominant definition), and
the one line per module saying why its definitions belong together (`naming`, `reasons`)."""

from __future__ import annotations

import textwrap
from collections import Counter

import networkx as nx
import pytest

from refactor_tool.split.plan.cohesion import plan_groups
from refactor_tool.split.plan.naming import (
    candidates,
    choose,
    definitions,
    plural,
    qualifier,
    snake,
    unique,
    vocabulary,
)
from refactor_tool.split.plan.pieces import Piece, read_pieces
from refactor_tool.split.plan.reasons import reason
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module


def _piece(key: int, name: str, lines: int = 10, kind: str = "class") -> Piece:
    return Piece(key=key, units=(key,), statements=(key,), names=(name,), lines=lines, first_line=key * 20,
                 kind=kind)


def _group(*specs: tuple[str, int, str]) -> list[Piece]:
    return [_piece(n, name, lines, kind) for n, (name, lines, kind) in enumerate(specs)]


@pytest.mark.parametrize(
    ("group", "titles", "cli", "errors", "known", "expected"),
    [
        # a word of the section comment the group sits under, when its names use it
        ([("StockLedger", 90, "class"), ("Move", 10, "class")], {"stock ledger": 100}, False, 0,
         "ledger stock move", "ledger"),
        # mostly exception classes
        ([("InventoryError", 4, "class"), ("UnitError", 4, "class"), ("StockError", 6, "class")], {}, False, 3,
         "inventory unit stock error", "exceptions"),
        ([("ParseWarning", 4, "class"), ("LintWarning", 4, "class")], {}, False, 2, "parse lint warning",
         "warnings"),
        # the command line
        ([("main", 40, "function"), ("_build_parser", 30, "function")], {}, True, 0, "main build parser", "cli"),
        # the dominant class's head word (with an acronym run into the next word split right)
        ([("PdfFileReader", 300, "class"), ("_xref", 20, "function")], {}, False, 0, "pdf file reader xref",
         "reader"),
        ([("URLopener", 300, "class"), ("_helper", 10, "function")], {}, False, 0, "url opener helper", "opener"),
        # a class named by one word, which the module never spells in lower case
        ([("Ping", 40, "class"), ("_helper", 10, "function")], {}, False, 0, "helper", "ping"),
        # a word most names share, in the plural when it ends them
        ([("StoreAction", 30, "class"), ("AppendAction", 30, "class"), ("CountAction", 30, "class")], {}, False, 0,
         "store append count action", "actions"),
        # a word more than half of the names share beats the largest class's head word
        ([("HookCaller", 200, "class"), ("HookRelay", 20, "class"), ("HookExec", 20, "class"),
          ("_Plugin", 10, "class")], {}, False, 0, "hook caller relay exec plugin", "hook"),
        # the agent noun of the verb most functions start with, when the module spells it
        ([("parse_value", 40, "function"), ("parse_array", 30, "function"), ("parse_key", 20, "function"),
          ("skip_ws", 5, "function")], {}, False, 0, "parse value array key skip ws parser", "parser"),
        # a section title's word in another form than the names use (normalization, normalize_...)
        ([("normalize_hex", 20, "function"), ("normalize_rgb", 20, "function")], {"normalization functions": 40},
         False, 0, "normalize hex rgb", "normalization"),
        # a word run into a prefix (`iscoroutine`) is still the word the names share
        ([("iscoroutine", 20, "function"), ("_iscoroutine_cache", 5, "data"), ("coroutine_repr", 20, "function")], {},
         False, 0, "coroutine repr", "coroutine"),
        # the theme describing most of the lines: a class of 200 lines beats 3 parse_ functions of 180
        ([("ZoneInfo", 200, "class"), ("parse_tz_str", 60, "function"), ("parse_dst", 60, "function"),
          ("parse_offset", 60, "function"), ("load_data", 100, "function")], {}, False, 0,
         "zoneinfo zone info parse parser tz str dst offset load data", "zoneinfo"),
        # a class among small functions of no common theme names them, rather than `utils`
        ([("JSONDecoder", 30, "class"), ("py_scanstring", 40, "function"), ("scan_once", 30, "function"),
          ("linecol", 25, "function"), ("errmsg", 25, "function")], {}, False, 0,
         "json decoder scanstring scan once linecol errmsg py", "decoder"),
        # ... but an exception class does not
        ([("JSONDecodeError", 30, "class"), ("py_scanstring", 40, "function"), ("scan_once", 30, "function"),
          ("linecol", 25, "function"), ("errmsg", 25, "function")], {}, False, 0,
         "json decode error scanstring scan once linecol errmsg py", "utils"),
        # plain data
        ([("DEFAULT_TIMEOUT", 1, "data"), ("RETRIES", 1, "data")], {}, False, 0, "default timeout retries",
         "constants"),
        # mostly plain data by name and by half its lines, under a section comment (webcolors' tables)
        ([("HTML4_NAMES_TO_HEX", 20, "data"), ("CSS3_NAMES_TO_HEX", 100, "data"), ("HTML4_HEX_TO_NAMES", 1, "data"),
          ("CSS3_HEX_TO_NAMES", 1, "data"), ("name_to_hex", 40, "function")], {"mappings of color names": 162},
         False, 0, "html css names hex name mappings color", "constants"),
        # functions turning one thing into another (webcolors' rgb_to_hex ...), rather than their shared word
        ([("hex_to_rgb", 20, "function"), ("rgb_to_hex", 20, "function"), ("rgb_to_name", 20, "function"),
          ("name_to_rgb", 20, "function")], {}, False, 0, "hex rgb name", "conversions"),
    ],
)
def test_the_first_name_a_maintainer_would_choose(group, titles, cli, errors, known, expected) -> None:
    found = candidates(_group(*group), Counter(titles), cli, errors, frozenset(known.split()))
    assert found[0][0] == expected
    assert all(how for _, how in found)


def test_small_functions_are_named_after_the_one_the_others_use() -> None:
    group = _group(("deprecated", 20, "function"), ("compare", 20, "function"), ("match", 20, "function"),
                   ("max_ver", 20, "function"))
    known = frozenset(["deprecated", "compare", "match", "max", "ver"])
    assert candidates(group, Counter(), False, 0, known)[0][0] == "utils"
    found = candidates(group, Counter(), False, 0, known, hub=(group[0], 3))
    assert found[0] == ("deprecated", "deprecated uses or is used by 3 of the others")


def test_no_name_is_a_fragment_of_a_word_run_together() -> None:
    group = _group(("URLopener", 200, "class"), ("FancyURLopener", 100, "class"))
    found = candidates(group, Counter(), False, 0, frozenset(["url", "opener", "fancy"]))
    assert all(name in {"url", "opener", "openers", "fancy", "constants", "utils"} for name, _ in found), found


def test_a_sentence_or_a_kind_of_code_in_a_section_title_names_nothing() -> None:
    group = _group(("Spawn", 60, "class"), ("_spawn_helper", 10, "function"))
    for title in ("the following methods are no longer supported", "helper functions"):
        found = candidates(group, Counter({title: 70}), False, 0, frozenset(["spawn", "helper"]))
        assert all(name not in {"supported", "functions"} for name, _ in found), found
        assert found[0][0] == "spawn"


def test_a_piece_of_several_definitions_is_named_after_the_largest() -> None:
    source = "def touch():\n    return 1\n\n\nclass Ledger:\n" + "".join(f"    x{n} = touch()\n" for n in range(12))
    statements = analyze_module(source, "ledger.py").statements
    piece = Piece(key=0, units=(0, 1), statements=(0, 1), names=("touch", "Ledger"), lines=18, first_line=1,
                  kind="class")
    named = definitions([piece], statements)
    assert [(p.names, p.kind, p.lines) for p in named] == [(("touch",), "function", 2), (("Ledger",), "class", 13)]
    assert candidates(named, Counter(), False, 0, vocabulary(source))[0][0] == "ledger"


def test_choose_takes_the_first_free_valid_name() -> None:
    options = [("errors", "exception classes"), ("stack", "Stack and what it uses")]
    assert choose(options, set(), private=True) == ("_errors", "exception classes")
    assert choose(options, {"_errors"}, private=True) == ("_stack", "Stack and what it uses")
    assert choose(options, {"_errors", "_stack"}, private=True)[0] == "_errors_2"
    assert choose([("class", "a keyword")], set(), private=False)[0] == "class_"


def test_names_are_unique_valid_and_private_in_packages() -> None:
    assert snake("HTTPServer") == "http_server"
    assert unique("class", set(), private=False) == "class_"
    assert unique("widget", {"_widget"}, private=True) == "_widgets"
    assert unique("widget", {"_widget", "_widgets"}, private=True) == "_widget_2"
    assert plural("entry") == "entries" and plural("box") == "boxes" and plural("errors") == "errors"


def test_the_vocabulary_is_the_words_a_module_uses_on_its_own() -> None:
    words = vocabulary("class URLopener:\n    def open_url(self, url_text):  # open the url\n")
    assert {"open", "url", "text"} <= words and "lopener" not in words


def _pieces(*names: str) -> list[Piece]:
    return [Piece(key=n, units=(n,), statements=(n,), names=(name,), lines=10, first_line=n * 10, kind="class")
            for n, name in enumerate(names)]


def _links(*edges: tuple[int, int, str, float]) -> nx.Graph:
    graph = nx.Graph()
    for a, b, signal, weight in edges:
        graph.add_edge(a, b, weight=weight, signals={signal: weight})
    return graph


def test_the_hub_of_the_strongest_link_is_named() -> None:
    members = _pieces("Stack", "make_stack", "push_all")
    line = reason(members, _links((0, 1, "uses", 2.0), (0, 2, "uses", 2.0)), "Stack and what it uses")
    assert line == "Stack and what it uses; Stack uses or is used by 2 of the other 2"


def test_a_class_hierarchy_the_author_s_order_and_shared_words_each_read_as_such() -> None:
    members = _pieces("StackError", "EmptyStackError", "FullStackError")
    hierarchy = _links((0, 1, "inheritance", 2.0), (0, 2, "inheritance", 2.0), (1, 2, "words", 0.3))
    assert reason(members, hierarchy, "3 exception classes").endswith(
        "StackError shares a class hierarchy with 2 of the other 2")
    order = _links((0, 1, "order", 2.0), (1, 2, "order", 2.0))
    assert reason(members, order, "under 'errors'") == "under 'errors'; written together in the source"
    words = _links((0, 1, "docstrings", 1.0), (1, 2, "docstrings", 1.0))
    assert reason(members, words, "x") == "x; they share docstring vocabulary"


def test_a_module_of_one_definition_or_of_unlinked_ones_says_only_how_it_was_named() -> None:
    assert reason(_pieces("Big"), nx.Graph(), "Big (300 of 300 lines)") == "Big (300 of 300 lines)"
    loose = reason(_pieces("a", "b"), nx.Graph([(0, 9)]), "constants")
    assert loose == "constants; the rest is linked to nothing else"


def test_most_of_the_module_with_no_theme_of_its_own_is_its_core() -> None:
    group = _group(("ParserElement", 20, "class"), ("Token", 20, "class"), ("Word", 20, "class"),
                   ("Literal", 20, "class"), ("Forward", 20, "class"))
    known = frozenset(["parser", "element", "token", "word", "literal", "forward"])
    assert candidates(group, Counter(), False, 0, known, share=0.8)[0][0] == "core"
    assert candidates(group, Counter(), False, 0, known, share=0.3)[0][0] != "core"


SETTING = textwrap.dedent("""
    import os

    ROOTS = ()


    def set_roots(to=None):
        global ROOTS
        ROOTS = tuple(to or os.environ.get("PLUGIN_ROOTS", "").split(os.pathsep))


    def _is_plugin(name):
        return name.endswith(".py") and not name.startswith("_")


    def available_plugins():
        found = set()
        for root in ROOTS:
            try:
                names = os.listdir(root)
            except OSError:
                continue
            for name in names:
                if _is_plugin(name):
                    found.add(name[:-3])
        return found


    def find_plugin(name):
        for root in ROOTS:
            path = os.path.join(root, name + ".py")
            if os.path.exists(path):
                return path
        return None


    def describe_roots():
        return ", ".join(ROOTS) or "(none)"
""")


def test_a_setting_rebound_with_global_names_the_code_around_it() -> None:
    # `available_plugins` is the largest definition, but most of the lines read `ROOTS`, which
    # `set_roots` rebinds: the module is about the roots (zoneinfo's `TZPATH` -> `_tzpath`)
    def name(source: str) -> tuple[str, str]:
        analysis = analyze_module(source, "plugins.py")
        (group,) = plan_groups(read_pieces(build_units(analysis), analysis), 200, 1, private=False)
        return group.name, group.reason

    found, why = name(SETTING)
    assert found == "roots"
    assert why.startswith("ROOTS, a global rebound with `global`, and the code using it")
    assert name(SETTING.replace("ROOTS", "_ROOTS"))[0] == "plugins"  # a private flag names nothing


POOL = textwrap.dedent("""
    import queue
    import threading


    class Executor:
        '''Runs calls somewhere else.'''

        def submit(self, fn, /, *args, **kwargs):
            raise NotImplementedError()

        def shutdown(self, wait=True):
            pass


    def _worker(work_queue):
        while True:
            item = work_queue.get(block=True)
            if item is None:
                return
            fn, args = item
            fn(*args)


    class ThreadPoolExecutor(Executor):
        '''Runs calls in a pool of threads.'''

        def __init__(self, max_workers=4):
            self._max_workers = max_workers
            self._work_queue = queue.SimpleQueue()
            self._threads = set()
            self._shutdown = False

        def submit(self, fn, /, *args, **kwargs):
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            self._work_queue.put((fn, args))
            self._adjust_thread_count()

        def _adjust_thread_count(self):
            if len(self._threads) < self._max_workers:
                thread = threading.Thread(target=_worker, args=(self._work_queue,))
                thread.start()
                self._threads.add(thread)

        def shutdown(self, wait=True):
            self._shutdown = True
            for _ in self._threads:
                self._work_queue.put(None)
            if wait:
                for thread in self._threads:
                    thread.join()
""")


def test_an_implementation_named_after_its_interface_names_its_module_by_the_word_it_adds() -> None:
    # concurrent.futures' maintainers keep ThreadPoolExecutor, an implementation of the interface
    # Executor (its submit raises NotImplementedError), in `thread.py`, not `executor.py`
    assert qualifier("ThreadPoolExecutor", "Executor") == "thread"
    assert qualifier("TimestampSigner", "Signer", frozenset(["timestamp", "signer"])) == "timestamp"
    assert qualifier("TimestampSigner", "Signer", frozenset(["signer"])) is None  # a word the module never spells
    assert qualifier("DefaultCookiePolicy", "CookiePolicy") is None  # too vague a word
    assert qualifier("Executor", "Executor") is None
    analysis = analyze_module(POOL, "pool.py")
    (group,) = plan_groups(read_pieces(build_units(analysis), analysis), 200, 1, private=False)
    assert group.name == "thread"
    assert group.reason.startswith("ThreadPoolExecutor (")
    # a subclass of a concrete class is a variant of it, named with it (pyflakes' ExportBinding(Binding))
    concrete = POOL.replace("raise NotImplementedError()", "return fn(*args, **kwargs)")
    analysis = analyze_module(concrete, "pool.py")
    (group,) = plan_groups(read_pieces(build_units(analysis), analysis), 200, 1, private=False)
    assert group.name != "thread"
