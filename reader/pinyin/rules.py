"""Context rules for polyphones where the model and the dictionaries are weak, kept as data.

The rules live in ``data/rules.yaml``: for each character, an ordered list of readings with the
conditions under which they apply; the first rule whose conditions all hold sets the reading.
A condition is one of the small named tests below (``free``, ``prev_char``, ``after`` …) with
its argument; word and character sets can be named once under ``sets:`` and used as ``$name``.

    地:
      - read: de5
        if: {free: true, alone: true, next_han: true, prev_char_not: $di_before}
        why: structural particle after an adverbial (清晰地定义, 很好地利用)

Each rule encodes a grammatical or lexical fact that shows in a narrow, recognisable context
(the words around the character), never a list of sentences.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reader.safe_yaml import load_shipped
from reader.text.wordclass import word_classes

from .context import Context, is_han

_DATA = Path(__file__).resolve().parent / "data"

Test = Callable[[Context, int, Any], bool]
_TESTS: dict[str, Test] = {}


def test(name: str) -> Callable[[Test], Test]:
    """Registers a named condition usable in ``rules.yaml``."""

    def register(func: Test) -> Test:
        _TESTS[name] = func
        return func

    return register


# ---------------------------------------------------------------- the conditions
@test("free")
def _free(ctx: Context, i: int, want: bool) -> bool:
    """No dictionary word covers the character (its reading is not a word's)."""
    return (i not in ctx.covered) == want


@test("alone")
def _alone(ctx: Context, i: int, want: bool) -> bool:
    """The character is a segmentation word of its own."""
    return ctx.alone(i) == want


@test("now")
def _now(ctx: Context, i: int, readings: frozenset[str]) -> bool:
    """The reading chosen so far is one of these."""
    return ctx.readings[i] in readings


@test("prev_char")
def _prev_char(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The character before is one of these."""
    return ctx.char(i - 1) in chars


@test("prev_char_not")
def _prev_char_not(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The character before is none of these."""
    return ctx.char(i - 1) not in chars


@test("prev2_char")
def _prev2_char(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The character two before is one of these."""
    return ctx.char(i - 2) in chars


@test("prev2_char_not")
def _prev2_char_not(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The character two before is none of these."""
    return ctx.char(i - 2) not in chars


@test("next_char")
def _next_char(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The character after is one of these."""
    return ctx.char(i + 1) in chars


@test("next_char_not")
def _next_char_not(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The character after is none of these."""
    return ctx.char(i + 1) not in chars


@test("prev_han")
def _prev_han(ctx: Context, i: int, want: bool) -> bool:
    """A Chinese character comes right before."""
    return is_han(ctx.char(i - 1)) == want


@test("next_han")
def _next_han(ctx: Context, i: int, want: bool) -> bool:
    """A Chinese character comes right after."""
    return is_han(ctx.char(i + 1)) == want


@test("next2_han")
def _next2_han(ctx: Context, i: int, want: bool) -> bool:
    """A Chinese character stands two places after."""
    return is_han(ctx.char(i + 2)) == want


@test("word_starts")
def _word_starts(ctx: Context, i: int, want: bool) -> bool:
    """The character is the first of its segmentation word."""
    return (ctx.spans[ctx.word_index(i)][0] == i) == want


@test("word_ends")
def _word_ends(ctx: Context, i: int, want: bool) -> bool:
    """The character is the last of its segmentation word."""
    return (ctx.spans[ctx.word_index(i)][1] == i + 1) == want


@test("clause_end")
def _clause_end(ctx: Context, i: int, want: bool) -> bool:
    """The character closes a clause: the text ends or clause punctuation follows (an opening
    quote or bracket does not count: 不停地“打怪”)."""
    nxt = ctx.char(i + 1)
    return (nxt == "" or nxt in _CLAUSE_END) == want


_CLAUSE_END = frozenset("，。！？；：、…,.!?;:)）]】」』”’\n")


@test("before")
def _before(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """The text right before ends with one of these."""
    return ctx.text.endswith(strings, 0, i)


@test("before_not")
def _before_not(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """The text right before ends with none of these."""
    return not ctx.text.endswith(strings, 0, i)


@test("after")
def _after(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """The text right after starts with one of these."""
    return ctx.text.startswith(strings, i + 1)


@test("after_not")
def _after_not(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """The text right after starts with none of these."""
    return not ctx.text.startswith(strings, i + 1)


@test("earlier")
def _earlier(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """One of these occurs earlier in the same clause (把 … 当 …)."""
    start = i
    while start > 0 and ctx.text[start - 1] not in _CLAUSE_BREAKS:
        start -= 1
    return any(ctx.text.find(s, start, i) >= 0 for s in strings)


@test("later")
def _later(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """One of these occurs later in the same clause (为 … 而 …)."""
    end = i + 1
    while end < len(ctx.text) and ctx.text[end] not in _CLAUSE_BREAKS:
        end += 1
    return any(ctx.text.find(s, i + 1, end) >= 0 for s in strings)


@test("later_not")
def _later_not(ctx: Context, i: int, strings: tuple[str, ...]) -> bool:
    """None of these occurs later in the same clause."""
    return not _later(ctx, i, strings)


@test("later_class")
def _later_class(ctx: Context, i: int, classes: frozenset[str]) -> bool:
    """A word of one of these classes (v, a, d) comes later in the same clause (为 X 送去)."""
    k = ctx.word_index(i) + 1
    while k < len(ctx.spans):
        word = ctx.word(k)
        if word[:1] in _CLAUSE_BREAKS:
            return False
        if word_classes().classes(word) in classes:
            return True
        k += 1
    return False


_CLAUSE_BREAKS = frozenset("，。！？；：,.!?;:\n")


@test("verb_later")
def _verb_later(ctx: Context, i: int, want: bool) -> bool:
    """A verb comes later in the clause, after at least one other word and before any 的 or 所
    (为股东分配红利: yes; 为人所知, 为马钱科属下的一个种: no)."""
    start = ctx.word_index(i) + 1
    k = start
    found = False
    while k < len(ctx.spans):
        word = ctx.word(k)
        if word[:1] in _CLAUSE_BREAKS or word in _ATTRIBUTE_MARKS:
            break
        if k > start and word not in _NOT_PREDICATES and word_classes().is_verb(word):
            found = True
            break
        k += 1
    return found == want


_ATTRIBUTE_MARKS = frozenset(["的", "所", "之"])
# verbs that do not make 为 "for": the copula and 有
_NOT_PREDICATES = frozenset(["是", "有", "在", "为"])


@test("word")
def _word(ctx: Context, i: int, words: frozenset[str]) -> bool:
    """The segmentation word holding the character is one of these."""
    return ctx.word_at(i) in words


@test("word_not")
def _word_not(ctx: Context, i: int, words: frozenset[str]) -> bool:
    """The segmentation word holding the character is none of these."""
    return ctx.word_at(i) not in words


@test("prev_word")
def _prev_word(ctx: Context, i: int, words: frozenset[str]) -> bool:
    """The word before is one of these."""
    return ctx.prev_word(i) in words


@test("prev_word_not")
def _prev_word_not(ctx: Context, i: int, words: frozenset[str]) -> bool:
    """The word before is none of these."""
    return ctx.prev_word(i) not in words


@test("next_word")
def _next_word(ctx: Context, i: int, words: frozenset[str]) -> bool:
    """The word after is one of these."""
    return ctx.next_word(i) in words


@test("next_word_not")
def _next_word_not(ctx: Context, i: int, words: frozenset[str]) -> bool:
    """The word after is none of these."""
    return ctx.next_word(i) not in words


@test("prev_word_len")
def _prev_word_len(ctx: Context, i: int, least: int) -> bool:
    """The word before has at least this many characters."""
    return len(ctx.prev_word(i)) >= least


@test("next_word_len")
def _next_word_len(ctx: Context, i: int, least: int) -> bool:
    """The word after has at least this many characters."""
    return len(ctx.next_word(i)) >= least


@test("prev_word_ends")
def _prev_word_ends(ctx: Context, i: int, chars: frozenset[str]) -> bool:
    """The word before ends with one of these characters."""
    return ctx.prev_word(i)[-1:] in chars


@test("prev_class")
def _prev_class(ctx: Context, i: int, classes: frozenset[str]) -> bool:
    """The word before is of one of these classes: v (verb), a (adjective), d (adverb)."""
    return any(c in classes for c in word_classes().classes(ctx.prev_word(i)))


@test("prev_class_not")
def _prev_class_not(ctx: Context, i: int, classes: frozenset[str]) -> bool:
    """The word before is of none of these classes (v, a, d)."""
    return not any(c in classes for c in word_classes().classes(ctx.prev_word(i)))


@test("prev_redup")
def _prev_redup(ctx: Context, i: int, want: bool) -> bool:
    """The word before is reduplicated: 慢慢, 高高兴兴, 静悄悄."""
    w = ctx.prev_word(i)
    redup = len(w) >= 2 and (w[-1] == w[-2] or (len(w) == 4 and w[0] == w[1] and w[2] == w[3]))
    return redup == want


@test("redup")
def _redup(ctx: Context, i: int, want: bool) -> bool:
    """The character is a reduplicated verb: 数数, 数一数, 称了称, 晃来晃去."""
    ch, text = ctx.char(i), ctx.text
    found = (
        ctx.char(i + 1) == ch
        or ctx.char(i - 1) == ch
        or (ctx.char(i + 2) == ch and ctx.char(i + 1) in "一了来")
        or (ctx.char(i - 2) == ch and ctx.char(i - 1) in "一了来")
        or text.startswith("来" + ch + "去", i + 1)
    )
    return found == want


@test("ordinal")
def _ordinal(ctx: Context, i: int, want: bool) -> bool:
    """第 and a number come right before (第三行, 第12行)."""
    j = i - 1
    while j >= 0 and ctx.text[j] in _NUMERAL_CHARS:
        j -= 1
    return (j < i - 1 and j >= 0 and ctx.text[j] == "第") == want


_NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万0123456789０１２３４５６７８９")


# ---------------------------------------------------------------- loading
@dataclass(frozen=True)
class Rule:
    """One reading of one character and the conditions under which it applies."""

    char: str
    reading: str
    tests: tuple[tuple[Test, Any], ...]
    why: str = ""

    def applies(self, ctx: Context, i: int) -> bool:
        """True when every condition holds at position ``i``."""
        return all(func(ctx, i, arg) for func, arg in self.tests)


class RuleError(ValueError):
    """A malformed rules file (a bug in the shipped data, caught by the tests)."""


def _expand(value: Any, sets: dict[str, Any]) -> Any:
    """Resolves ``$name`` references to the named sets (inside lists too)."""
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in sets:
            raise RuleError(f"unknown set {value}")
        return sets[value[1:]]
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            got = _expand(item, sets)
            out.extend(got if isinstance(got, list) else [got])
        return out
    return value


def _argument(name: str, value: Any) -> Any:
    """The argument of a condition in the form its test expects."""
    if isinstance(value, (bool, int)):
        return value
    if name in ("before", "before_not", "after", "after_not", "earlier", "later", "later_not"):
        items = [value] if isinstance(value, str) else value
        return tuple(str(v) for v in items)
    if isinstance(value, str):  # a string is a set of characters
        return frozenset(value)
    return frozenset(str(v) for v in value)


def parse(data: dict[str, Any]) -> dict[str, tuple[Rule, ...]]:
    """Rules by character from the loaded YAML mapping; raises RuleError when malformed."""
    raw_sets = data.get("sets") or {}
    sets: dict[str, Any] = {}
    for name, value in raw_sets.items():
        sets[str(name)] = value if isinstance(value, str) else [str(v) for v in value]
    for name, value in list(sets.items()):
        if isinstance(value, list):
            sets[name] = _expand(value, sets)
    out: dict[str, tuple[Rule, ...]] = {}
    for char, entries in (data.get("rules") or {}).items():
        rules = []
        for entry in entries:
            reading = entry.get("read")
            if not isinstance(reading, str):
                raise RuleError(f"{char}: a rule without 'read'")
            tests = []
            for name, value in (entry.get("if") or {}).items():
                if name not in _TESTS:
                    raise RuleError(f"{char} {reading}: unknown condition '{name}'")
                expanded = _expand(value, sets)
                tests.append((_TESTS[name], _argument(name, expanded)))
            rules.append(Rule(str(char), reading, tuple(tests), str(entry.get("why", ""))))
        out[str(char)] = tuple(rules)
    for frame in data.get("frames") or []:
        _add_frame(frame, sets, out)
    return out


def _add_frame(
    frame: dict[str, Any], sets: dict[str, Any], out: dict[str, tuple[Rule, ...]]
) -> None:
    """Appends one rule per character of a frame: a context shared by many characters (a verb
    before an aspect particle or a complement), each with the reading it has there."""
    readings = frame.get("readings")
    if not isinstance(readings, dict) or not frame.get("if"):
        raise RuleError(f"frame {frame.get('name', '?')}: needs 'readings' and 'if'")
    tests = []
    for name, value in frame["if"].items():
        if name not in _TESTS:
            raise RuleError(f"frame {frame.get('name', '?')}: unknown condition '{name}'")
        tests.append((_TESTS[name], _argument(name, _expand(value, sets))))
    why = str(frame.get("why", ""))
    for char, reading in readings.items():
        rule = Rule(str(char), str(reading), tuple(tests), why)
        out[str(char)] = (*out.get(str(char), ()), rule)


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _shipped_data() -> dict[str, Any]:
    """``data/rules.yaml`` as parsed once (rules and the character sets)."""
    with _lock:
        data = load_shipped((_DATA / "rules.yaml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def shipped_rules() -> dict[str, tuple[Rule, ...]]:
    """The rules of ``data/rules.yaml``, loaded once."""
    return parse(_shipped_data())


def apply(ctx: Context, rules: dict[str, tuple[Rule, ...]] | None = None) -> None:
    """Sets ``ctx.readings`` where a rule applies (the first matching rule of a character)."""
    table = shipped_rules() if rules is None else rules
    readings = ctx.readings
    for i, ch in enumerate(ctx.text):
        candidates = table.get(ch)
        if not candidates or readings[i] is None:
            continue
        for rule in candidates:
            if rule.applies(ctx, i):
                readings[i] = rule.reading
                break


@lru_cache(maxsize=1)
def _glue_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The characters a glued word may start with (numbers, demonstratives), the complements
    it may end with, and the characters that have rules."""
    sets = _shipped_data().get("sets") or {}
    starts = frozenset(str(sets.get("numerals", "")) + str(sets.get("demonstratives", "")))
    return starts, frozenset(str(sets.get("complements", ""))), frozenset(shipped_rules())


def glued(word: str) -> bool:
    """Whether a two-character word is a pattern jieba glued rather than a word: a character
    with rules doubled (教教), after a number or demonstrative (两行, 这行) or before a result
    complement (调低, 量好)."""
    if len(word) != 2:
        return False
    starts, complements, ruled = _glue_sets()
    a, b = word[0], word[1]
    return (
        (a == b and a in ruled) or (a in starts and b in ruled) or (a in ruled and b in complements)
    )


def conditions() -> Iterable[str]:
    """The names of the conditions a rule may use."""
    return sorted(_TESTS)
