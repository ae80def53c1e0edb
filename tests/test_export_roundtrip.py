"""Every export parses back (markdown-it-py) with each sentence and translation once, in order."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.export import ExportOptions, render_article
from reader.export.options import GRANULARITIES, LAYOUTS, PINYIN_MODES
from reader.model import Article, Paragraph, Sentence
from reader.text.chars import has_han
from reader.translation.curated import curated_path, read_curated
from reader.translation.lookup import translations_for
from reader.translation.model import Translation
from reader.workspace import Workspace
from tests.export_support import (
    FIXTURE_META,
    FIXTURE_TITLE_EN,
    TextBlock,
    bundled_slugs,
    fixture_corpus,
    norm,
    read_back,
    split_front_matter,
)

COMBOS = [
    ExportOptions(layout=layout, granularity=granularity, pinyin=pinyin)
    for layout, granularity, pinyin in itertools.product(LAYOUTS, GRANULARITIES, PINYIN_MODES)
]


def combo_id(options: ExportOptions) -> str:
    return f"{options.layout}-{options.granularity}-{options.pinyin}"


def units(article: Article, granularity: str) -> Iterator[tuple[Paragraph, tuple[Sentence, ...]]]:
    """The expected units in order: paragraphs or sentences; headings always whole."""
    for p in article.paragraphs:
        if granularity == "paragraph" or p.kind == "heading":
            yield p, p.sentences
        else:
            for s in p.sentences:
                yield p, (s,)


def expected_labels(group: tuple[Sentence, ...], translations: dict[str, Translation]) -> list[str]:
    labels: list[str] = []
    previous_missing = False
    for s in group:
        t = translations.get(s.id)
        if t is None or not t.text.strip():
            if not previous_missing:
                labels.append("(no translation)")
            previous_missing = True
            continue
        previous_missing = False
        tags = [name for name, on in (("gloss", t.engine == "gloss"), ("stale", t.stale)) if on]
        if tags:
            labels.append(f"({', '.join(tags)})")
    return labels


def check_export(
    markdown: str,
    article: Article,
    translations: dict[str, Translation],
    options: ExportOptions,
    title_en: str | None = None,
) -> list[TextBlock]:
    """Asserts the read-back of ``markdown`` matches the article unit by unit; returns blocks."""
    blocks, appendix = read_back(markdown)
    blocks = [b for b in blocks if not b.header]
    table = options.layout == "table"
    pos = 0

    def take() -> TextBlock:
        nonlocal pos
        assert pos < len(blocks), "the export ends early"
        pos += 1
        return blocks[pos - 1]

    title = take()
    assert (title.kind, title.level) == ("heading", 1)
    assert norm(title.text) == norm(article.meta.title)
    if title_en:
        en = take()
        assert (en.kind, en.depth, norm(en.text)) == ("paragraph", 1, norm(title_en))
    for p, group in units(article, options.granularity):
        zh_text = p.text[group[0].start : group[-1].end]
        zh = take()
        where = f"paragraph {p.index} sentence {group[0].index}"
        if p.kind == "heading":
            assert (zh.kind, zh.level) == ("heading", max(1, min(6, p.level))), where
        elif table:
            assert (zh.kind, zh.cell) == ("cell", 0), where
        else:
            assert zh.kind == "paragraph", where
            assert zh.depth == (1 if p.kind == "quote" else 0), where
            assert zh.in_list == (p.kind == "list"), where
        shown = zh.text
        if table and p.kind == "quote":
            assert shown.startswith("▎ "), where
            shown = shown[2:]
        elif table and p.kind == "list" and group[0].index == 0:
            assert shown.startswith("• "), where
            shown = shown[2:]
        assert norm(shown) == norm(zh_text), where
        if p.speaker and group[0].index == 0:
            assert p.speaker in zh.strongs, where
        if options.pinyin == "ruby":
            assert (zh.rubies > 0) == has_han(zh_text), where
        else:
            assert zh.rubies == 0, where
        if options.pinyin == "inline" and has_han(zh_text):
            if table and p.kind != "heading":
                assert zh.after_br, where
            else:
                line = take()
                assert (line.kind, line.depth, line.text.strip()) == ("paragraph", zh.depth, ""), (
                    where
                )
                assert len(line.ems) == 1 and line.ems[0].strip(), where
        else:
            assert zh.after_br is None, where
        en = take()
        if table and p.kind != "heading":
            assert (en.kind, en.cell) == ("cell", 1), where
        else:
            assert (en.kind, en.depth) == ("paragraph", zh.depth + 1), where
        english = " ".join(
            t.text for s in group if (t := translations.get(s.id)) is not None and t.text.strip()
        )
        assert norm(en.text) == norm(english), where
        assert en.ems == expected_labels(group, translations), where
    assert pos == len(blocks), f"unexpected blocks after the article: {blocks[pos:]!r}"
    _check_glossary(blocks, appendix, options)
    return blocks


def _check_glossary(
    blocks: list[TextBlock], appendix: list[TextBlock], options: ExportOptions
) -> None:
    links = [link for b in blocks for link in b.links]
    refs = [a for b in blocks for a in b.anchors]
    if not options.glossary:
        assert links == [] and refs == [] and appendix == []
        return
    assert len(links) == len(set(links)), "a term is linked more than once"
    assert all(link.startswith("#term-") for link in links)
    terms = [a for b in appendix for a in b.anchors if a.startswith("term-")]
    assert [f"#{t}" for t in terms] == links  # appendix in order of first occurrence
    assert refs == [f"ref-{link[len('#term-') :]}" for link in links]
    backlinks = [link for b in appendix for link in b.links if link.startswith("#ref-")]
    assert backlinks == [f"#{r}" for r in refs]
    # Related entries ("See also") link only to entries of the appendix.
    related = [link for b in appendix for link in b.links if not link.startswith("#ref-")]
    assert set(related) <= {f"#{t}" for t in terms}


@pytest.fixture(scope="module")
def fixture_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    corpus, glossary = fixture_corpus(tmp_path_factory.mktemp("export"))
    return Workspace(str(corpus), glossary)


@pytest.mark.parametrize("options", COMBOS, ids=combo_id)
def test_fixture_article_round_trips(fixture_ws: Workspace, options: ExportOptions) -> None:
    article = fixture_ws.corpus.load(FIXTURE_META.slug)
    translations = translations_for(fixture_ws, article)
    markdown = render_article(fixture_ws, article, options)
    blocks = check_export(markdown, article, translations, options, title_en=FIXTURE_TITLE_EN)
    # The fixture has two terms, both linked once, and translations of every kind of paragraph.
    assert [link for b in blocks for link in b.links] == [
        "#term-mixture-of-experts",
        "#term-scaling-law",
    ]
    assert sum(t.stale for t in translations.values()) == 1
    front, _ = split_front_matter(markdown)
    # the one sentence without curated English falls back to a labelled word gloss
    assert front["translation_engines"] == {"curated": 11, "gloss": 1}
    assert front["stale_translations"] == 1 and front["untranslated_sentences"] == 0


def test_sentences_without_any_english_are_marked(
    fixture_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = fixture_ws.corpus.load(FIXTURE_META.slug)
    monkeypatch.setattr("reader.export.prepare.translations_for", lambda ws, a: {})
    markdown = render_article(fixture_ws, article, ExportOptions())
    check_export(markdown, article, {}, ExportOptions(), title_en=FIXTURE_TITLE_EN)
    front, _ = split_front_matter(markdown)
    assert front["untranslated_sentences"] == article.sentence_count()
    assert "*(no translation)*" in markdown


@pytest.mark.parametrize("options", [*COMBOS, ExportOptions(glossary=False)], ids=combo_id)
@pytest.mark.parametrize("slug", bundled_slugs())
def test_bundled_articles_round_trip(
    workspace_session: Workspace, slug: str, options: ExportOptions
) -> None:
    article = workspace_session.corpus.load(slug)
    translations = translations_for(workspace_session, article)
    markdown = render_article(workspace_session, article, options)
    curated = read_curated(curated_path(workspace_session.corpus.path_of(slug)))
    assert curated.title  # every bundled article has a curated English title
    check_export(markdown, article, translations, options, title_en=curated.title)


def test_no_glossary_omits_links_and_appendix(fixture_ws: Workspace) -> None:
    article = fixture_ws.corpus.load(FIXTURE_META.slug)
    markdown = render_article(fixture_ws, article, ExportOptions(glossary=False))
    check_export(
        markdown,
        article,
        translations_for(fixture_ws, article),
        ExportOptions(glossary=False),
        title_en=FIXTURE_TITLE_EN,
    )
    assert "term-" not in markdown and "Glossary" not in markdown


def test_gloss_and_argos_translations_are_labelled(
    fixture_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Glosses are labelled as such; machine translations count under their engine."""
    import reader.export.prepare as prepare

    article = fixture_ws.corpus.load(FIXTURE_META.slug)
    curated = translations_for(fixture_ws, article)
    first, second = (s.id for s in article.paragraphs[0].sentences)
    changed = dict(curated)
    changed[first] = Translation(first, "this / be / short interview", "gloss")
    changed[second] = Translation(second, "The scaling law is the subject.", "argos")
    monkeypatch.setattr(prepare, "translations_for", lambda ws, a: changed)
    for options in COMBOS:
        markdown = render_article(fixture_ws, article, options)
        check_export(markdown, article, changed, options, title_en=FIXTURE_TITLE_EN)
    front, _ = split_front_matter(markdown)
    # the substituted gloss and the fixture's own untranslated sentence, glossed
    assert front["translation_engines"] == {"argos": 1, "curated": 9, "gloss": 2}
    assert "this / be / short interview *(gloss)*" in markdown


def test_front_matter_fields(fixture_ws: Workspace) -> None:
    import reader

    article = fixture_ws.corpus.load(FIXTURE_META.slug)
    options = ExportOptions(layout="table", granularity="paragraph", pinyin="ruby")
    front, _ = split_front_matter(render_article(fixture_ws, article, options))
    assert front["title"] == FIXTURE_META.title
    assert front["title_en"] == FIXTURE_TITLE_EN
    assert (front["author"], front["source"], front["date"], front["url"]) == (
        "测试作者",
        "单元测试",
        "2025-01-02",
        "https://example.com/a?b=1&c=2",
    )
    assert front["glossary_version"] == fixture_ws.glossary.version
    assert front["generator"] == f"reader {reader.__version__}"
    assert front["lang"] == "zh-Hans"
    assert front["export"] == {
        "layout": "table",
        "granularity": "paragraph",
        "pinyin": "ruby",
        "glossary": True,
    }


def test_traditional_article_keeps_its_forms_in_the_appendix(tmp_path: Path) -> None:
    """A traditional article links its own forms and lists them as written, with readings."""
    from reader.model import ArticleMeta
    from reader.text.blocks import Block
    from tests.export_support import FIXTURE_GLOSSARY, write_article

    meta = ArticleMeta(slug="trad", title="繁體", script="traditional")
    write_article(tmp_path / "c", meta, [Block("text", "規模定律很重要。混合專家也是。")], {})
    (tmp_path / "g.yaml").write_text(
        FIXTURE_GLOSSARY.replace("zh: [规模定律]", "zh: [规模定律, 規模定律]").replace(
            "pinyin: [guī mó dìng lǜ]", "pinyin: [guī mó dìng lǜ, guī mó dìng lǜ]"
        ),
        encoding="utf-8",
    )
    ws = Workspace(str(tmp_path / "c"), tmp_path / "g.yaml")
    markdown = render_article(ws, ws.corpus.load("trad"), ExportOptions())
    _, appendix = read_back(markdown)
    heads = [b for b in appendix[1:] if b.anchors]
    assert [b.strongs for b in heads] == [["規模定律"], ["混合專家"]]
    assert heads[0].ems == ["guī mó dìng lǜ"] and heads[1].ems == ["hùn hé zhuān jiā"]
    assert split_front_matter(markdown)[0]["lang"] == "zh-Hant"
