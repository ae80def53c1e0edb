"""Provides the library index: every article's metadata, counts, difficulty and English coverage,
and every sentence in a full-text table, kept in step with the corpus folders.

The Markdown files are the truth; the index (``library.sqlite`` in the user data dir) is a cache
that can always be rebuilt. ``sync()`` lists the folders and stats each file: a file whose size
and mtime are unchanged is not read (with nothing changed, the comparison is one set look-up per
file); one whose bytes hash as before only has its times updated; anything else is parsed and
its rows replaced, a batch of articles per transaction, so an interrupted build keeps what it
finished and the next one goes on from there. Each article's word counts (the learner's
difficulty, :mod:`reader.library.words`) are counted apart, in the background. Translations
stored since an article was indexed (the translation store tells through a hook) and a change
of the active model are caught up with at the next sync.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import threading
import weakref
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.collector import collector_paused
from reader.errors import ReaderError
from reader.library import writes
from reader.library.db import Database
from reader.library.records import (
    RECORD_COLUMNS,
    ArticleRecord,
    FileState,
    record_from_row,
    records_from_rows,
)
from reader.library.scan import (
    FileRow,
    FolderScan,
    curated_signature,
    file_state,
    scan_folder,
)
from reader.library.scan import digest as scan_digest

if TYPE_CHECKING:
    from reader.analysis import Analyzer
    from reader.library.search import Results
    from reader.vocab.difficulty import Difficulty
    from reader.workspace import Workspace

FILENAME = "library.sqlite"
Progress = Callable[[int, int], None]
# A build writes this many articles (or bytes) per transaction: a commit per article spent
# much of a build flushing and merging small full-text segments.
BATCH_ARTICLES = 50
BATCH_BYTES = 4_000_000


def index_path(folders: list[Path]) -> Path:
    """Where the index of a stack of corpus folders lives: ``library.sqlite`` in the data dir
    for the usual stack (bundled and imports), a file per other stack (``--corpus DIR``)."""
    from reader.paths import bundled_corpus_dir, data_dir, user_corpus_dir

    usual = [bundled_corpus_dir(), user_corpus_dir()]
    if [_resolved(f) for f in folders] == [_resolved(f) for f in usual]:
        return data_dir() / FILENAME
    key = hashlib.sha1("\n".join(str(_resolved(f)) for f in folders).encode()).hexdigest()[:12]
    return data_dir() / "library" / f"corpus-{key}.sqlite"


_SERIES_AT = RECORD_COLUMNS.split(", ").index("series")  # in a row of RECORD_COLUMNS

# meta keys of the digests of the folders' scans the index was last found in step with: with
# the English files, and without them (a sync of the articles' own files).
_SCAN_KEYS = {True: "scan", False: "scan:text"}


def _rows(scans: list[FolderScan]) -> list[FileRow]:
    """The files of the scanned folders by slug; later folders shadow earlier ones."""
    found: dict[str, FileRow] = {}
    for scan in scans:
        found.update((row[0], row) for row in scan.rows())
    return [found[slug] for slug in sorted(found)]


def _read_listing(conn: sqlite3.Connection) -> tuple[bool, list[tuple[str]]]:
    """The rows of the listing by slug, and whether they are all there and in the current
    layout (a row per article)."""
    from reader.library import listing

    layout = conn.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
    rows = conn.execute("SELECT line FROM listing ORDER BY slug").fetchall()
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return (layout is not None and layout[0] == listing.LAYOUT and len(rows) == articles), rows


def _render_listing(conn: sqlite3.Connection) -> None:
    """Renders the rows of the listing again: the layout changed, or an index made before
    they were kept."""
    from reader.library import listing

    rows = conn.execute(f"SELECT {listing.SOURCE_COLUMNS} FROM articles").fetchall()
    conn.execute("DELETE FROM listing")
    conn.executemany(
        "INSERT INTO listing (slug, line) VALUES (?, ?)",
        [(columns[0], listing.row(*columns)) for columns in rows],
    )
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('listing', ?)", (listing.LAYOUT,)
    )


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path.absolute()


@dataclass
class SyncReport:
    """What a sync did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    english: int = 0  # articles whose English was read again
    problems: list[str] = field(default_factory=list)  # files left out, one line each

    @property
    def changed(self) -> bool:
        """Whether anything in the index changed."""
        return bool(self.added or self.updated or self.removed or self.english)


def _batches(
    work: list[tuple[FileState, writes.Known | None]],
) -> Iterable[list[tuple[FileState, writes.Known | None]]]:
    """The files to index, a transaction's worth at a time (by count and by bytes, so that a
    batch of long articles does not hold the write lock for long)."""
    batch: list[tuple[FileState, writes.Known | None]] = []
    size = 0
    for item in work:
        batch.append(item)
        size += max(item[0].size, 0)
        if len(batch) >= BATCH_ARTICLES or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class LibraryIndex:
    """The index of a workspace's corpus (opened on first use)."""

    def __init__(self, ws: Workspace, path: Path | None = None, *, in_memory: bool = False) -> None:
        # Weak: the workspace owns the index, and a cycle would keep both (and their open
        # databases) alive after the workspace is dropped.
        self._ws = weakref.ref(ws)
        self.db = Database(None if in_memory else (path or index_path(ws.corpus.folders)))
        self._sync_lock = threading.Lock()
        self._search: Any = None
        self.last_report = SyncReport()  # what the last sync did

    @property
    def ws(self) -> Workspace:
        """The workspace whose corpus this indexes."""
        ws = self._ws()
        if ws is None:
            raise ReaderError("The library index outlived its workspace.")
        return ws

    @property
    def notices(self) -> list[str]:
        """Problems carried on past (a damaged index rebuilt, an index kept in memory)."""
        return self.db.notices

    def close(self) -> None:
        """Closes the database."""
        self.db.close()

    # -- keeping in step -----------------------------------------------------------------------

    def scan(self) -> list[FileState]:
        """The article files of the corpus as they are now: one listing of each folder and one
        stat per file (later folders shadow earlier ones, as in ``Corpus.entries``)."""
        return [FileState(*row) for row in _rows(self._scan(english=True))]

    def _scan(self, *, english: bool) -> list[FolderScan]:
        corpus = self.ws.corpus
        scans = []
        for folder in corpus.folders:
            try:
                scans.append(scan_folder(folder, folder == corpus.writable, english=english))
            except OSError:
                continue
        return scans

    def sync(self, progress: Progress | None = None, *, english: bool = True) -> SyncReport:
        """Brings the index in step with the corpus folders; returns what changed.

        With ``english=False`` only the articles' own files are looked at (their text and
        metadata, what ``reader list`` prints): English files are neither stat'ed nor read, and
        their changes are caught up with at the next full sync.
        """
        with self._sync_lock:
            self.last_report = self._sync(progress, english)
            return self.last_report

    def _sync(self, progress: Progress | None, english: bool) -> SyncReport:
        scans = self._scan(english=english)
        key = _SCAN_KEYS[english]
        now = scan_digest(scans, english=english)
        stored, version, problems = self.db.read(lambda c: writes.read_in_step(c, key))
        refresh: list[tuple[str, str]] = []  # (slug, curated signature): English to read again
        if stored == now:
            # The folders are file for file as when the index was last found in step with
            # them, and no article row changed since (the triggers of schema.py forget the
            # digest): nothing to compare.
            report = SyncReport(problems=problems)
        else:
            report, refresh = self._compare(_rows(scans), english, progress)
        if english:
            refresh += self._context_changes({slug for slug, _ in refresh})
        in_step = True
        for slug, curated in refresh:
            if self._refresh_english(slug, curated):
                report.english += 1
            else:  # changed meanwhile, or the English left as it was: compare next time
                in_step = False
        if stored != now and in_step:
            # The index is in step with these scans: noted, so that the next sync of the
            # same folders compares nothing (unless another process wrote meanwhile).
            digests = {key: now}
            if english:
                digests[_SCAN_KEYS[False]] = scan_digest(scans, english=False)
            self.db.write(lambda c: writes.store_in_step(c, digests, version))
        return report

    def _compare(
        self, files: list[FileRow], english: bool, progress: Progress | None
    ) -> tuple[SyncReport, list[tuple[str, str]]]:
        """Compares the folders with the index file by file and indexes what changed; returns
        what it did and the articles whose English is to be read again."""
        report = SyncReport()
        unchanged, count, problems = self.db.read(lambda c: writes.read_unchanged(c, english))
        # Set look-ups of whole signatures stay in C: with nothing to do, a library of
        # thousands costs one read of the index, not a Python loop per article.
        if english:
            changed = [f for f in files if (f[0], f[1], f[3], f[4], f[5]) not in unchanged]
        else:
            changed = [f for f in files if (f[0], f[1], f[3], f[4]) not in unchanged]
        work: list[tuple[FileState, writes.Known | None]] = []
        refresh: list[tuple[str, str]] = []  # (slug, curated signature)
        if changed or len(files) != count:
            known = self.db.read(writes.read_known)
            for f in map(FileState._make, changed):
                if not english:  # the English file of a changed article is looked at
                    f = f._replace(curated=curated_signature(Path(f.path).parent, f.slug))
                row = known.get(f.slug)
                if row is not None and (row[1], row[2], row[3]) == (f.path, f.size, f.mtime_ns):
                    refresh.append((f.slug, f.curated))  # only the English changed
                elif row is None and problems.get(f.path, (None, ""))[0] == f.signature:
                    report.problems.append(problems[f.path][1])
                else:
                    work.append(
                        (f, writes.Known(*row[:6], bool(row[6])) if row is not None else None)
                    )
            slugs = {f[0] for f in files}
            gone = [row[0] for slug, row in known.items() if slug not in slugs]
            if gone:  # no longer in the folders
                self.db.write(lambda c: writes.delete_articles(c, gone))
                report.removed += len(gone)
        if problems and any(path not in (current := {f[1] for f in files}) for path in problems):
            self.db.write(lambda c: writes.forget_problems(c, current))
        total = len(work)
        done = 0
        for batch in _batches(work):
            if progress:
                progress(done, total)
            for f, outcome in self._index_files(batch):
                if outcome == "added":
                    report.added += 1
                elif outcome == "updated":
                    report.updated += 1
                elif outcome == "refresh":
                    refresh.append((f.slug, f.curated))
                elif outcome is not None:
                    report.problems.append(outcome)
            done += len(batch)
        if progress and total:
            progress(total, total)
        return report, refresh

    def _context_changes(self, already: set[str]) -> list[tuple[str, str]]:
        """Articles to read the English of again because the active model or the glossary
        changed (only those with rows in the translation cache can be affected)."""
        from reader.library import english

        now = english.context(self.ws)
        before = self.db.read(
            lambda c: c.execute("SELECT value FROM meta WHERE key = 'english'").fetchone()
        )
        if before is not None and before[0] == now:
            return []
        slugs: set[str] = set()
        if before is not None:
            try:
                slugs = self.ws.translations.slugs()
            except ReaderError:
                return []  # the cache cannot be read: try again next time
        self.db.write(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('english', ?)", (now,)
            )
        )
        rows = self.db.read(lambda c: c.execute("SELECT slug, curated FROM articles").fetchall())
        return [(slug, curated) for slug, curated in rows if slug in slugs - already]

    def _prepare_file(self, f: FileState, old: writes.Known | None) -> writes.Step:
        """Reads and prepares one file (no database write): what to write for it."""
        from reader.corpus import MAX_ARTICLE_BYTES, read_article
        from reader.files import read_bytes
        from reader.importer import article_body_hash
        from reader.library import build, english

        try:
            data = read_bytes(Path(f.path), MAX_ARTICLE_BYTES)
            digest = hashlib.sha1(data).hexdigest()
            del data
            if old is not None and old.hash == digest and old.path == f.path:
                return writes.Step(f, old, restat=True)
            article = read_article(Path(f.path))
        except (OSError, ReaderError) as exc:
            message = str(exc) if isinstance(exc, ReaderError) else f"Cannot read {f.path}: {exc}."
            return writes.Step(f, old, problem=message)
        found, problem = english.english_for(self.ws, article)
        if problem and problem not in self.db.notices:
            self.db.notices.append(problem)
        prepared = build.prepare(article, found, f, digest, article_body_hash(article))
        return writes.Step(f, old, prepared=prepared)

    def _index_files(
        self, batch: list[tuple[FileState, writes.Known | None]]
    ) -> list[tuple[FileState, str | None]]:
        """Indexes files in one transaction (a build writes a batch at a time: fewer commits,
        and fewer, larger full-text segments to merge). Each file's outcome: "added",
        "updated", "refresh" (same text, new English file), None when nothing changed, or
        the problem that left it out."""
        steps = [self._prepare_file(f, old) for f, old in batch]
        return self.db.write(lambda c: [(s.file, writes.apply(c, s)) for s in steps])

    def _index_file(self, f: FileState, old: writes.Known | None) -> str | None:
        """Indexes one file (see ``_index_files``)."""
        return self._index_files([(f, old)])[0][1]

    def _refresh_english(self, slug: str, curated: str) -> bool:
        """Reads an article's English again and updates the sentences whose English changed."""
        from reader.corpus import read_article
        from reader.library import build, english

        row = self.db.read(
            lambda c: c.execute("SELECT path FROM articles WHERE slug = ?", (slug,)).fetchone()
        )
        if row is None:
            return False
        try:
            article = read_article(Path(row[0]))
        except ReaderError:
            return False  # the file changed or broke: the next sync re-indexes it
        found, problem = english.english_for(self.ws, article)
        if problem and problem not in self.db.notices:
            self.db.notices.append(problem)
        rows, stale = build.sentence_rows(article, found)
        return bool(self.db.write(lambda c: writes.update_english(c, slug, rows, stale, curated)))

    def mark_english_stale(self, slug: str) -> None:
        """Notes that translations of an article were stored (read again at the next sync)."""
        self.db.write(
            lambda c: c.execute("UPDATE articles SET english_stale = 1 WHERE slug = ?", (slug,))
        )

    def refresh_marked(self) -> int:
        """Reads again the English of the articles marked since the last sync (cheap when none
        is); returns how many were refreshed."""
        marked = self.db.read(
            lambda c: c.execute(
                "SELECT slug, curated FROM articles WHERE english_stale = 1"
            ).fetchall()
        )
        return sum(self._refresh_english(slug, curated) for slug, curated in marked)

    def file_written(self, path: Path) -> None:
        """Indexes an article file that was just written (after an import)."""
        f = file_state(self.ws.corpus, path.stem)
        if f is None:
            return
        row: writes.KnownRow | None = self.db.read(
            lambda c: c.execute(
                "SELECT id, path, size, mtime_ns, hash, curated, english_stale FROM articles "
                "WHERE slug = ?",
                (f.slug,),
            ).fetchone()
        )
        with self._sync_lock:
            self._index_file(f, writes.Known(*row[:6], bool(row[6])) if row is not None else None)

    # -- reading -------------------------------------------------------------------------------

    def version(self) -> int:
        """A number that changes when another connection (another ``reader`` process) commits
        to the index: with it and the last sync's report, a screen knows whether what it read
        is still what the index holds."""
        return int(self.db.read(lambda c: c.execute("PRAGMA data_version").fetchone()[0]))

    def records(self) -> list[ArticleRecord]:
        """Every indexed article, by slug (call ``sync()`` first to see the folders as they are)."""
        with collector_paused():
            rows = self.db.read(
                lambda c: c.execute(
                    f"SELECT {RECORD_COLUMNS} FROM articles ORDER BY slug"
                ).fetchall()
            )
            return records_from_rows(rows)

    def first_records(self, count: int) -> tuple[list[ArticleRecord], bool]:
        """The first ``count`` indexed articles by slug, with every chapter of the series they
        belong to (a series is listed where its first chapter sorts, whole), and whether that
        is the whole library: what a screenful in the library's order needs, read in a time
        that does not grow with the library."""
        with collector_paused():
            rows = self.db.read(
                lambda c: c.execute(
                    f"SELECT {RECORD_COLUMNS} FROM articles ORDER BY slug LIMIT ?", (count + 1,)
                ).fetchall()
            )
            if len(rows) <= count:
                return records_from_rows(rows), True
            del rows[count:]
            last = rows[-1][0]  # the slug, RECORD_COLUMNS' first
            series = sorted({row[_SERIES_AT] for row in rows if row[_SERIES_AT]})
            if series:
                marks = ",".join("?" * len(series))
                rows += self.db.read(
                    lambda c: c.execute(
                        f"SELECT {RECORD_COLUMNS} FROM articles WHERE slug > ? "
                        f"AND series IN ({marks}) ORDER BY slug",
                        (last, *series),
                    ).fetchall()
                )
            return records_from_rows(rows), False

    def listing_text(self) -> str | None:
        """What ``reader list`` prints: the column names and each indexed article's row, by
        slug (rows are rendered when an article is indexed, see :mod:`reader.library.listing`);
        None when the library is empty."""
        from reader.library import listing

        complete, rows = self.db.read(_read_listing)
        if not complete:
            self.db.write(_render_listing)
            complete, rows = self.db.read(_read_listing)
        if not rows:
            return None
        return "\n".join(itertools.chain((listing.header(),), map(itemgetter(0), rows)))

    def record(self, slug: str) -> ArticleRecord | None:
        """One indexed article, or None."""
        row = self.db.read(
            lambda c: c.execute(
                f"SELECT {RECORD_COLUMNS} FROM articles WHERE slug = ?", (slug,)
            ).fetchone()
        )
        return record_from_row(row) if row else None

    def problems(self) -> list[str]:
        """Why files were left out, one line each."""
        rows = self.db.read(lambda c: c.execute("SELECT message FROM problems ORDER BY path"))
        return [r[0] for r in rows]

    def slug_with_body(self, body_hash: str) -> str | None:
        """The article whose text hashes to ``body_hash`` (the importer's duplicate check)."""
        row = self.db.read(
            lambda c: c.execute(
                "SELECT slug FROM articles WHERE body_hash = ? ORDER BY slug LIMIT 1", (body_hash,)
            ).fetchone()
        )
        return row[0] if row else None

    def stats(self, slug: str, name: str) -> tuple[int, Any] | None:
        """Figures a later analysis stored for an article: (version, value), or None."""
        row = self.db.read(
            lambda c: c.execute(
                "SELECT s.version, s.value FROM stats s JOIN articles a ON a.id = s.article_id "
                "WHERE a.slug = ? AND s.name = ?",
                (slug, name),
            ).fetchone()
        )
        return (int(row[0]), json.loads(row[1])) if row else None

    def set_stats(self, slug: str, name: str, version: int, value: Any) -> None:
        """Stores figures for an article under ``name`` (replacing an older version)."""
        text = json.dumps(value, ensure_ascii=False)
        self.db.write(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO stats (article_id, name, version, value) "
                "SELECT id, ?, ?, ? FROM articles WHERE slug = ?",
                (name, version, text, slug),
            )
        )

    def search(
        self,
        text: str,
        *,
        limit: int = 50,
        article: str | None = None,
        series: str | None = None,
        engine: str | None = None,
    ) -> Results:
        """Sentences matching ``text``, best first (see :mod:`reader.library.search`)."""
        from reader.library.search import Filters, Searcher

        if self._search is None:
            self._search = Searcher(self.db)
        filters = Filters(article=article, series=series, engine=engine)
        return self._search.search(text, limit=limit, filters=filters)  # type: ignore[no-any-return]

    # -- the learner's difficulty (see :mod:`reader.library.words`) ------------------------------

    def words_to_count(self) -> int:
        """How many articles' words are not counted under the current glossary and corrections."""
        from reader.library import words

        return len(words.to_count(self.db, words.segmentation_key(self.ws)))

    def count_words(
        self,
        analyzer: Analyzer,
        *,
        cancelled: Callable[[], bool] = lambda: False,
        progress: Progress | None = None,
        only: Collection[str] | None = None,
    ) -> int:
        """Counts the words of the articles not counted yet (or counted with another glossary
        or corrections), of the slugs ``only`` when given; returns how many were counted."""
        from reader.library import words

        key = words.segmentation_key(self.ws)
        return words.count_words(
            self.db, analyzer, key, cancelled=cancelled, progress=progress, only=only
        )

    def difficulties(
        self, known: Collection[str], learning: Collection[str] = ()
    ) -> dict[str, Difficulty]:
        """Each counted article's difficulty for a learner who knows ``known`` and is learning
        ``learning``, by slug (articles not counted yet are missing)."""
        from reader.library import words

        return words.difficulties(self.db, known, learning)

    def occurrences(self, word: str) -> tuple[int, int]:
        """How often ``word`` occurs in the Chinese of the library, and in how many articles."""
        from reader.library.search import occurrences

        return occurrences(self.db, word)
