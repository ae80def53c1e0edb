"""Provides the vocabulary database's schema as a list of migrations.

``MIGRATIONS[i]`` takes a database from schema version ``i`` to ``i + 1`` (SQLite's
``user_version``); a new database runs them all. Add a migration at the end, never edit one
that has shipped: a user's file at any earlier version must reach the current one.
"""

from __future__ import annotations

# Marks the file as ours (SQLite's application_id): "RdVc".
APPLICATION_ID = 0x52645663

MIGRATIONS: tuple[str, ...] = (
    # 1: saved words with their context, and the learning state of words.
    """
    CREATE TABLE words (
        id INTEGER PRIMARY KEY,
        word TEXT NOT NULL,
        simplified TEXT NOT NULL,
        traditional TEXT NOT NULL DEFAULT '',
        reading TEXT NOT NULL,
        senses TEXT NOT NULL,            -- JSON array of strings
        sense_source TEXT NOT NULL,
        term TEXT,
        sentence TEXT NOT NULL DEFAULT '',
        sentence_en TEXT NOT NULL DEFAULT '',
        word_start INTEGER,
        slug TEXT,
        sentence_id TEXT,
        title TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',   -- the article's author or source
        url TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (simplified, reading)
    );
    CREATE INDEX words_by_article ON words (slug);
    CREATE TABLE states (
        word TEXT PRIMARY KEY,           -- simplified; a word without a row is new
        state TEXT NOT NULL CHECK (state IN ('learning', 'known')),
        updated TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
)

VERSION = len(MIGRATIONS)
