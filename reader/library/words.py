"""Provides the words of each article in the library index, and every article's difficulty for
the learner computed from them in bulk.

Segmenting an article (jieba, the glossary's terms kept whole, the user's corrections) takes
some 20 ms, so counting a library of thousands at every start took minutes. The index keeps,
per article, how often each of its words runs (counted once per version of the article and of
what segments it: :func:`segmentation_key`), as two arrays of 32-bit integers, word ids and
counts; each word is stored once, with its HSK level. What the learner knows is not stored
here (the vocabulary store is its truth, and it changes as they read): :func:`difficulties`
joins it with the counts in numpy, a few thousand articles in a fraction of a second, so the
library's column is right again as soon as a word is marked.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.analysis import Analyzer
    from reader.library.db import Database
    from reader.vocab.difficulty import Difficulty
    from reader.workspace import Workspace

VERSION = 1  # raise when article_words() or effective_level() count differently
BATCH = 20  # articles counted per transaction
CHUNK = 500  # articles whose difficulty numpy computes at once (bounded memory)
_BEYOND = 0  # the level code of a word beyond the syllabus
_LEVEL_CODES = 9  # 0 (beyond) and levels 1-7, with room to spare
_NEW, _LEARNING, _KNOWN = 0, 1, 2  # the learner's states, as codes
_STATES = 3
_CELLS = _LEVEL_CODES * _STATES  # per article

# The ids and counts arrays are stored little-endian whatever the machine.
_DTYPE = "<i4"


def segmentation_key(ws: Workspace) -> str:
    """A signature of what decides an article's words: this module's version and the contents
    of the glossary and pinyin-correction files (terms stay whole, corrections keep their
    spans). Contents, not paths and times: a checkout or a reinstall that touches the bundled
    glossary without changing it does not send a library of thousands to be counted again."""
    from reader.pinyin.overrides import overrides_path

    files = [(role, path) for path, role in ws.glossary_paths()]
    files.append(("corrections", overrides_path()))
    digest = hashlib.sha1(f"words {VERSION}".encode())
    for role, path in files:
        digest.update(f"\0{role}\0".encode())
        digest.update(_file_digest(path))
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    """The SHA-1 of a file's bytes; a marker for a missing or unreadable one (which the
    glossary's own loading reports)."""
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha1").digest()
    except FileNotFoundError:
        return b"missing"
    except OSError:
        return b"unreadable"


def to_count(db: Database, key: str) -> list[tuple[int, str, str, str]]:
    """The articles whose words are not counted under ``key`` (new, changed, or counted with
    another glossary): (id, slug, path, hash), by slug."""
    return db.read(
        lambda c: c.execute(
            "SELECT a.id, a.slug, a.path, a.hash FROM articles a "
            "LEFT JOIN word_counts w ON w.article_id = a.id "
            "WHERE w.key IS NULL OR w.key != ? ORDER BY a.slug",
            (key,),
        ).fetchall()
    )


def count_words(
    db: Database,
    analyzer: Analyzer,
    key: str,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] | None = None,
    only: Collection[str] | None = None,
) -> int:
    """Counts the words of every article not counted under ``key`` (of those among the slugs
    ``only``, when given), a batch per transaction (an interrupted count keeps what it
    finished); returns how many were counted."""
    work = to_count(db, key)
    if only is not None:
        work = [row for row in work if row[1] in only]
    done = 0
    for start in range(0, len(work), BATCH):
        if cancelled():
            break
        if progress:
            progress(start, len(work))
        batch = []
        for article_id, _, path, digest in work[start : start + BATCH]:
            counts = _article_counts(analyzer, Path(path))
            if counts is not None:
                batch.append((article_id, digest, counts))
        done += db.write(lambda c, batch=batch: _store(c, key, batch))  # type: ignore[misc]
    if progress and work:
        progress(len(work), len(work))
    return done


def _article_counts(analyzer: Analyzer, path: Path) -> Counter[str] | None:
    """How often each word runs in the article at ``path``; None when it cannot be read (the
    next sync names the problem)."""
    from reader.corpus import read_article
    from reader.vocab.difficulty import article_words

    try:
        return Counter(article_words(analyzer, read_article(path)))
    except ReaderError:
        return None


def _store(conn: sqlite3.Connection, key: str, batch: list[tuple[int, str, Counter[str]]]) -> int:
    """Writes the counts of articles still indexed as they were read (an article indexed
    again meanwhile is counted again later)."""
    import numpy as np

    from reader.vocab.levels import effective_level

    stored = 0
    for article_id, digest, counts in batch:
        row = conn.execute("SELECT hash FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or row[0] != digest:
            continue
        words = sorted(counts)
        ids = dict(_chunked_select(conn, "SELECT word, id FROM words WHERE word IN ({})", words))
        for word in words:
            if word not in ids:
                cursor = conn.execute(
                    "INSERT INTO words (word, level) VALUES (?, ?)", (word, effective_level(word))
                )
                ids[word] = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT OR REPLACE INTO word_counts (article_id, key, ids, counts) VALUES (?, ?, ?, ?)",
            (
                article_id,
                key,
                np.array([ids[w] for w in words], dtype=_DTYPE).tobytes(),
                np.array([counts[w] for w in words], dtype=_DTYPE).tobytes(),
            ),
        )
        stored += 1
    return stored


def _chunked_select(
    conn: sqlite3.Connection, sql: str, values: list[str]
) -> Iterator[tuple[str, int]]:
    """Runs ``sql`` with ``IN ({})`` over ``values`` in chunks SQLite accepts."""
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        yield from conn.execute(sql.format(", ".join("?" * len(part))), part)


def difficulties(
    db: Database, known: Collection[str], learning: Collection[str] = ()
) -> dict[str, Difficulty]:
    """Every counted article's difficulty for a learner who knows ``known`` and is learning
    ``learning`` (simplified words), by slug: the same figures as
    :func:`reader.vocab.difficulty.difficulty` gives from the article's words."""
    import numpy as np

    vocabulary = db.read(lambda c: c.execute("SELECT id, word, level FROM words").fetchall())
    size = max((row[0] for row in vocabulary), default=0) + 1
    # One code per word: its level and the learner's state, so that a chunk of articles is
    # counted with one gather and two bincounts over all their words.
    codes = np.zeros(size, dtype=np.int64)
    for word_id, word, level in vocabulary:
        state = _KNOWN if word in known else _LEARNING if word in learning else _NEW
        codes[word_id] = (level or _BEYOND) * _STATES + state
    del vocabulary
    found: dict[str, Difficulty] = {}
    after = -1
    while True:  # a chunk of articles at a time, after the last one read (writes may come between)
        rows = db.read(
            lambda c, after=after: c.execute(  # type: ignore[misc]
                "SELECT w.article_id, a.slug, w.ids, w.counts FROM word_counts w "
                "JOIN articles a ON a.id = w.article_id WHERE w.article_id > ? "
                "ORDER BY w.article_id LIMIT ?",
                (after, CHUNK),
            ).fetchall()
        )
        if not rows:
            break
        after = rows[-1][0]
        found.update(_chunk([r[1:] for r in rows], codes))
    return found


def _chunk(rows: list[tuple[str, bytes, bytes]], codes: Any) -> Iterator[tuple[str, Difficulty]]:
    """The difficulties of a chunk of articles, counted over all their words at once: each
    word falls in a cell (article, level, state), and the cells' distinct and running words
    give every figure."""
    import numpy as np

    from reader.vocab.difficulty import assemble

    m = len(rows)
    ids = np.concatenate([np.frombuffer(r[1], dtype=_DTYPE) for r in rows])
    counts = np.concatenate([np.frombuffer(r[2], dtype=_DTYPE) for r in rows])
    lengths = np.array([len(r[1]) // 4 for r in rows], dtype=np.int64)
    cells = np.repeat(np.arange(m) * _CELLS, lengths) + codes[ids]
    shape = (m, _LEVEL_CODES, _STATES)
    distinct = np.bincount(cells, minlength=m * _CELLS).reshape(shape)
    running = np.rint(np.bincount(cells, weights=counts, minlength=m * _CELLS)).astype(np.int64)
    running = running.reshape(shape)
    # Per article: distinct words per level (any state), running words not known per level.
    hsk = distinct.sum(axis=2).tolist()
    unknown = (running[:, :, _NEW] + running[:, :, _LEARNING]).tolist()
    known_running = running[:, :, _KNOWN].sum(axis=1).tolist()
    totals = running.sum(axis=(1, 2)).tolist()
    by_state = distinct.sum(axis=1).tolist()
    for k, (slug, _, _) in enumerate(rows):
        new, learning, known = by_state[k][_NEW], by_state[k][_LEARNING], by_state[k][_KNOWN]
        yield (
            slug,
            assemble(
                totals[k],
                new + learning + known,
                known_running[k],
                new,
                learning,
                _by_level(hsk[k]),
                _by_level(unknown[k]),
            ),
        )


def _by_level(row: list[int]) -> dict[int | None, int]:
    """A row of per-level-code figures as {level or None: figure}, zeros left out."""
    return {(code or None): n for code, n in enumerate(row) if n}
