"""Provides the library index's writes, and the reads a sync compares the folders with; each
runs inside ``Database.read`` or ``Database.write`` (one transaction)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.library.records import FileState

if TYPE_CHECKING:
    from reader.library import build


@dataclass(slots=True)
class Known:
    """An article as indexed: its file's place, times and hash, its English signature."""

    id: int
    path: str
    size: int
    mtime_ns: int
    hash: str
    curated: str
    english_stale: bool


@dataclass(slots=True)
class Step:
    """What indexing one file comes to: its rows, only new times, or a problem."""

    file: FileState
    old: Known | None
    prepared: build.Prepared | None = None
    restat: bool = False  # same bytes as indexed: only the times changed
    problem: str | None = None


KnownRow = tuple[int, str, int, int, str, str, int]  # as Known, in a tuple


def read_unchanged(
    conn: sqlite3.Connection, english: bool = True
) -> tuple[set[tuple[str | int, ...]], int, dict[str, tuple[str, str]]]:
    """What a sync compares the folders with: the signature (slug, path, size, mtime_ns,
    curated) of every article whose English is not waiting to be read again (without
    ``english``: (slug, path, size, mtime_ns) of every article), how many articles there are,
    and the files left out (path -> (signature, message))."""
    if english:
        query = "SELECT slug, path, size, mtime_ns, curated FROM articles WHERE english_stale = 0"
    else:
        query = "SELECT slug, path, size, mtime_ns FROM articles"
    unchanged: set[tuple[str | int, ...]] = set(conn.execute(query).fetchall())
    count = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    problems = {
        path: (signature, message)
        for path, signature, message in conn.execute(
            "SELECT path, signature, message FROM problems"
        )
    }
    return unchanged, count, problems


def read_in_step(conn: sqlite3.Connection, key: str) -> tuple[str | None, int, list[str]]:
    """The digest of the scan the index was last found in step with (under ``key``), the
    connection's data version (another process's commit changes it), and why files are left
    out (by file name, as a sync that compares every file reports them)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    problems = conn.execute("SELECT path, message FROM problems").fetchall()
    problems.sort(key=lambda p: (os.path.basename(p[0]), p[0]))
    return (row[0] if row else None), version, [message for _, message in problems]


def store_in_step(conn: sqlite3.Connection, digests: dict[str, str], version: int) -> None:
    """Notes that the index is in step with the scans of these digests, unless another
    process committed since it was read (at ``version``)."""
    if int(conn.execute("PRAGMA data_version").fetchone()[0]) != version:
        return
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", digests.items())


def read_known(conn: sqlite3.Connection) -> dict[str, KnownRow]:
    return {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT slug, id, path, size, mtime_ns, hash, curated, english_stale FROM articles"
        )
    }


def forget_problems(conn: sqlite3.Connection, current: set[str]) -> None:
    for (path,) in conn.execute("SELECT path FROM problems").fetchall():
        if path not in current:
            conn.execute("DELETE FROM problems WHERE path = ?", (path,))


def problem(conn: sqlite3.Connection, f: FileState, message: str, old: Known | None) -> None:
    """Records a file that cannot be read; an article indexed before is taken out."""
    conn.execute(
        "INSERT OR REPLACE INTO problems (path, signature, message) VALUES (?, ?, ?)",
        (f.path, f.signature, message),
    )
    if old is not None:
        delete_article(conn, old.id)


def restat(conn: sqlite3.Connection, article_id: int, f: FileState) -> None:
    conn.execute(
        "UPDATE articles SET size = ?, mtime_ns = ?, writable = ? WHERE id = ?",
        (f.size, f.mtime_ns, int(f.writable), article_id),
    )


def delete_sentences(conn: sqlite3.Connection, article_id: int, series: str | None) -> None:
    from reader.library import build

    rows = conn.execute(
        "SELECT id, zh, en, engine FROM sentences WHERE article_id = ?", (article_id,)
    ).fetchall()
    conn.executemany(
        "INSERT INTO sentence_text (sentence_text, rowid, zh, py, en, tags) "
        "VALUES ('delete', ?, ?, ?, ?, ?)",
        [build.fts_row(rid, zh, en, engine, article_id, series) for rid, zh, en, engine in rows],
    )
    conn.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))


def delete_articles(conn: sqlite3.Connection, article_ids: list[int]) -> None:
    for article_id in article_ids:
        delete_article(conn, article_id)


def delete_article(conn: sqlite3.Connection, article_id: int) -> None:
    row = conn.execute("SELECT series FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return
    delete_sentences(conn, article_id, row[0])
    conn.execute("DELETE FROM stats WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM word_counts WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def apply(conn: sqlite3.Connection, step: Step) -> str | None:
    """Writes one file's step; returns its outcome (see ``LibraryIndex._index_files``)."""
    f, old = step.file, step.old
    if step.problem is not None:
        problem(conn, f, step.problem, old)
        return step.problem
    if step.restat:
        assert old is not None
        restat(conn, old.id, f)
        return "refresh" if old.curated != f.curated or old.english_stale else None
    assert step.prepared is not None
    if not store(conn, step.prepared):
        return None
    return "updated" if old is not None else "added"


def store(conn: sqlite3.Connection, prepared: build.Prepared) -> bool:
    """Writes an article's rows (replacing older ones); False when another process had already
    indexed this very version of the file."""
    from reader.library.difficulty import NAME, VERSION

    cols = prepared.columns
    row = conn.execute(
        "SELECT id, series, hash, size, mtime_ns, path FROM articles WHERE slug = ?",
        (cols["slug"],),
    ).fetchone()
    if row is not None and tuple(row[2:]) == (
        cols["hash"],
        cols["size"],
        cols["mtime_ns"],
        cols["path"],
    ):
        return False
    names = list(cols)
    if row is not None:
        article_id = int(row[0])
        delete_sentences(conn, article_id, row[1])
        conn.execute("DELETE FROM word_counts WHERE article_id = ?", (article_id,))
        conn.execute(
            f"UPDATE articles SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
            [cols[n] for n in names] + [article_id],
        )
    else:
        cursor = conn.execute(
            f"INSERT INTO articles ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [cols[n] for n in names],
        )
        article_id = int(cursor.lastrowid or 0)
    insert_sentences(conn, article_id, cols["series"], prepared.sentences)  # type: ignore[arg-type]
    conn.execute(
        "INSERT OR REPLACE INTO stats (article_id, name, version, value) VALUES (?, ?, ?, ?)",
        (article_id, NAME, VERSION, json.dumps(prepared.level.to_json())),
    )
    conn.execute(
        "INSERT OR REPLACE INTO listing (slug, line) VALUES (?, ?)",
        (cols["slug"], prepared.listing),
    )
    conn.execute("DELETE FROM problems WHERE path = ?", (cols["path"],))
    return True


def insert_sentences(
    conn: sqlite3.Connection,
    article_id: int,
    series: str | None,
    rows: Iterable[build.SentenceRow],
) -> None:
    from reader.library import build

    start = int(conn.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]) + 1
    values = [
        (start + n, article_id, r.position, r.sentence_id, r.zh, r.en, r.engine)
        for n, r in enumerate(rows)
    ]
    conn.executemany(
        "INSERT INTO sentences (id, article_id, position, sentence_id, zh, en, engine) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    conn.executemany(
        "INSERT INTO sentence_text (rowid, zh, py, en, tags) VALUES (?, ?, ?, ?, ?)",
        [
            build.fts_row(start + n, r.zh, r.en, r.engine, article_id, series, r.folded)
            for n, r in enumerate(rows)
        ],
    )


def update_english(
    conn: sqlite3.Connection,
    slug: str,
    rows: list[build.SentenceRow],
    stale: int,
    curated: str,
) -> bool:
    """Replaces the English of the sentences whose English changed; False when the article's
    sentences are no longer those indexed (its file changed: the next sync re-indexes it)."""
    from reader.library import build

    found = conn.execute("SELECT id, series FROM articles WHERE slug = ?", (slug,)).fetchone()
    if found is None:
        return False
    article_id, series = int(found[0]), found[1]
    old = conn.execute(
        "SELECT id, sentence_id, zh, en, engine FROM sentences WHERE article_id = ? "
        "ORDER BY position",
        (article_id,),
    ).fetchall()
    if [o[1] for o in old] != [r.sentence_id for r in rows]:
        return False
    changed = [(o, r) for o, r in zip(old, rows, strict=True) if (o[3], o[4]) != (r.en, r.engine)]
    conn.executemany(
        "INSERT INTO sentence_text (sentence_text, rowid, zh, py, en, tags) "
        "VALUES ('delete', ?, ?, ?, ?, ?)",
        [build.fts_row(o[0], o[2], o[3], o[4], article_id, series) for o, _ in changed],
    )
    conn.executemany(
        "UPDATE sentences SET en = ?, engine = ? WHERE id = ?",
        [(r.en, r.engine, o[0]) for o, r in changed],
    )
    conn.executemany(
        "INSERT INTO sentence_text (rowid, zh, py, en, tags) VALUES (?, ?, ?, ?, ?)",
        [build.fts_row(o[0], r.zh, r.en, r.engine, article_id, series) for o, r in changed],
    )
    english_cols = build.english_columns(rows)
    conn.execute(
        "UPDATE articles SET english = ?, engines = ?, stale = ?, curated = ?, english_stale = 0 "
        "WHERE id = ?",
        (english_cols["english"], english_cols["engines"], stale, curated, article_id),
    )
    return True
