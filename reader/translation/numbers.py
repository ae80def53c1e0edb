"""Provides numbers, dates and measure words in English, for word glosses.

``2023年11月`` is "November 2023", ``两个`` "two", ``三种`` "three kinds of", ``三百多名`` "over
300", ``七十亿个`` "7 billion", ``百分之五十`` "50%", ``第一次`` "first time", ``周三``
"Wednesday". :func:`number_spans` finds such expressions in a sentence as character spans with
their English; the glosser glosses each span once instead of its words. Measure words and their
English are data (``data/measure_words.tsv``); each kind of expression is one small rule.

Ambiguous one-character numerals are left to the dictionary when the expression is itself a word:
一样 is "same", not "one kind", and 十分 "very", not "ten points".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}  # fmt: skip
_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                  "eighth", "ninth", "tenth")  # fmt: skip
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_WEEKDAYS = {"一": "Monday", "二": "Tuesday", "三": "Wednesday", "四": "Thursday",
             "五": "Friday", "六": "Saturday", "日": "Sunday", "天": "Sunday"}  # fmt: skip
_FEW = {"十": "dozens of", "百": "hundreds of", "千": "thousands of", "万": "tens of thousands of"}

_CN = "零〇一二两三四五六七八九十百千万亿"
NUMBER = rf"(?:\d+(?:[.,]\d+)*[万亿]*|[一二两三四五六七八九十][{_CN}]*)"
CHINESE_NUMBER = rf"[一二两三四五六七八九十][{_CN}]*"
SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_AMBIGUOUS = {1.0, 10.0}  # 一 and 十 start many words (一样, 一般, 十分)


@dataclass(frozen=True)
class Span:
    """An expression of a sentence, ``start``..``end``, and its English."""

    start: int
    end: int
    english: str


@cache
def measure_words() -> dict[str, tuple[str, str]]:
    """Measure word -> (singular English, plural English), from the data file."""
    text = (
        resources.files("reader.translation")
        .joinpath("data/measure_words.tsv")
        .read_text(encoding="utf-8")
    )
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, singular, plural = [*line.split("\t"), "", ""][:3]
            out[word.strip()] = (singular.strip(), plural.strip())
    return out


def _measure_pattern() -> str:
    words = sorted(measure_words(), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def parse_number(text: str) -> float | None:
    """The value of Arabic or Chinese numerals (七十亿 7e9, 1.5亿 1.5e8, 三百 300, 二〇二三
    2023), or None."""
    if not text:
        return None
    arabic = re.fullmatch(r"(\d+(?:[.,]\d+)*)([万亿]*)", text)
    if arabic:
        try:
            value = float(arabic.group(1).replace(",", ""))
        except ValueError:
            return None
        for ch in arabic.group(2):
            value *= _BIG[ch]
        return value
    if len(text) > 1 and all(ch in _DIGIT for ch in text):  # digit by digit: 二〇二三
        return float("".join(str(_DIGIT[ch]) for ch in text))
    total, section, digit = 0.0, 0.0, None
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            section += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        elif ch in _BIG:
            total = (total + section + (digit or 0)) * _BIG[ch]
            section, digit = 0.0, None
        else:
            return None
    return total + section + (digit or 0)


def english_number(value: float) -> str:
    """``two``, ``300``, ``1,500``, ``7 billion``, ``150 million``, ``2.5``."""
    if value != int(value):
        return f"{value:g}"
    n = int(value)
    if 0 <= n < len(_WORDS):
        return _WORDS[n]
    for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if n >= size and n % (size // 10) == 0:
            return f"{n / size:g} {name}"
    return f"{n:,}"


def ordinal(n: int) -> str:
    """``first``, ``third``, ``21st``, ``112th``."""
    if 0 <= n < len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- rules: each turns one match into English, or None to leave the words to the dictionary ----


def _date(m: re.Match[str]) -> str | None:
    found = m.groupdict()
    year = parse_number(found["year"]) if found.get("year") else None
    month = parse_number(found["month"]) if found.get("month") else None
    day = parse_number(found["day"]) if found.get("day") else None
    if month is not None and not 1 <= month <= 12:
        return None
    parts = []
    if month is not None:
        parts.append(_MONTHS[int(month) - 1] + (f" {int(day)}" if day else ""))
    if year is not None:
        parts.append(("," if day else "") + f" {int(year)}" if parts else f"{int(year)}")
    return "".join(parts).strip() or None


def _weekday(m: re.Match[str]) -> str | None:
    return _WEEKDAYS.get(m["day"])


def _percent(m: re.Match[str]) -> str | None:
    value = parse_number(m["number"])
    if value is None:
        return None
    return f"{value:g}%"


def _ordinal(m: re.Match[str]) -> str | None:
    value = parse_number(m["number"])
    if value is None or value != int(value):
        return None
    singular = measure_words().get(m["measure"] or "", ("", ""))[0]
    return " ".join(w for w in (ordinal(int(value)), singular.removesuffix(" of")) if w)


def _counted(m: re.Match[str]) -> str | None:
    singular, plural = measure_words()[m["measure"]]
    if m["number"] is None:  # 几个, 几年: a few
        return " ".join(w for w in ("a few", plural) if w)
    value = parse_number(m["number"])
    if value is None:
        return None
    count = english_number(value)
    if m["approx"]:  # 三百多名, 十几个: over 300
        count = f"over {count}"
    if value == 1 and not m["approx"]:
        return f"a {singular}".strip()
    return " ".join(w for w in (count, plural) if w)


_DEMONSTRATIVE = {"这": "this", "那": "that", "每": "each", "哪": "which", "各": "every"}


def _demonstrative(m: re.Match[str]) -> str | None:
    """这种 this kind of, 每个 each, 那条 that."""
    singular = measure_words()[m["measure"]][0]
    return " ".join(w for w in (_DEMONSTRATIVE[m["dem"]], singular) if w)


def _few(m: re.Match[str]) -> str | None:
    """几十个 dozens of, 几百 hundreds of."""
    plural = measure_words().get(m["measure"] or "", ("", ""))[1].removesuffix(" of")
    return " ".join(w for w in (_FEW[m["few"]], plural) if w)


def _bare(m: re.Match[str]) -> str | None:
    value = parse_number(m["number"])
    if value is None or len(m["number"]) < 2:
        return None  # a lone 三 is left to the dictionary
    return ("over " if m["approx"] else "") + english_number(value)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]


@cache
def rules() -> tuple[Rule, ...]:
    """The patterns in the order they are tried at each position."""
    measure = _measure_pattern()
    year = r"(?:\d{4}|[〇零一二三四五六七八九]{4}|\d{2}(?=年\d{1,2}月))"
    return (
        (
            re.compile(
                rf"(?:(?P<year>{year})年)?(?P<month>{SMALL})月(?:份)?(?:(?P<day>{SMALL})[日号])?"
            ),
            _date,
        ),
        (re.compile(rf"(?P<year>{year})年(?![代底初中])"), _date),
        (re.compile(r"(?:星期|礼拜|周)(?P<day>[一二三四五六日天])"), _weekday),
        (re.compile(rf"百分之(?P<number>{NUMBER})"), _percent),
        (re.compile(rf"第(?P<number>{NUMBER})(?P<measure>{measure})?"), _ordinal),
        (re.compile(rf"几(?P<few>[十百千万])(?P<measure>{measure})?"), _few),
        (re.compile(rf"(?P<dem>[这那每哪各])(?P<measure>{measure})"), _demonstrative),
        (
            re.compile(rf"(?:(?P<number>{NUMBER})(?P<approx>多|余|几)?|几)(?P<measure>{measure})"),
            _counted,
        ),
        (re.compile(rf"(?P<number>{CHINESE_NUMBER}|\d+(?:[.,]\d+)*[万亿]+)(?P<approx>多)?"), _bare),
    )


def number_spans(text: str, is_word: Callable[[str], bool] = lambda _: False) -> list[Span]:
    """Number, date and measure expressions of ``text`` (simplified), left to right.

    ``is_word(s)``: whether ``s`` is a dictionary word; an expression starting with 一 or 十
    that is one (一样, 十分) is left alone.
    """
    spans: list[Span] = []
    pos = 0
    while pos < len(text):
        found = None
        for pattern, rule in rules():
            m = pattern.match(text, pos)
            if m is None or m.end() == pos:
                continue
            number = m.groupdict().get("number") or ""
            leading = bool(number) and m.start("number") == pos and not number[0].isdigit()
            if leading and parse_number(number) in _AMBIGUOUS and is_word(m.group(0)):
                continue
            english = rule(m)
            if english:
                found = Span(m.start(), m.end(), english)
                break
        if found is None:
            pos += 1
            continue
        spans.append(found)
        pos = found.end
    return spans
