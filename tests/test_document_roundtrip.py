"""Round trips of the document model, as properties over generated documents.

- any blocks an import can produce are written as corpus Markdown and read back unchanged;
- the line-by-line reader of plain bodies agrees with markdown-it wherever it answers;
- import → show → export → import: the cleaned file imports again to the same blocks, and
  code and display math come out of the export byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from reader.corpus import Corpus, read_article
from reader.document.blocks import Block, Mark, Prose, square_rows
from reader.document.inline import normalize_url
from reader.document.markdown import _parser, _Walker, math_text, parse_markdown, parse_simple
from reader.document.render import render_markdown
from reader.export import ExportOptions, render_article
from reader.importer import import_file
from reader.workspace import Workspace

EXAMPLES = int(os.environ.get("READER_HOSTILE_EXAMPLES", "150"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize="READER_HOSTILE_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that have meant something to some Markdown reader, Chinese, Latin and spaces.
ALPHABET = (
    list("中文字词句。，：；！？“”（）《》")
    + list("abcXYZ019 ")
    + list("\\`*_[]<>&$|~#!-+=.:()'\"{}^%@/\u3000\u00a0")
)
WORDS = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
CODE_CHARS = st.text(alphabet=list("ab xy`$|\\*_<>[]中{}"), min_size=1, max_size=8).filter(
    lambda t: t.strip() != ""
)
MATH_CHARS = (
    st.text(alphabet=list("abx_^{}\\+=123 |中<>*"), min_size=1, max_size=8)
    .map(str.strip)
    .filter(bool)
)
URLS = st.sampled_from(
    [
        "https://example.com/a",
        "https://例子.cn/路径?q=1&r=2",
        "mailto:a@b.cn",
        "/rel/x y.md",
        "#anchor",
    ]
)


@st.composite
def prose(draw: st.DrawFn) -> Prose:
    """Text with inline code, math and links, as the builder would produce it."""
    text = ""
    marks: list[Mark] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["text", "text", "code", "math", "link"]))
        start = len(text)
        if kind == "text":
            text += draw(WORDS)
        elif kind == "code":
            text += draw(CODE_CHARS)
            marks.append(Mark(start, len(text), "code"))
        elif kind == "math":
            text += draw(MATH_CHARS)
            marks.append(Mark(start, len(text), "math"))
        else:
            word = draw(WORDS).strip() or "链"
            text += word
            marks.append(Mark(start, len(text), "link", normalize_url(draw(URLS))))
    # Markdown folds a run of spaces in nothing, but trims paragraphs: the builder's text never
    # starts or ends with a space it did not keep (entities keep them); keep the generator honest
    # about what imports produce: no whitespace runs next to links.
    return Prose(text, tuple(marks))


def _prose_ok(p: Prose) -> bool:
    text = p.text
    for m in p.marks:
        if m.kind == "link" and (
            text[m.start : m.end] != text[m.start : m.end].strip() or m.start == m.end
        ):
            return False
    return bool(text.strip())


PROSE = prose().filter(_prose_ok)
CODE = st.text(alphabet=list("ab x\t`~$\\#-中\n"), min_size=1, max_size=40).filter(
    lambda t: t.strip() != ""
)


@st.composite
def documents(draw: st.DrawFn) -> list[Block]:
    blocks: list[Block] = []
    for _ in range(draw(st.integers(1, 8))):
        nest = draw(st.sampled_from(["", "", "q"]))
        kind = draw(
            st.sampled_from(["heading", "text", "list", "code", "math", "table", "image", "rule"])
        )
        if kind in ("heading", "text"):
            p = draw(PROSE)
            quote = nest.endswith("q") and kind == "text"
            blocks.append(
                Block(
                    "quote" if quote else kind,
                    p.text,
                    draw(st.integers(1, 6)) if kind == "heading" else 0,
                    marks=p.marks,
                    nest=nest,
                )
            )
        elif kind == "list":
            ordered = draw(st.booleans())
            first = draw(st.integers(0, 12))
            for n in range(draw(st.integers(1, 3))):
                p = draw(PROSE)
                blocks.append(
                    Block(
                        "list",
                        p.text,
                        marks=p.marks,
                        nest=nest,
                        ordered=ordered,
                        number=first + n if ordered else None,
                    )
                )
                if draw(st.booleans()):
                    child = draw(st.sampled_from(["list", "code", "text"]))
                    q = draw(PROSE)
                    if child == "list":
                        blocks.append(Block("list", q.text, marks=q.marks, nest=nest + "i"))
                    elif child == "code":
                        blocks.append(Block("code", draw(CODE), nest=nest + "i", lang="py"))
                    else:
                        blocks.append(Block("text", q.text, marks=q.marks, nest=nest + "i"))
        elif kind == "code":
            blocks.append(
                Block("code", draw(CODE), nest=nest, lang=draw(st.sampled_from([None, "python"])))
            )
        elif kind == "math":
            tex = math_text(draw(CODE).replace("`", "'"))
            if tex.strip():
                blocks.append(Block("math", tex, nest=nest))
        elif kind == "table":
            width = draw(st.integers(1, 3))
            rows = [
                [draw(PROSE | st.just(Prose())) for _ in range(width)]
                for _ in range(draw(st.integers(1, 3)))
            ]
            blocks.append(Block("table", nest=nest, rows=square_rows(rows)))
        elif kind == "image":
            caption = draw(PROSE | st.just(Prose()))
            blocks.append(
                Block(
                    "image",
                    caption.text,
                    marks=caption.marks,
                    nest=nest,
                    src=normalize_url(draw(URLS)),
                    alt=" ".join(draw(WORDS).split()),
                )
            )
        else:
            blocks.append(Block("rule", nest=nest))
    return blocks


def _comparable(blocks: list[Block]) -> list[Block]:
    """What reading gives for what an import gives: an image whose caption equals what its alt
    would give is the same block either way."""
    from reader.document.markdown import attach_captions

    return attach_captions(blocks)


@PROPERTY
@given(documents())
def test_generated_documents_read_back_from_corpus_markdown(blocks: list[Block]) -> None:
    blocks = _comparable(blocks)
    written = render_markdown(blocks)
    assert parse_markdown(written).blocks == blocks, written


PLAIN = st.lists(
    st.sampled_from(
        [
            "## 标题",
            "# 一",
            "正文。",
            "> 引用",
            "- 项",
            "+ 项",
            "1. 一",
            "2. 二",
            "3) 三",
            "",
            "text line",
            "第二行",
            "a\\*b",
            "\\# x",
            "中 文",
            "7. 七",
            "- - 项",
            "> # 题",
        ]
    ),
    max_size=14,
).map("\n".join)


@PROPERTY
@given(PLAIN)
def test_the_fast_reader_agrees_with_markdown_it(body: str) -> None:
    fast = parse_simple(body)
    if fast is None:
        return
    walker = _Walker(_parser().parse(body), clean=False)
    walker.run()
    assert fast == walker.blocks, body


# -- import → show → export → import -------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
EXPORT_MD = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)


def _verbatim_in(markdown: str) -> tuple[list[str], list[str]]:
    """(code texts, display TeX) of a Markdown document, as a Markdown reader sees them."""
    code, math = [], []
    for token in EXPORT_MD.parse(markdown):
        if token.type in ("fence", "code_block"):
            code.append(token.content[:-1] if token.content.endswith("\n") else token.content)
        elif token.type == "math_block":
            math.append(token.content.strip("\n"))
    return code, math


def test_import_show_export_import(tmp_path: Path) -> None:
    from reader.cli.corpus_cmds import article_json

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    ws = Workspace(str(corpus_dir))
    for name in ("tutorial.md", "tutorial.html"):
        first = import_file(ws.corpus, FIXTURES / name)
        article = ws.corpus.load(first.slug)
        shown = article_json(ws, article, "marks")
        assert all("kind" in p for p in shown["paragraphs"])
        code = [p["text"] for p in shown["paragraphs"] if p["kind"] == "code"]
        math = [p["text"] for p in shown["paragraphs"] if p["kind"] == "math"]
        assert code and math
        for options in (ExportOptions(), ExportOptions(layout="table", pinyin="ruby")):
            exported = render_article(ws, article, options)
            found_code, found_math = _verbatim_in(exported)
            assert found_code == code  # byte for byte, in order
            assert found_math == math
        # the cleaned file, imported again, gives the same blocks
        again = import_file(Corpus([corpus_dir], corpus_dir), first.path, slug="again", force=True)
        assert [p.block for p in read_article(again.path).paragraphs] == [
            p.block for p in article.paragraphs
        ]
        again.path.unlink()
