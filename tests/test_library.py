"""The library index: forms of text, queries, search, keeping in step with the folders, repair."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from reader.cli.output import table
from reader.corpus import render_article
from reader.library import listing, schema
from reader.library.db import Database
from reader.library.difficulty import char_level
from reader.library.index import LibraryIndex, index_path
from reader.library.pinyin import parse_pinyin, readings, strip_tones, syllables
from reader.library.records import series_of
from reader.library.search import snippet
from reader.library.tokens import fold, zh_index, zh_phrase
from reader.model import ArticleMeta
from reader.text.blocks import Block
from reader.workspace import Workspace

# -- forms of text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("复盘是一次", "复盘 盘是 是一 一次 次"),
        ("复", "复"),
        ("AI原生应用", "AI 原生 生应 应用 用"),
        ("复盘，估值", "复盘 盘 ， 估值 值"),
        ("MiniMax-M2是", "MiniMax-M2 是"),
    ],
)
def test_chinese_is_indexed_as_character_pairs(text: str, expected: str) -> None:
    assert zh_index(text) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("复盘", '"复盘"'),
        ("复", '"复"*'),  # one character: every pair starting with it
        ("规模定律", '"规模 模定 定律"'),
        ("ai原生", '"ai 原生"'),
        ("原生ai", '"原生 生 ai"'),  # the run ends inside the query: its last character too
        ("做ai", '"做 ai"'),
        ("复盘，估值", '"复盘 盘 估值"'),
        ("，。", None),
        ('a"b复', '"a""b 复"*'),  # quotes are literal
    ],
)
def test_query_words_become_phrases_of_pairs(query: str, expected: str | None) -> None:
    assert zh_phrase(query) == expected


def test_traditional_folds_to_simplified() -> None:
    assert fold("復盤 規模定律") == "复盘 规模定律"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("银行", ["yin", "hang"]),
        ("进行业务", ["jin", "xing", "ye", "wu"]),  # not 进|行业|务
        ("长大", ["zhang", "da"]),
        ("长度", ["chang", "du"]),
        ("绿色", ["lv", "se"]),
        ("复盘", ["fu", "pan"]),
    ],
)
def test_index_pinyin_settles_polyphones_by_dictionary_words(
    word: str, expected: list[str]
) -> None:
    assert readings().run(word) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("fupan", [(("fu", "pan"), False)]),
        ("fu pan", [(("fu", "pan"), False)]),
        ("Fù Pán", [(("fu", "pan"), False)]),
        ("fu4pan2", [(("fu", "pan"), False)]),
        ("xi'an", [(("xi", "an"), False)]),
        ("fup", [(("fu", "p"), True)]),
        ("lü", [(("lv",), False)]),
        ("lv", [(("lv",), False)]),
        ("attention", []),
        ("minimax-m2", []),
    ],
)
def test_typed_pinyin(typed: str, expected: list[tuple[tuple[str, ...], bool]]) -> None:
    assert [(q.syllables, q.prefix) for q in parse_pinyin(typed)][: len(expected) or 1] == (
        expected or []
    )


def test_ambiguous_pinyin_keeps_every_split() -> None:
    splits = {q.syllables for q in parse_pinyin("xian")}
    assert {("xian",), ("xi", "an")} <= splits
    assert strip_tones("Nǚ rén") == "nv ren"


def test_porter_stemming_leaves_pinyin_tokens_alone() -> None:
    """The pinyin column shares the English column's tokenizer (Porter): every pinyin token,
    alone or a pair, must come out of it as it went in, or "fu pan" would find what it
    should not."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'porter unicode61')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, row)")
    all_syllables = sorted(syllables())
    tokens = {f"{s}0" for s in all_syllables} | {
        f"{s}0{t}0" for s in all_syllables for t in ("xing", "e", "shi")
    }
    conn.executemany("INSERT INTO t (x) VALUES (?)", [(t,) for t in sorted(tokens)])
    assert {row[0] for row in conn.execute("SELECT term FROM v")} == tokens


def test_pinyin_is_indexed_as_syllable_pairs() -> None:
    from reader.library.tokens import py_index, py_phrase

    assert py_index("复盘是，AI原生") == "fu0pan0 pan0shi0 shi0 yuan0sheng0 sheng0"
    assert py_phrase(("fu", "pan"), False) == '"fu0pan0"'
    assert py_phrase(("pan",), False) == '"pan0"*'  # every pair starting with it, not "pang"
    assert py_phrase(("fu", "p"), True) == '"fu0p"*'


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, (None, None)),
        ({"series": "三体", "chapter": 3}, ("三体", 3.0)),
        ({"series_title": "Book", "series_order": "2"}, ("Book", 2.0)),
        ({"series": {"title": "Book", "order": 4}}, ("Book", 4.0)),
        ({"series": True}, (None, None)),
    ],
)
def test_series_read_from_front_matter(
    extra: dict[str, object], expected: tuple[object, object]
) -> None:
    assert series_of(extra) == expected


def test_basic_difficulty_is_the_hsk_character_level() -> None:
    from collections import Counter

    easy = char_level(Counter("我是中国人我是中国人"))
    assert easy.level == 1 and easy.label == "HSK 1" and easy.score is not None
    hard = char_level(Counter("魑魅魍魉饕餮"))
    assert hard.level is None and hard.label == "beyond HSK" and hard.score is not None
    assert hard.score > easy.score
    assert char_level(Counter()).score is None


# -- a small library ---------------------------------------------------------------------------

ARTICLES: dict[str, tuple[dict[str, object], list[str]]] = {
    "alpha": (
        {"title": "复盘的方法", "author": "甲", "date": "2024-01-02"},
        [
            "我们做了一次复盘，复盘之后，银行的估值提高了。",
            "AI原生应用是新的方向。MiniMax-M2是一款模型。",
        ],
    ),
    "beta": (
        {"title": "復盤三年", "source": "乙", "script": "traditional"},
        ["他們復盤了三年的工作。線性注意力很重要。"],
    ),
    "gamma": (
        {"title": "第一章", "series": "一本书", "chapter": 1},
        ["长大以后，他进行业务调整。"],
    ),
    "delta": (
        {"title": "第二章", "series": "一本书", "chapter": 2},
        ["这一章没有那个词。"],
    ),
}


def write_article(
    folder: Path, slug: str, fields: dict[str, object], paragraphs: list[str]
) -> Path:
    known = {"title", "author", "source", "date", "script", "series", "chapter"}
    chapter = fields.get("chapter")
    meta = ArticleMeta(
        slug=slug,
        title=str(fields["title"]),
        author=fields.get("author"),  # type: ignore[arg-type]
        source=fields.get("source"),  # type: ignore[arg-type]
        date=fields.get("date"),  # type: ignore[arg-type]
        script=str(fields.get("script", "simplified")),
        series=fields.get("series"),  # type: ignore[arg-type]
        chapter=chapter if isinstance(chapter, int) else None,
        extra={k: v for k, v in fields.items() if k not in known},
    )
    path = folder / f"{slug}.md"
    path.write_text(render_article(meta, [Block("text", p) for p in paragraphs]), "utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for slug, (fields, paragraphs) in ARTICLES.items():
        write_article(folder, slug, fields, paragraphs)
    return folder


@pytest.fixture
def ws(corpus: Path) -> Workspace:
    return Workspace(str(corpus))


def slugs_of(ws: Workspace, query: str, **filters: str) -> list[str]:
    return [h.slug for h in ws.synced_library().search(query, **filters).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("复盘", {"alpha", "beta"}),  # either script finds both
        ("復盤", {"alpha", "beta"}),
        ("复", {"alpha", "beta"}),
        ("盘", {"alpha", "beta"}),
        ("fupan", {"alpha", "beta"}),
        ("fu pan", {"alpha", "beta"}),
        ("fù pán", {"alpha", "beta"}),
        ("yinhang", {"alpha"}),
        ("zhang da", {"gamma"}),
        ("AI原生", {"alpha"}),
        ("minimax-m2", {"alpha"}),
        ("线性注意力", {"beta"}),
        ("复盘 估值", {"alpha"}),  # every word
        ("原生应", {"alpha"}),
        ("生应用", {"alpha"}),
        ("盘估", set()),  # never across punctuation or between words that do not touch
        ("估值复盘", set()),
    ],
)
def test_search_chinese_and_pinyin(ws: Workspace, query: str, expected: set[str]) -> None:
    assert set(slugs_of(ws, query)) == expected


def test_hits_locate_the_match_in_either_script(ws: Workspace) -> None:
    results = ws.synced_library().search("复盘")
    beta = next(h for h in results.hits if h.slug == "beta")
    start, end = beta.spans[0]
    assert beta.zh[start:end] == "復盤" and beta.field == "zh"
    assert "**復盤**" in snippet(beta)
    pinyin = ws.synced_library().search("fupan").hits[0]
    assert pinyin.field == "pinyin"
    assert {pinyin.zh[s:e] for s, e in pinyin.spans} <= {"复盘", "復盤"}
    alpha = next(h for h in results.hits if h.slug == "alpha")
    assert len(alpha.spans) == 2  # both occurrences in the sentence are marked


def test_search_filters(ws: Workspace) -> None:
    assert slugs_of(ws, "复盘", article="beta") == ["beta"]
    assert slugs_of(ws, "复盘", article="nonexistent") == []
    assert set(slugs_of(ws, "章", series="一本书")) == {"delta"}
    assert slugs_of(ws, "业务", series="一本书") == ["gamma"]
    assert slugs_of(ws, "复盘", engine="curated") == []
    assert set(slugs_of(ws, "复盘", engine="none")) == {"alpha", "beta"}


def test_many_matches_are_listed_unranked(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.library.search as search

    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    results = ws.synced_library().search("复盘")
    assert results.capped and results.total == 2  # counting stops past the limit
    assert len(results.hits) == 2
    assert all(h.score is None for h in results.hits)


def test_records_metadata_counts_and_series(ws: Workspace) -> None:
    records = {r.slug: r for r in ws.synced_library().records()}
    assert set(records) == set(ARTICLES)
    alpha = records["alpha"]
    assert alpha.title == "复盘的方法" and alpha.author == "甲" and alpha.date == "2024-01-02"
    assert alpha.sentences == 3 and alpha.english == 0 and alpha.difficulty is not None
    assert alpha.title_key.startswith("fu pan")
    assert (records["gamma"].series, records["gamma"].series_order) == ("一本书", 1.0)
    assert records["beta"].script == "traditional"
    assert ws.library.stats("alpha", "hsk_chars") is not None


def test_occurrences(ws: Workspace) -> None:
    assert ws.synced_library().occurrences("复盘") == (3, 2)
    assert ws.library.occurrences("復") == (3, 2)
    assert ws.library.occurrences("没有的词语") == (0, 0)


# -- keeping in step ---------------------------------------------------------------------------


def test_sync_is_incremental(ws: Workspace, corpus: Path) -> None:
    library = ws.library
    first = library.sync()
    assert first.added == 4 and not first.problems
    assert not library.sync().changed  # nothing to do: no file is read
    path = corpus / "alpha.md"
    os.utime(path, ns=(1, 1))  # same bytes, new time: only the times are updated
    assert not library.sync().changed
    write_article(corpus, "alpha", {"title": "新标题"}, ["新的句子里没有那个词。"])
    report = library.sync()
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert library.record("alpha").title == "新标题"  # type: ignore[union-attr]
    assert slugs_of(ws, "复盘") == ["beta"]  # the old sentences are gone from the full text
    (corpus / "delta.md").unlink()
    assert library.sync().removed == 1
    write_article(corpus, "epsilon", {"title": "新"}, ["新文章也谈复盘。"])
    assert library.sync().added == 1
    assert set(slugs_of(ws, "复盘")) == {"beta", "epsilon"}


def test_edit_in_place_of_the_same_size_is_noticed(ws: Workspace, corpus: Path) -> None:
    """An editor that rewrites a file in place changes its times, not its folder's: the sync
    must still see it, even when the size is the same."""
    library = ws.library
    library.sync()
    path = corpus / "alpha.md"
    text = path.read_text("utf-8")
    before = path.stat()
    edited = text.replace("复盘", "估值")
    assert len(edited.encode()) == len(text.encode()) and edited != text
    path.write_text(edited, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert library.sync().updated == 1
    assert "alpha" not in slugs_of(ws, "复盘")


def test_a_file_in_a_later_folder_shadows_the_indexed_one(ws: Workspace, corpus: Path) -> None:
    """The same slug in the writable folder wins over the bundled one (as Corpus does), even
    with the same size and times."""
    from reader.corpus import Corpus

    later = corpus.parent / "imports"
    later.mkdir()
    library = ws.library
    ws.__dict__["corpus"] = Corpus([corpus, later], later)
    library.sync()
    copy = later / "beta.md"
    copy.write_bytes((corpus / "beta.md").read_bytes())
    stat = (corpus / "beta.md").stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    library.file_written(corpus / "beta.md")  # told of either, the later folder's file wins
    assert library.record("beta").path == str(copy)  # type: ignore[union-attr]
    library.sync()
    record = library.record("beta")
    assert record is not None and record.path == str(copy) and record.writable
    copy.unlink()  # the bundled one shows again
    library.sync()
    assert library.record("beta").path == str(corpus / "beta.md")  # type: ignore[union-attr]


def test_a_new_english_file_is_noticed_without_reindexing(ws: Workspace, corpus: Path) -> None:
    library = ws.library
    library.sync()
    (corpus / "alpha.en.yaml").write_text("slug: alpha\nsentences: []\n", "utf-8")
    report = library.sync()
    assert (report.added, report.updated, report.english) == (0, 0, 1)
    assert not library.sync().changed
    (corpus / "alpha.en.yaml").unlink()
    assert library.sync().english == 1


def test_a_sync_of_unchanged_folders_compares_nothing(
    ws: Workspace, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a sync found the index in step with the folders, the next one over the very same
    files compares nothing (a digest of the scan is kept); an edit in place, or another
    process's write to the index, makes the next sync compare every file again."""
    library = ws.library
    library.sync()
    assert not library.sync().changed  # compared, found in step: the scan is noted
    compared: list[bool] = []
    real = LibraryIndex._compare

    def counting(self: LibraryIndex, *args: object) -> object:
        compared.append(True)
        return real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(LibraryIndex, "_compare", counting)
    assert not library.sync().changed and not library.sync(english=False).changed
    assert compared == []
    path = corpus / "alpha.md"
    before = path.stat()
    path.write_text(path.read_text("utf-8").replace("复盘", "估值"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert library.sync(english=False).updated == 1 and compared == [True]
    assert not library.sync(english=False).changed and compared == [True]
    assert not library.sync().changed and len(compared) == 2  # the English files now too
    compared.clear()
    Workspace(str(corpus)).library.mark_english_stale("beta")  # another process writes
    assert library.sync().english == 1 and compared == [True]
    assert not library.sync().changed and compared == [True]


def test_a_listing_sync_leaves_english_files_to_the_next_full_sync(
    ws: Workspace, corpus: Path
) -> None:
    """``reader list`` prints nothing of the English: its sync looks at the articles' files
    alone, and the English file is read at the next full sync."""
    library = ws.library
    library.sync()
    (corpus / "alpha.en.yaml").write_text("slug: alpha\nsentences: []\n", "utf-8")
    assert not library.sync(english=False).changed
    write_article(corpus, "beta", {"title": "新的"}, ["新的句子。"])
    (corpus / "beta.en.yaml").write_text("slug: beta\nsentences: []\n", "utf-8")
    assert library.sync(english=False).updated == 1  # a changed article's English is read
    record = library.record("beta")
    assert record is not None and record.title == "新的"
    report = library.sync()
    assert report.english == 1 and not report.updated  # alpha's English, beta's was read
    assert not library.sync().changed


def _expected_listing(library: LibraryIndex, widths: tuple[int, ...] = listing.WIDTHS) -> str:
    rows = [(r.slug, r.title, r.byline, r.date or "", str(r.sentences)) for r in library.records()]
    return table(listing.HEADERS, rows, widths)


def test_the_listing_is_the_table_of_the_indexed_articles(ws: Workspace, corpus: Path) -> None:
    write_article(
        corpus,
        "long-title",
        {
            "title": "一个很长很长的标题：AI原生应用的复盘与估值，以及“线性注意力”的未来",
            "author": "Mr.K",
        },
        ["一句。"],
    )
    write_article(corpus, "a-very-long-slug-that-does-not-fit", {"title": "Short"}, ["二句。"])
    library = ws.synced_library()
    text = library.listing_text()
    assert text == _expected_listing(library)
    assert text is not None and sum("…" in line for line in text.splitlines()) == 2
    (corpus / "long-title.md").unlink()  # an article's row leaves with it
    library.sync(english=False)
    assert library.listing_text() == _expected_listing(library)
    rows = library.db.read(lambda c: c.execute("SELECT count(*) FROM listing").fetchone())
    assert rows[0] == len(library.records())


def test_listing_rows_are_rendered_again_for_another_layout_or_an_older_index(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = ws.synced_library()
    monkeypatch.setattr(listing, "WIDTHS", (6, 8, 4, 10, 5))
    monkeypatch.setattr(listing, "LAYOUT", "narrow")
    assert library.listing_text() == _expected_listing(library, (6, 8, 4, 10, 5))
    monkeypatch.undo()
    library.db.write(lambda c: c.execute("DELETE FROM listing WHERE slug = 'beta'"))
    assert library.listing_text() == _expected_listing(library)
    assert not library.sync().changed  # rendering rows is not a change of the files


def test_an_empty_library_has_no_listing(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert Workspace(str(folder)).synced_library().listing_text() is None


def test_a_build_in_batches_keeps_every_good_file(
    ws: Workspace, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are written a batch per transaction: a broken one in the middle of a batch is
    named and left out, the others are indexed, and a file that leaves takes its problem."""
    from reader.library import index as index_module

    monkeypatch.setattr(index_module, "BATCH_ARTICLES", 2)
    (corpus / "beta.md").write_text("---\ntitle: [unclosed\n---\n正文。\n", "utf-8")
    report = ws.library.sync()
    assert report.added == 3 and len(report.problems) == 1
    assert [r.slug for r in ws.library.records()] == ["alpha", "delta", "gamma"]
    (corpus / "beta.md").unlink()
    assert not ws.library.sync().changed and ws.library.problems() == []


def test_broken_file_is_left_out_and_named_until_fixed(ws: Workspace, corpus: Path) -> None:
    library = ws.library
    library.sync()
    broken = corpus / "beta.md"
    broken.write_text("---\ntitle: [unclosed\n---\n正文。\n", "utf-8")
    report = library.sync()
    assert report.problems and "beta.md" in report.problems[0]
    assert "beta" not in {r.slug for r in library.records()}
    again = library.sync()  # not read again while it is unchanged, but still named
    assert again.problems == report.problems and not again.changed
    write_article(corpus, "beta", {"title": "好了"}, ["修好了，复盘。"])
    assert library.sync().added == 1 and library.problems() == []


def test_damaged_index_is_rebuilt(ws: Workspace) -> None:
    path = ws.library.db.path
    assert path is not None
    ws.library.sync()
    ws.library.close()
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    fresh = Workspace(ws._corpus_arg)
    assert set(slugs_of(fresh, "复盘")) == {"alpha", "beta"}
    assert any("damaged" in n for n in fresh.library.notices)


def test_newer_or_unknown_schema_is_rebuilt(ws: Workspace) -> None:
    ws.library.sync()
    path = ws.library.db.path
    ws.library.close()
    conn = sqlite3.connect(path)  # type: ignore[arg-type]
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    fresh = Workspace(ws._corpus_arg)
    assert fresh.library.sync().added == 4


def test_migrations_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(tmp_path / "index.sqlite")
    db.read(lambda c: c.execute("SELECT 1").fetchone())
    db.close()
    ran = []

    def add_column(conn: sqlite3.Connection) -> None:
        ran.append(schema.SCHEMA_VERSION)
        conn.execute("ALTER TABLE articles ADD COLUMN extra_two TEXT")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, add_column)
    again = Database(tmp_path / "index.sqlite")
    columns = again.read(lambda c: [r[1] for r in c.execute("PRAGMA table_info(articles)")])
    assert "extra_two" in columns and ran and not again.fresh
    version = again.read(lambda c: c.execute("PRAGMA user_version").fetchone()[0])
    assert version == schema.SCHEMA_VERSION


def test_unwritable_place_keeps_the_index_in_memory(ws: Workspace, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", "utf-8")
    library = LibraryIndex(ws, blocker / "library.sqlite")
    assert library.sync().added == 4
    assert library.db.in_memory and "memory" in library.notices[0]


def test_index_file_per_corpus_stack(corpus: Path, isolated_dirs: Path) -> None:
    from reader.paths import bundled_corpus_dir, user_corpus_dir

    assert index_path([bundled_corpus_dir(), user_corpus_dir()]) == isolated_dirs / "library.sqlite"
    other = index_path([corpus])
    assert other.parent == isolated_dirs / "library" and other != index_path([corpus / "x"])


# -- updates on import and translation ---------------------------------------------------------


def test_import_updates_the_index_and_finds_duplicates_there(ws: Workspace, tmp_path: Path) -> None:
    from reader.importer import import_file

    library = ws.synced_library()
    source = tmp_path / "new.txt"
    source.write_text("这是一篇关于复盘的新文章。\n\n第二段也很短。\n", "utf-8")
    result = import_file(ws.corpus, source, slug="fresh")
    assert library.record("fresh") is not None  # indexed by the import itself
    assert not library.sync().changed
    assert "fresh" in slugs_of(ws, "复盘")
    from reader.errors import ReaderError

    with pytest.raises(ReaderError, match="already in the corpus as 'fresh'"):
        import_file(ws.corpus, source)
    assert result.slug == "fresh"


def test_stored_translations_reach_the_index(ws: Workspace) -> None:
    from reader.model import text_hash
    from reader.translation.store import Row, StoreKey

    library = ws.synced_library()
    article = ws.corpus.load("alpha")
    sentence = next(article.sentences())
    key = StoreKey("llm", "test-model", "1", "g1")
    ws.translations.put_many(
        "alpha", key, [Row(sentence.id, text_hash(sentence.text), "We reviewed.")]
    )
    assert library.record("alpha").english == 0  # type: ignore[union-attr]
    found = {sentence.id: _translation(sentence.id, "We reviewed the horse races.")}
    monkey_english(found)
    try:
        ws.synced_library()  # catches up with the marked article
        record = library.record("alpha")
        assert record is not None and record.english == 1 and record.engines == {"llm": 1}
        hit = library.search("horse races").hits[0]
        assert (
            hit.field == "en"
            and hit.en
            and hit.en[hit.spans[0][0] : hit.spans[0][1]] == "horse races"
        )
        assert slugs_of(ws, "复盘", engine="llm") == ["alpha"]
    finally:
        monkey_english(None)


def _translation(sid: str, text: str):  # type: ignore[no-untyped-def]
    from reader.translation.model import Translation

    return Translation(sid, text, "llm")  # type: ignore[arg-type]


_real_english = None


def monkey_english(found: dict[str, object] | None) -> None:
    """Makes the index see ``found`` as an article's English (None restores the real lookup)."""
    import reader.library.english as english

    global _real_english
    if _real_english is None:
        _real_english = english.english_for
    if found is None:
        english.english_for = _real_english
        return
    english.english_for = lambda ws, article: (  # type: ignore[assignment]
        {sid: t for sid, t in found.items() if any(s.id == sid for s in article.sentences())},
        None,
    )


# -- the bundled corpus and the CLI ------------------------------------------------------------


def test_bundled_corpus_search_with_curated_english() -> None:
    ws = Workspace()
    results = ws.synced_library().search("规模定律")
    hit = next(h for h in results.hits if h.slug == "ai-native-ceo")
    assert hit.zh[hit.spans[0][0] : hit.spans[0][1]] == "規模定律"
    english = ws.library.search("horse races").hits
    assert english and english[0].field == "en" and english[0].engine == "curated"
    records = {r.slug: r for r in ws.library.records()}
    assert records["three-hard-battles"].engines.get("curated", 0) > 0


def test_cli_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli.main import main

    assert main(["search", "复盘", "--json", "--limit", "2"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2
    for row in rows:
        assert {"slug", "sentence", "zh", "en", "snippet"} <= set(row)
        assert "**" in row["snippet"] and row["field"] == "zh"
    with pytest.raises(SystemExit) as stopped:
        main(["search", "复盘", "--limit", "0"])
    assert stopped.value.code == 2
    assert "positive" in capsys.readouterr().err
    assert main(["search", "，", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_parsed_articles_and_curated_files_are_cached_within_bounds(
    ws: Workspace, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.corpus
    import reader.translation.curated as curated

    monkeypatch.setattr(reader.corpus, "CACHED_ARTICLES", 2)
    monkeypatch.setattr(curated, "CACHED_FILES", 2)
    for slug in ARTICLES:
        (corpus / f"{slug}.en.yaml").write_text(f"slug: {slug}\nsentences: []\n", "utf-8")
        ws.corpus.load(slug)
        curated.read_curated(corpus / f"{slug}.en.yaml")
    assert len(ws.corpus._cache) == 2 and len(curated._cache) <= 2
    assert ws.corpus.load("delta").slug == "delta"  # the newest stay


def test_a_folder_in_place_of_the_index_leaves_it_in_memory(ws: Workspace) -> None:
    path = ws.library.db.path
    assert path is not None
    path.mkdir(parents=True)
    (path / "keep").write_text("x", "utf-8")  # a folder that cannot simply be removed
    assert set(slugs_of(ws, "复盘")) == {"alpha", "beta"}
    assert ws.library.db.in_memory and (path / "keep").exists()


# -- the learner's difficulty from the index's word counts -------------------------------------


def test_learner_difficulty_from_the_index_equals_counting_each_article(ws: Workspace) -> None:
    from reader.vocab.difficulty import article_words, difficulty

    library = ws.synced_library()
    assert library.words_to_count() == 4 and library.difficulties({"复盘"}) == {}
    assert library.count_words(ws.analyzer) == 4
    assert library.words_to_count() == 0 and library.count_words(ws.analyzer) == 0
    words = {slug: article_words(ws.analyzer, ws.corpus.load(slug)) for slug in ws.corpus.slugs()}
    vocabulary = sorted({w for found in words.values() for w in found})
    for known, learning in [
        (set(), set()),
        ({"复盘", "银行"}, {"估值"}),
        (set(vocabulary[::2]), set(vocabulary[1::3])),
        (set(vocabulary), set()),
    ]:
        found = library.difficulties(known, learning)
        assert found == {s: difficulty(w, known, learning) for s, w in words.items()}


def test_word_counts_follow_edits_removals_and_the_glossary(ws: Workspace, corpus: Path) -> None:
    from reader.paths import user_glossary_path

    library = ws.synced_library()
    library.count_words(ws.analyzer)
    write_article(corpus, "alpha", {"title": "改了"}, ["全新的句子，讲复盘。"])
    library.sync()
    assert library.words_to_count() == 1  # only the edited article is counted again
    before = library.difficulties(set())
    assert "alpha" not in before and before["beta"].words > 0
    assert library.count_words(ws.analyzer) == 1
    assert library.difficulties(set())["alpha"].words == 5  # 全新 的 句子 讲 复盘
    (corpus / "delta.md").unlink()
    library.sync()
    assert "delta" not in library.difficulties(set())
    rows = library.db.read(lambda c: c.execute("SELECT count(*) FROM word_counts").fetchone())
    assert rows[0] == 3
    glossary = user_glossary_path()
    glossary.parent.mkdir(parents=True, exist_ok=True)
    glossary.write_text("terms: []\n", "utf-8")  # terms decide words: all are counted again
    assert library.words_to_count() == 3
    assert set(library.difficulties(set())) == {"alpha", "beta", "gamma"}  # kept meanwhile


def test_word_counts_survive_a_glossary_moved_or_touched_but_unchanged(
    corpus: Path, tmp_path: Path
) -> None:
    """The key is the files' contents: a checkout or reinstall that rewrites the same glossary
    elsewhere does not send the whole library to be counted again."""
    from reader.paths import bundled_glossary_path

    first = tmp_path / "a" / "glossary.yaml"
    first.parent.mkdir()
    first.write_bytes(bundled_glossary_path().read_bytes())
    ws = Workspace(str(corpus), glossary=first)
    assert ws.synced_library().count_words(ws.analyzer) == 4
    moved = tmp_path / "b" / "glossary.yaml"
    moved.parent.mkdir()
    moved.write_bytes(first.read_bytes())
    os.utime(moved, ns=(1, 1))
    assert Workspace(str(corpus), glossary=moved).synced_library().words_to_count() == 0
    moved.write_bytes(first.read_bytes() + b"\n# a comment changes the bytes\n")
    assert Workspace(str(corpus), glossary=moved).synced_library().words_to_count() == 4


def _as_version(ws: Workspace, version: int, *statements: str) -> Workspace:
    """The workspace's index taken back to an older version by ``statements``; a new
    workspace on it (as the next start of the reader)."""
    ws.library.sync()
    path = ws.library.db.path
    ws.library.close()
    conn = sqlite3.connect(path)  # type: ignore[arg-type]
    for statement in statements:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return Workspace(ws._corpus_arg)


def test_a_version_2_index_gains_the_listing_rows_without_a_rebuild(ws: Workspace) -> None:
    triggers = [f"DROP TRIGGER {s.split()[5]}" for s in schema.TRIGGERS]  # their names
    fresh = _as_version(ws, 2, "DROP TABLE listing", "DROP INDEX articles_by_series", *triggers)
    assert not fresh.library.sync().changed and not fresh.library.db.fresh
    assert fresh.library.listing_text() == _expected_listing(fresh.library)
    triggers = fresh.library.db.read(
        lambda c: c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()
    )
    assert triggers[0] == len(schema.TRIGGERS)


def test_a_version_3_index_moves_the_listing_rows_to_their_table_without_a_rebuild(
    ws: Workspace,
) -> None:
    """Version 3 as first released kept the rows in a column of articles with a covering
    index."""
    fresh = _as_version(
        ws,
        3,
        "DROP TABLE listing",
        "DROP TRIGGER listing_removed",
        "DROP INDEX articles_by_series",
        "ALTER TABLE articles ADD COLUMN listing TEXT",
        "UPDATE articles SET listing = 'old row'",
        "CREATE INDEX articles_listing ON articles (slug, listing)",
    )
    assert not fresh.library.sync().changed and not fresh.library.db.fresh
    assert fresh.library.listing_text() == _expected_listing(fresh.library)
    columns = fresh.library.db.read(
        lambda c: [r[1] for r in c.execute("PRAGMA table_info(articles)")]
    )
    assert "listing" not in columns
    indexes = fresh.library.db.read(
        lambda c: {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    )
    assert "articles_by_series" in indexes and "articles_listing" not in indexes  # version 5


def test_a_version_1_index_gains_the_word_counts_without_a_rebuild(ws: Workspace) -> None:
    fresh = _as_version(ws, 1, "DROP TABLE word_counts", "DROP TABLE words")
    assert not fresh.library.sync().changed and not fresh.library.db.fresh
    assert fresh.library.words_to_count() == 4
