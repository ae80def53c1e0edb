"""HTML pages and EPUB books: main content with its structure, chrome gone, books as series."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.corpus import Corpus
from reader.document.blocks import Block
from reader.document.epub import read_book
from reader.document.extract import extract_page
from reader.document.html import fragment_blocks
from reader.errors import ReaderError
from reader.importer import import_file

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


@pytest.fixture(scope="module")
def page() -> list[Block]:
    found = extract_page((FIXTURES / "tutorial.html").read_text(encoding="utf-8"))
    assert found.notes == []
    assert found.meta["title"] == "第四章 词向量与分词"
    assert found.meta["source"] == "深度学习笔记站"
    return found.blocks


def test_page_chrome_is_removed(page: list[Block]) -> None:
    text = " ".join(b.text for b in page)
    for chrome in ("上一章", "评论区", "备案号", "第五章 语言模型", "搜索"):
        assert chrome not in text


def test_pre_is_code_with_entities_decoded(page: list[Block]) -> None:
    code = [b for b in page if b.kind == "code"]
    assert code[0].lang == "python"
    assert 'if len(words) > 0 and words[0] != "&":' in code[0].text
    assert code[0].text.endswith("# 我/爱/自然语言/处理")


def test_ordered_items_holding_paragraph_and_pre_are_kept(page: list[Block]) -> None:
    items = [(b.kind, b.number, b.nest) for b in page if b.nest == "i" or b.kind == "list"]
    assert items == [
        ("list", 1, ""),
        ("list", 2, ""),
        ("code", None, "i"),
        ("list", 3, ""),
    ]


def test_table_cells_are_cells_not_headings(page: list[Block]) -> None:
    (table,) = [b for b in page if b.kind == "table"]
    assert [[c.text for c in row] for row in table.rows] == [
        ["方法", "维度", "特点"],
        ["独热编码", "词表大小", "稀疏，无法表示相似度"],
        ["word2vec", "300", "稠密，训练快"],
    ]
    assert not any(b.kind == "heading" and b.text in ("方法", "维度") for b in page)


def test_math_from_mathjax_katex_and_dollars(page: list[Block]) -> None:
    display = [b.text for b in page if b.kind == "math"]
    assert display == [
        "\\cos(u, v) = \\frac{u \\cdot v}{\\|u\\| \\|v\\|}",
        "\\mathrm{PMI}(w, c) = \\log \\frac{P(w, c)}{P(w) P(c)}",
    ]
    inline = [b.text[m.start : m.end] for b in page for m in b.marks if m.kind == "math"]
    assert inline == ["v_w \\in \\mathbb{R}^d", "u", "v"]


def test_figures_and_links(page: list[Block]) -> None:
    (image,) = [b for b in page if b.kind == "image"]
    assert (image.src, image.alt, image.text) == (
        "/images/ch4/word2vec.png",
        "word2vec 示意图",
        "图4.1 两种 word2vec 模型的结构",
    )
    first = page[0]
    (link,) = first.marks
    assert (first.text[link.start : link.end], link.url) == (
        "词向量",
        "https://example.com/word2vec",
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<div align="center"><img src="a.png" alt="图片描述"><p>图2.1 结构</p></div>',
            [("image", "图2.1 结构")],
        ),
        ("<table><tr><td>甲</td><td>乙</td></tr></table>", [("table", "")]),
        ("<p>正文<img src='i.png'>继续。</p>", [("text", "正文继续。"), ("image", "")]),
        ("<p>时间复杂度是 \\(O(n^2)\\)。</p>", [("text", "时间复杂度是 O(n^2)。")]),
        ("<pre>a &lt; b<br>c</pre>", [("code", "a < b\nc")]),
        ("<ul><li>甲<ul><li>乙</li></ul></li></ul>", [("list", "甲"), ("list", "乙")]),
        ("<script>alert(1)</script><p>正文。</p>", [("text", "正文。")]),
        ('<p><a href="javascript:alert(1)">点我</a>。</p>', [("text", "点我。")]),
    ],
)
def test_html_fragments(html: str, expected: list[tuple[str, str]]) -> None:
    assert [(b.kind, b.text) for b in fragment_blocks(html, clean=True)] == expected


def test_a_page_the_extractor_reads_poorly_falls_back_to_its_main_element() -> None:
    # The article is lines split by <br> inside <main>; a long unrelated box outside it has
    # proper paragraphs, and the extractor takes that box. The main element is read instead.
    side = "".join(
        f"<p>侧栏推荐的第{i}篇文章，内容和本文无关，但是写得很长，像正文一样。</p>"
        for i in range(15)
    )
    body = "<br>".join(f"这是正文的第{i}句，用换行分开。" for i in range(30))
    html = (
        "<html><head><title>标题</title></head><body>"
        f"<main><h1>标题</h1><div>{body}</div></main><div class='x'>{side}</div></body></html>"
    )
    found = extract_page(html)
    assert found.notes and "was read instead" in found.notes[0]
    (block,) = found.blocks
    assert block.text.startswith("这是正文的第0句") and "侧栏" not in block.text


# -- EPUB ---------------------------------------------------------------------------------


def make_epub(chapters: list[tuple[str, str]], *, title: str = "测试之书") -> bytes:
    """A book written with ebooklib; chapter bodies are kept byte for byte (EpubItem)."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("test-book")
    book.set_title(title)
    book.set_language("zh")
    book.add_author("作者甲")
    items = []
    for n, (name, body) in enumerate(chapters, 1):
        xhtml = (
            '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{name}</title></head><body>{body}</body></html>"
        )
        item = epub.EpubItem(
            uid=f"ch{n}",
            file_name=f"ch{n}.xhtml",
            media_type="application/xhtml+xml",
            content=xhtml.encode(),
        )
        book.add_item(item)
        items.append(item)
    book.toc = [
        epub.Link(f"ch{n}.xhtml", name, f"ch{n}") for n, (name, _) in enumerate(chapters, 1)
    ]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


CHAPTERS = [
    (
        "第一章 开始",
        "<h1>第一章 开始</h1><p>正文。</p><pre><code class='language-python'>if a &lt; b:\n    print('&amp;')</code></pre>",
    ),
    ("第二章 继续", "<h1>第二章 继续</h1><p>第二章。</p><ol start='3'><li>三</li><li>四</li></ol>"),
    ("封面", "<div><img src='cover.jpg'/></div>"),
]


def test_a_book_is_one_article_per_chapter_in_a_series(tmp_path: Path) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_epub(CHAPTERS))
    folder = tmp_path / "corpus"
    folder.mkdir()
    corpus = Corpus([folder], folder)
    result = import_file(corpus, path)
    assert result.series == "测试之书"
    assert [a.slug for a in result.articles] == ["ce-shi-zhi-shu-01", "ce-shi-zhi-shu-02"]
    first, second = (corpus.load(a.slug) for a in result.articles)
    assert (first.meta.title, first.meta.series, first.meta.chapter) == (
        "测试之书 — 第一章 开始",
        "测试之书",
        1,
    )
    assert second.meta.chapter == 2 and second.meta.author == "作者甲"
    code = next(p.block for p in first.paragraphs if p.kind == "code")
    assert code.text == "if a < b:\n    print('&')"
    assert [(p.kind, p.block.number) for p in second.paragraphs][1:] == [("list", 3), ("list", 4)]
    with pytest.raises(ReaderError, match="already in the corpus"):
        import_file(corpus, path)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _without_spine(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {}
    for info in source.infolist():
        content = source.read(info)
        if info.filename.endswith(".opf"):
            text = content.decode()
            start, end = text.index("<spine"), text.index("</spine>") + len("</spine>")
            content = (text[:start] + text[end:]).encode()
        members[info.filename] = content
    return _zip(members)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: b"not a zip at all", "not an EPUB"),
        (lambda: _without_spine(make_epub(CHAPTERS)), "cannot be read as an EPUB|no reading order"),
        (
            lambda: _zip({"mimetype": b"application/epub+zip", "../../evil.txt": b"x"}),
            "outside the book",
        ),
        (
            lambda: _zip({"mimetype": b"application/epub+zip", "/etc/passwd": b"x"}),
            "outside the book",
        ),
        (
            lambda: _zip({"mimetype": b"application/epub+zip", "big.xhtml": b"\0" * 60_000_000}),
            "limit is 50 MB",
        ),
        (
            lambda: _zip({"mimetype": b"application/epub+zip", "bomb.xhtml": b"a" * 5_000_000}),
            "zip bomb",
        ),
        (lambda: _zip({"mimetype": b"application/epub+zip"}), "cannot be read as an EPUB"),
        (lambda: make_epub([("封面", "<img src='c.jpg'/>")]), "no chapter with text"),
    ],
)
def test_malformed_books_are_refused_in_one_line(build: object, message: str) -> None:
    with pytest.raises(ReaderError, match=message) as caught:
        read_book(build(), "book.epub")  # type: ignore[operator]
    assert "\n" not in str(caught.value)
