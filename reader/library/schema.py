"""Provides the library index's tables, their version and the migrations between versions.

The index is a cache of the corpus folders (the Markdown files are the truth), so a version it
cannot migrate from, an older one without a migration or a newer one written by a later
program, is dropped and built again rather than refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 5
# The forms of text in the full-text table (see tokens.py and pinyin.py). Rows are deleted
# from a contentless FTS5 table by giving their tokens again, so a change of these forms must
# rebuild the whole index: raise this number with any such change.
TOKENS_VERSION = 2

TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    writable INTEGER NOT NULL,
    size INTEGER NOT NULL,             -- the file as last indexed: size, mtime and content hash
    mtime_ns INTEGER NOT NULL,
    hash TEXT NOT NULL,
    curated TEXT NOT NULL,             -- "size:mtime_ns" of <slug>.en.yaml, '' when absent
    body_hash TEXT NOT NULL,           -- the importer's hash of the text (same article twice)
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,           -- toneless pinyin and lower case, to sort by
    author TEXT,
    source TEXT,
    url TEXT,
    date TEXT,
    script TEXT NOT NULL,
    original_file TEXT,
    extra TEXT NOT NULL,               -- the other front-matter fields, JSON
    series TEXT,                       -- EPUB chapters: the book they belong to, and their place
    series_order REAL,
    paragraphs INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    han INTEGER NOT NULL,              -- Han characters
    english INTEGER NOT NULL,          -- sentences with English (curated or machine, no glosses)
    stale INTEGER NOT NULL,            -- of which curated English whose source has changed
    engines TEXT NOT NULL,             -- {"curated": 120, "argos": 30}
    english_stale INTEGER NOT NULL,    -- translations were stored since: read them again
    difficulty REAL,                   -- sort key of the basic difficulty (difficulty.py)
    indexed REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_body ON articles (body_hash);
-- the chapters of the series on the library's first screen (index.first_records), since version 5
CREATE INDEX IF NOT EXISTS articles_by_series ON articles (series, slug) WHERE series IS NOT NULL;
CREATE TABLE IF NOT EXISTS stats (     -- per-article figures of later analyses, each versioned
    article_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    value TEXT NOT NULL,               -- JSON
    PRIMARY KEY (article_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,            -- the rowid of the sentence in sentence_text
    article_id INTEGER NOT NULL,
    position INTEGER NOT NULL,         -- index in the article's reading order
    sentence_id TEXT NOT NULL,
    zh TEXT NOT NULL,
    en TEXT,
    engine TEXT
);
CREATE INDEX IF NOT EXISTS sentences_by_article ON sentences (article_id, position);
CREATE TABLE IF NOT EXISTS problems (  -- files that could not be read, until they change
    path TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    message TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS words (    -- every word of the library once (words.py), since version 2
    id INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE,         -- simplified
    level INTEGER                      -- HSK level a reader needs for it (7: 7-9), NULL beyond
);
CREATE TABLE IF NOT EXISTS word_counts (  -- how often each word runs in an article's prose
    article_id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,                 -- what segmented it (words.segmentation_key)
    ids BLOB NOT NULL,                 -- word ids, 32-bit little-endian integers
    counts BLOB NOT NULL               -- how often each runs, likewise
);
CREATE TABLE IF NOT EXISTS listing (   -- each article's row of `reader list`, since version 4
    slug TEXT PRIMARY KEY,             -- read in this order: a few pages, not the articles table
    line TEXT NOT NULL                 -- as printed (listing.py)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS sentence_text USING fts5(
    zh, py, en, tags,
    content = '',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""

# A sync that finds the folders file for file as when the index was last in step with them
# compares nothing (index.py): any change of the articles' files as indexed, or of the files
# left out, forgets the digests of those scans (meta "scan", "scan:text"), whoever writes.
_FORGET_SCANS = "BEGIN DELETE FROM meta WHERE key GLOB 'scan*'; END"
_SYNCED = "slug, path, writable, size, mtime_ns, hash, curated, english_stale"
TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS articles_added AFTER INSERT ON articles {_FORGET_SCANS}",
    f"CREATE TRIGGER IF NOT EXISTS articles_removed AFTER DELETE ON articles {_FORGET_SCANS}",
    f"CREATE TRIGGER IF NOT EXISTS articles_changed AFTER UPDATE OF {_SYNCED} ON articles "
    f"{_FORGET_SCANS}",
    f"CREATE TRIGGER IF NOT EXISTS problems_added AFTER INSERT ON problems {_FORGET_SCANS}",
    f"CREATE TRIGGER IF NOT EXISTS problems_removed AFTER DELETE ON problems {_FORGET_SCANS}",
    f"CREATE TRIGGER IF NOT EXISTS problems_changed AFTER UPDATE ON problems {_FORGET_SCANS}",
    # an article's row of the listing leaves with it
    "CREATE TRIGGER IF NOT EXISTS listing_removed AFTER DELETE ON articles "
    "BEGIN DELETE FROM listing WHERE slug = old.slug; END",
)

# bm25 weights of zh, py, en and tags: a match in the pinyin counts a little less than one in
# the characters or the English, and the filter tags never count.
RANK = "bm25(1.0, 0.6, 1.0, 0.0)"

Migration = Callable[[sqlite3.Connection], None]
# MIGRATIONS[n] turns a version-n database into version n + 1 (inside one transaction).


def _add_word_counts(conn: sqlite3.Connection) -> None:
    """Version 2: the words of each article (counted later, in the background)."""
    for statement in TABLES.split(";\n"):
        if "CREATE TABLE IF NOT EXISTS word" in statement:
            conn.execute(statement)


def _add_listing_and_scan_triggers(conn: sqlite3.Connection) -> None:
    """Version 3: each article's row of ``reader list`` (rendered at the next listing; in its
    own table since version 4), and the triggers that make a sync compare every file again once
    the articles or the files left out change (they forget the digests of the scans the index
    was in step with)."""
    for statement in TABLES.split(";\n"):
        if "CREATE TABLE IF NOT EXISTS listing" in statement:
            conn.execute(statement)
    for statement in TRIGGERS:
        conn.execute(statement)


def _listing_in_its_table(conn: sqlite3.Connection) -> None:
    """Version 4: the listing's rows in a table of their own, no longer a column of articles
    with a covering index (version 3 as first released); rendered at the next listing."""
    conn.execute("DROP INDEX IF EXISTS articles_listing")
    if "listing" in {row[1] for row in conn.execute("PRAGMA table_info(articles)")}:
        try:
            conn.execute("ALTER TABLE articles DROP COLUMN listing")
        except sqlite3.OperationalError:  # an SQLite older than 3.35: the column stays, empty
            conn.execute("UPDATE articles SET listing = NULL")
    conn.execute("DELETE FROM meta WHERE key = 'listing'")
    _add_listing_and_scan_triggers(conn)


def _add_series_index(conn: sqlite3.Connection) -> None:
    """Version 5: an index of the articles that belong to a series."""
    for statement in TABLES.split(";\n"):
        if "articles_by_series" in statement:
            conn.execute(statement)


MIGRATIONS: dict[int, Migration] = {
    1: _add_word_counts,
    2: _add_listing_and_scan_triggers,
    3: _listing_in_its_table,
    4: _add_series_index,
}


def create(conn: sqlite3.Connection) -> None:
    """Creates the tables of the current version in an empty database."""
    # One statement at a time: executescript() would commit the caller's transaction first.
    for statement in TABLES.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    for statement in TRIGGERS:
        conn.execute(statement)
    conn.execute("INSERT INTO sentence_text (sentence_text, rank) VALUES ('rank', ?)", (RANK,))
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('tokens', ?)", (str(TOKENS_VERSION),)
    )
    from reader.library.listing import LAYOUT

    # the listing's rows are rendered in this layout as the articles are indexed
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('listing', ?)", (LAYOUT,))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def drop_all(conn: sqlite3.Connection) -> None:
    """Removes every table and view (before building the index again)."""
    # Virtual tables first: dropping one drops its shadow tables with it.
    virtual = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
    ).fetchall()
    for (name,) in virtual:
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    rest = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name in rest:
        conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    conn.execute("PRAGMA user_version = 0")


def prepare(conn: sqlite3.Connection) -> bool:
    """Brings the database to the current version; returns True when it was (re)created empty.

    Called inside a write transaction. An empty file gets the tables; an older version is
    migrated step by step; anything else (no migration, a newer version, other forms of text
    in the full-text table) is dropped and created again.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION and _tokens_version(conn) == TOKENS_VERSION:
        return False
    if version == 0 and not _has_tables(conn):
        create(conn)
        return True
    steps = range(version, SCHEMA_VERSION)
    if 0 < version < SCHEMA_VERSION and all(v in MIGRATIONS for v in steps):
        for step in steps:
            MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if _tokens_version(conn) == TOKENS_VERSION:
            return False
    drop_all(conn)
    create(conn)
    return True


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _tokens_version(conn: sqlite3.Connection) -> int | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'tokens'").fetchone()
    except sqlite3.OperationalError:  # no meta table
        return None
    try:
        return int(row[0]) if row else None
    except ValueError:
        return None
