"""Escaping: any text, however hostile, exports to Markdown that shows every character literally."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.export import ExportOptions, render_article
from reader.export.escape import escape_line_start, escape_text
from reader.export.options import GRANULARITIES, LAYOUTS, PINYIN_MODES
from reader.model import ArticleMeta
from reader.text.blocks import Block
from reader.translation.lookup import translations_for
from reader.workspace import Workspace
from tests.export_support import FIXTURE_GLOSSARY, norm, split_front_matter, write_article
from tests.test_export_roundtrip import check_export

MD = MarkdownIt("commonmark").enable("table")

HOSTILE = [
    "<script>alert(1)</script>这是脚本。",
    "[点我](javascript:alert(1))和![图](x.png)以及[[维基链接]]。",
    "**粗体**和*斜体*和_下划线_和__双下划线__。",
    "| a | b |表格|\\|转义|。",
    "`代码`和```围栏```和~~~波浪~~~。",
    "# 不是标题",
    "> 不是引用",
    "- 不是列表",
    "+ 也不是列表",
    "* 星号列表",
    "1. 不是编号",
    "2024) 年也不是编号",
    "---",
    "***",
    "===",
    "&amp; &lt; &#65; &copy 实体。",
    "路径C:\\dir\\ 和结尾的反斜杠\\",
    "~~删除~~ ~下标~ ^上标^ $x$ $$y$$ ==高亮== %%注释%%。",
    "<!-- 注释 --> <https://example.com> <b>粗</b> &nbsp;。",
    "[脚注]: https://evil.example/ 定义。",
    "标题结尾的井号 #",
    "\t缩进  的  文字\u3000全角空格。",
]
HOSTILE_EN = [
    "<script>alert('en')</script>",
    "[click](javascript:alert(1)) ![img](x.png)",
    "**bold** *em* _u_ __uu__",
    "| a | b |",
    "`code` ```fence```",
    "# not a heading",
    "> not a quote",
    "- not a list",
    "+ not a list",
    "* star",
    "1. not numbered",
    "2024) not numbered",
    "---",
    "***",
    "===",
    "&amp; &lt; &#65; &copy",
    "C:\\dir\\ ends with a backslash\\",
    "~~del~~ ~sub~ ^sup^ $x$ $$y$$ ==mark== %%hidden%%",
    "<!-- c --> <https://example.com> <b>b</b>",
    "[fn]: https://evil.example/",
    "ends with a hash #",
    "tabs\tand  spaces",
]
ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "blockquote",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "strong",
    "em",
    "ruby",
    "rt",
    "rp",
    "br",
}


def hostile_blocks() -> list[Block]:
    blocks = [Block("heading", "<h1>标题</h1> # **粗** [链](x) |", 2)]
    blocks += [Block("text", text) for text in HOSTILE]
    blocks += [
        Block("quote", "> 引用里的 <b>标签</b> 和 - 列表。"),
        Block("list", "1. 列表里的编号 | 竖线。"),
    ]
    blocks += [Block("text", "**甲**：说话人标签里有星号。"), Block("text", "**甲**：第二次。")]
    return blocks


@pytest.fixture(scope="module")
def hostile_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    folder = tmp_path_factory.mktemp("hostile")
    meta = ArticleMeta(
        slug="hostile",
        title='x\n---\nevil: "yes" # <script>',
        author="*作者* | <b>",
        extra={"speakers": ["**甲**"]},
    )
    blocks = hostile_blocks()
    english = {(i + 1, 0): en for i, en in enumerate(HOSTILE_EN)}
    english[(0, 0)] = "<h1>Title</h1> # **bold** [link](x) |"
    write_article(folder / "c", meta, blocks, english, title_en="=== <title> ===")
    (folder / "g.yaml").write_text(FIXTURE_GLOSSARY, encoding="utf-8")
    return Workspace(str(folder / "c"), folder / "g.yaml")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize(
    "layout,granularity,pinyin", list(itertools.product(LAYOUTS, GRANULARITIES, PINYIN_MODES))
)
def test_hostile_article_shows_every_character(
    hostile_ws: Workspace, layout: str, granularity: str, pinyin: str
) -> None:
    options = ExportOptions(layout=layout, granularity=granularity, pinyin=pinyin)  # type: ignore[arg-type]
    article = hostile_ws.corpus.load("hostile")
    translations = translations_for(hostile_ws, article)
    # curated English for the hostile lines (and one stale); the rest are word glosses
    assert sum(t.engine == "curated" for t in translations.values()) == len(HOSTILE_EN) + 1
    markdown = render_article(hostile_ws, article, options)
    check_export(markdown, article, translations, options, title_en="=== <title> ===")
    front, body = split_front_matter(markdown)
    assert front["title"] == article.meta.title and front["author"] == "*作者* | <b>"
    # Only the export's own markup becomes HTML: no tag, link or image from the content.
    parser = _Tags()
    parser.feed(MD.render(body))
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        if tag == "a":
            assert set(attrs) in ({"id"}, {"href"}), attrs
            assert (attrs.get("href") or "#").startswith("#"), attrs


def test_hostile_speaker_label_is_bold_and_literal(hostile_ws: Workspace) -> None:
    markdown = render_article(hostile_ws, hostile_ws.corpus.load("hostile"), ExportOptions())
    html = MD.render(split_front_matter(markdown)[1])
    assert "<strong>**甲**</strong>：说话人标签里有星号。" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("普通文字", "普通文字"),
        ("a|b", "a\\|b"),
        ("<script>", "&lt;script&gt;"),
        ("AT&T", "AT&amp;T"),
        ("**x**", "\\*\\*x\\*\\*"),
        ("a_b", "a\\_b"),
        ("[a](b)", "\\[a\\](b)"),
        ("`x`", "\\`x\\`"),
        ("\\", "\\\\"),
        ("#1", "\\#1"),
        ("$5", "\\$5"),
        ("a=b", "a=b"),
        ("a==b", "a\\=\\=b"),
        ("50%", "50%"),
        ("%%x%%", "\\%\\%x\\%\\%"),
        ("a \n\t b", "a b"),
        ("全角\u3000空格", "全角\u3000空格"),
    ],
)
def test_escape_text(text: str, expected: str) -> None:
    assert escape_text(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- x", "\\- x"),
        ("+ x", "\\+ x"),
        ("=", "\\="),
        ("1. x", "1\\. x"),
        ("123) x", "123\\) x"),
        ("1234567890. x", "1234567890. x"),  # ten digits are not a list marker
        ("2024年", "2024年"),
        ("x - y", "x - y"),
    ],
)
def test_escape_line_start(line: str, expected: str) -> None:
    assert escape_line_start(line) == expected


# Text made of what Markdown cares about most, plus some Chinese and whitespace.
_ALPHABET = st.sampled_from(
    [*"\\`*_[]|~^$#<>&=%-+.!():;\"'/ \t\nab1中文，。", "&amp;", "1.", "\u3000"]
)
_TEXTS = st.lists(_ALPHABET, max_size=30).map("".join)


def _as_line(text: str) -> str:
    return escape_line_start(escape_text(text).strip(" "))


def _inline_text(markdown: str) -> tuple[list[str], str]:
    """The block token types and the text of a one-block document."""
    tokens = MD.parse(markdown)
    blocks = [t.type for t in tokens if t.type != "inline"]
    text = "".join(
        c.content
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
        if c.type == "text"
    )
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    assert kinds <= {"text"}, kinds  # no emphasis, link, code, html or break from the text
    return blocks, text


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_any_text_is_one_literal_paragraph(text: str) -> None:
    blocks, shown = _inline_text(_as_line(text))
    if norm(text):
        assert blocks == ["paragraph_open", "paragraph_close"]
    assert norm(shown) == norm(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, _TEXTS)
def test_any_text_is_one_literal_table_cell(left: str, right: str) -> None:
    table = f"| x | y |\n| --- | --- |\n| {escape_text(left)} | {escape_text(right)} |\n"
    tokens = MD.parse(table)
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2
    for cell, text in zip(cells, (left, right), strict=True):
        assert {c.type for c in cell.children or []} <= {"text"}
        assert norm("".join(c.content for c in cell.children or [])) == norm(text)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_any_text_is_a_literal_quote_list_item_and_heading(text: str) -> None:
    for prefix, opener in (
        ("> ", "blockquote_open"),
        ("- ", "bullet_list_open"),
        ("## ", "heading_open"),
    ):
        line = escape_text(text).strip(" ") if prefix == "## " else _as_line(text)
        tokens = MD.parse(prefix + line)
        assert tokens[0].type == opener
        inline = [t for t in tokens if t.type == "inline"]
        assert len(inline) <= 1
        shown = "".join(c.content for t in inline for c in t.children or [] if c.type == "text")
        assert norm(shown) == norm(text)


def test_front_matter_survives_yaml_hostile_values(hostile_ws: Workspace) -> None:
    markdown = render_article(hostile_ws, hostile_ws.corpus.load("hostile"), ExportOptions())
    front, _ = split_front_matter(markdown)
    # A title is one line: its line breaks are read as spaces (reader.text.chars.printable).
    assert front["title"] == 'x --- evil: "yes" # <script>'
    assert front["title_en"] == "=== <title> ==="
    assert "evil" not in front
    assert re.search(r"^---$", markdown, re.M).start() == 0  # type: ignore[union-attr]


def test_export_does_not_touch_the_corpus_files(hostile_ws: Workspace, tmp_path: Path) -> None:
    path = hostile_ws.corpus.path_of("hostile")
    before = path.read_bytes(), path.with_suffix(".en.yaml").read_bytes()
    render_article(hostile_ws, hostile_ws.corpus.load("hostile"), ExportOptions(pinyin="ruby"))
    assert (path.read_bytes(), path.with_suffix(".en.yaml").read_bytes()) == before
    assert yaml.safe_load(before[1])["slug"] == "hostile"
