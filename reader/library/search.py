"""Provides full-text search over the library index: ranked hits with the match located.

Matches are ranked with bm25 (a match in the pinyin weighs a little less than one in the
characters or the English). Ranking reads every match, which for a very common character in a
library of thousands of articles takes seconds; past ``RANK_LIMIT`` matches the first ones in
library order are returned instead, and the result says so.

Where the match is in a hit is found again in Python, on the hit alone: the characters of the
query in the Chinese (folded to simplified, so 复盘 marks 復盤), the syllables in the pinyin of
the Chinese, or the words FTS5 itself highlights in the English (its Porter stemmer decides
what "races" matches).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import Literal

from reader.library import query as queries
from reader.library.db import Database
from reader.library.records import engine_tag, series_tag
from reader.library.tokens import HAN_SPLIT_RE, fold, quote, syllables_by_char, words, zh_phrase

RANK_LIMIT = 10_000
Field = Literal["zh", "en", "pinyin"]
Span = tuple[int, int]
_OPEN, _CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class Filters:
    """Restrictions of a search: one article, one series, one translation engine."""

    article: str | None = None
    series: str | None = None
    engine: str | None = None  # "curated", "argos", "llm" … or "none" for no English


@dataclass(frozen=True)
class Hit:
    """A matching sentence: where it is, its texts, and where the match is."""

    slug: str
    title: str
    sentence_id: str
    position: int  # index of the sentence in the article's reading order
    zh: str
    en: str | None
    engine: str | None
    field: Field  # where the match was found ("pinyin": in the reading of ``zh``)
    spans: tuple[Span, ...]  # offsets of the match in ``zh`` (zh, pinyin) or ``en`` (en)
    score: float | None  # bm25 (lower is better); None when not ranked

    @property
    def text(self) -> str:
        """The text the spans refer to."""
        return (self.en or "") if self.field == "en" else self.zh


@dataclass(frozen=True)
class Results:
    """Hits of a search, best first."""

    hits: list[Hit]
    total: int  # matching sentences (at least; see ``capped``)
    capped: bool  # more than RANK_LIMIT matched: hits are in library order, not ranked
    articles: int = 0  # articles among the hits


class Searcher:
    """Runs searches on an index; one per index (it keeps a small in-memory highlighter)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._highlighter: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def search(self, text: str, *, limit: int = 50, filters: Filters | None = None) -> Results:
        """Sentences matching ``text``, best first, at most ``limit``."""
        parsed = queries.parse(text)
        if parsed.empty or limit <= 0:
            return Results([], 0, False)
        match = _with_filters(parsed.match, filters or Filters(), self.db)
        if match is None:
            return Results([], 0, False)
        rows, total, capped = self.db.read(lambda c: _matches(c, match, limit))
        hits = [self._hit(parsed, row, score) for row, score in rows]
        return Results(hits, total, capped, len({h.slug for h in hits}))

    def _hit(self, parsed: queries.Query, row: tuple[object, ...], score: float | None) -> Hit:
        slug, title, sid, position, zh, en, engine = row
        assert isinstance(zh, str) and (en is None or isinstance(en, str))
        # The query as typed in the Chinese, else in the English, else in the pinyin, else
        # its words anywhere in the Chinese.
        spans = zh_spans(parsed, zh)
        field: Field = "zh"
        if not spans and en and parsed.en_match:
            spans = self._en_spans(parsed.en_match, en)
            field = "en" if spans else "zh"
        if not spans and parsed.pinyin:
            spans = pinyin_spans(parsed, zh)
            field = "pinyin" if spans else "zh"
        if not spans:
            spans = zh_spans(parsed, zh, loose=True)
        return Hit(
            str(slug),
            str(title),
            str(sid),
            int(position),  # type: ignore[call-overload]
            zh,
            en,
            str(engine) if engine else None,
            field,
            spans,
            score,
        )

    def _en_spans(self, en_match: str, en: str) -> tuple[Span, ...]:
        """Where FTS5 (with its stemmer) finds the query in one English sentence."""
        with self._lock:
            if self._highlighter is None:
                conn = sqlite3.connect(":memory:", check_same_thread=False)
                conn.execute(
                    "CREATE VIRTUAL TABLE hl USING fts5(en, "
                    "tokenize = 'porter unicode61 remove_diacritics 2')"
                )
                self._highlighter = conn
            conn = self._highlighter
            conn.execute("DELETE FROM hl")
            conn.execute("INSERT INTO hl (rowid, en) VALUES (1, ?)", (en,))
            try:
                row = conn.execute(
                    "SELECT highlight(hl, 0, ?, ?) FROM hl WHERE hl MATCH ?",
                    (_OPEN, _CLOSE, en_match),
                ).fetchone()
            except sqlite3.Error:
                row = None
        return _marked_spans(row[0]) if row else ()


def _with_filters(match: str, filters: Filters, db: Database) -> str | None:
    """The match restricted by the filters' tags; None when a filter names nothing."""
    tags = []
    if filters.article:
        found = db.read(
            lambda c: c.execute(
                "SELECT id FROM articles WHERE slug = ?", (filters.article,)
            ).fetchone()
        )
        if found is None:
            return None
        tags.append(f"art{found[0]}")
    if filters.series:
        tags.append(series_tag(filters.series))
    if filters.engine:
        tags.append(engine_tag(filters.engine))
    if not tags:
        return match
    return f"({match}) AND " + " AND ".join(f"tags : {quote(t)}" for t in tags)


def _matches(
    conn: sqlite3.Connection, match: str, limit: int
) -> tuple[list[tuple[tuple[object, ...], float | None]], int, bool]:
    # One pass for the count (stopping past the limit); it also gives the first matches in
    # library order for when there are too many to rank.
    found_ids = conn.execute(
        "SELECT rowid FROM sentence_text WHERE sentence_text MATCH ? LIMIT ?",
        (match, RANK_LIMIT + 1),
    ).fetchall()
    total = len(found_ids)
    capped = total > RANK_LIMIT
    ranked: list[tuple[int, float | None]]
    if capped:
        ranked = [(rowid, None) for (rowid,) in found_ids[:limit]]
    else:
        ranked = conn.execute(
            "SELECT rowid, rank FROM sentence_text WHERE sentence_text MATCH ? "
            "ORDER BY rank LIMIT ?",
            (match, limit),
        ).fetchall()
    if not ranked:
        return [], total, capped
    ids = [r[0] for r in ranked]
    marks = ", ".join("?" for _ in ids)
    found = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT s.id, a.slug, a.title, s.sentence_id, s.position, s.zh, s.en, s.engine "
            f"FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.id IN ({marks})",
            ids,
        )
    }
    rows = [(found[rid], score) for rid, score in ranked if rid in found]
    return rows, total, capped


def _lower_same_length(text: str) -> str:
    """``text`` in lower case, character for character (offsets stay valid)."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _part_pattern(part: str) -> str:
    """A regex finding one query word in folded, lower-case text: Han runs as they are, Latin
    words by their first letters (the index stems them), anything between them skipped."""
    pieces = []
    for n, piece in enumerate(HAN_SPLIT_RE.split(part)):
        if n % 2:
            pieces.append(re.escape(piece))
        else:
            pieces.extend(_word_pattern(w) for w in words(piece))
    return r"[\W_]*".join(pieces)


def _word_pattern(word: str) -> str:
    """A Latin word by its first letters: the index stems words (races → race). Han characters
    count as word characters for ``\\b``, so the edges are looked for by hand (做AI原生)."""
    if not word.isalpha():  # M2, 2024: no stem
        return r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])"
    keep = max(3, len(word) - 2) if len(word) > 3 else len(word)
    return r"(?<![a-z0-9])" + re.escape(word[:keep]) + r"[a-z]*"


def zh_spans(parsed: queries.Query, zh: str, *, loose: bool = False) -> tuple[Span, ...]:
    """Where the query's words are in a Chinese sentence (either script): each query word as
    typed, or with ``loose`` each of its Latin words anywhere."""
    if not parsed.zh_parts:
        return ()
    text = _lower_same_length(fold(zh))
    spans: list[Span] = []
    for part in parsed.zh_parts:
        if loose:
            patterns = [_word_pattern(word) for word in words(part)]
        else:
            patterns = [pattern] if (pattern := _part_pattern(part)) else []
        for pattern in patterns:
            spans += [m.span() for m in re.finditer(pattern, text) if m.end() > m.start()]
    return _merged(spans, zh)


def pinyin_spans(parsed: queries.Query, zh: str) -> tuple[Span, ...]:
    """Where the query's syllables are in the reading of a Chinese sentence."""
    readings = syllables_by_char(fold(zh))
    han = [(i, s) for i, s in enumerate(readings) if s is not None]
    spans: list[Span] = []
    for reading in parsed.pinyin:
        wanted = reading.syllables
        size = len(wanted)
        for start in range(len(han) - size + 1):
            window = han[start : start + size]
            if (
                all(
                    got == want or (reading.prefix and k == size - 1 and got.startswith(want))
                    for k, ((_, got), want) in enumerate(zip(window, wanted, strict=True))
                )
                and window[-1][0] - window[0][0] == size - 1
            ):
                spans.append((window[0][0], window[-1][0] + 1))
    return _merged(spans, zh)


def _merged(spans: list[Span], text: str) -> tuple[Span, ...]:
    """Sorted spans, those that overlap or are separated by spaces only joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and (start <= out[-1][1] or not text[out[-1][1] : start].strip()):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _marked_spans(marked: str) -> tuple[Span, ...]:
    """Spans of the text between FTS5 highlight markers, in the text without them."""
    spans: list[Span] = []
    plain = 0
    start = 0
    for ch in marked:
        if ch == _OPEN:
            start = plain
        elif ch == _CLOSE:
            spans.append((start, plain))
        else:
            plain += 1
    text = marked.replace(_OPEN, "").replace(_CLOSE, "")
    return _merged(spans, text)


def snippet(hit: Hit, *, context: int | None = None, mark: tuple[str, str] = ("**", "**")) -> str:
    """The part of the hit's text around its first match, every match in it between ``mark``;
    "…" where the text was cut."""
    text = hit.text
    if context is None:
        context = 60 if hit.field == "en" else 24
    if not hit.spans:
        return text[: 2 * context] + ("…" if len(text) > 2 * context else "")
    first = hit.spans[0]
    start = max(0, first[0] - context)
    end = min(len(text), first[1] + context)
    out = ["…" if start else ""]
    at = start
    for s, e in hit.spans:
        if s >= end or e <= start:
            continue
        s, e = max(s, start), min(e, end)
        out += [text[at:s], mark[0], text[s:e], mark[1]]
        at = e
    out.append(text[at:end])
    out.append("…" if end < len(text) else "")
    return "".join(out)


def occurrences(db: Database, word: str) -> tuple[int, int]:
    """How often ``word`` occurs in the Chinese of the library, and in how many articles.

    A word of one or two Han characters is counted from the index's own term counts (each
    occurrence is exactly one pair token, or one pair starting with the character), which
    takes milliseconds even for 的 in a library of thousands; a longer one by reading the
    sentences that hold its phrase.
    """
    key = _lower_same_length(fold(" ".join(word.split())))
    phrase = zh_phrase(key) if HAN_SPLIT_RE.search(key) else None
    if not phrase:
        return 0, 0
    match = f"zh : {phrase}"
    short = len(key) <= 2 and HAN_SPLIT_RE.fullmatch(key) is not None

    def count(conn: sqlite3.Connection) -> tuple[int, int]:
        articles = int(
            conn.execute(
                "SELECT count(DISTINCT article_id) FROM sentences WHERE id IN "
                "(SELECT rowid FROM sentence_text WHERE sentence_text MATCH ?)",
                (match,),
            ).fetchone()[0]
        )
        if not articles:
            return 0, 0
        if short:
            conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentence_terms "
                "USING fts5vocab(main, sentence_text, col)"
            )
            if len(key) == 2:
                sql = "SELECT sum(cnt) FROM temp.sentence_terms WHERE col = 'zh' AND term = ?"
                found = conn.execute(sql, (key,)).fetchone()[0]
            else:  # every pair that starts with the character, and the character alone
                sql = (
                    "SELECT sum(cnt) FROM temp.sentence_terms WHERE col = 'zh' "
                    "AND term >= ? AND term < ?"
                )
                found = conn.execute(sql, (key, key + "\U0010ffff")).fetchone()[0]
            return int(found or 0), articles
        pattern = re.compile(re.escape(key))
        total = 0
        for (zh,) in conn.execute(
            "SELECT zh FROM sentences WHERE id IN "
            "(SELECT rowid FROM sentence_text WHERE sentence_text MATCH ?)",
            (match,),
        ):
            total += len(pattern.findall(_lower_same_length(fold(zh))))
        return total, articles

    return db.read(count)
