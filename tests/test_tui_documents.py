"""The reader on technical documents: the layout of code, math, tables, images and nested lists
(pure, table-driven), and pilot tests that drive the app over an imported tutorial."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.document.blocks import Block, Mark, Prose
from reader.importer import import_file
from reader.model import Sentence
from reader.tui.app import ReaderApp
from reader.tui.block_render import mark_style, prefixes
from reader.tui.layout import Line, Options, ParagraphView, SentenceView, layout_paragraph
from reader.tui.screens.article import ArticleScreen
from reader.tui.widgets.article_view import ArticleView
from reader.workspace import Workspace
from tests.tui_support import settle

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def sentences(article: ArticleScreen) -> list[Sentence]:
    """The open article's sentences in reading order."""
    assert article.reading is not None
    return [state.sentence for state in article.reading]


def text_of(lines: list[Line]) -> list[str]:
    return ["".join(span.text for span in line.spans) for line in lines]


def view(block: Block, sentences: tuple[SentenceView, ...] = ()) -> ParagraphView:
    return ParagraphView(0, block.kind, block.level, sentences, block)


def test_code_is_framed_with_its_language_and_never_reflowed() -> None:
    code = "def f(x):\n\treturn x  # 注释\n" + "y = " + "1 + " * 30 + "1"
    lines = text_of(layout_paragraph(view(Block("code", code, lang="python")), Options(width=40)))
    assert lines[0].startswith("┌─ python")
    assert lines[1] == "│ def f(x):"
    assert lines[2] == "│     return x  # 注释"  # tabs become spaces
    assert lines[3].startswith("│ y = 1 + ") and lines[4].startswith("↪ ")
    assert lines[-1].startswith("└")
    assert all(len(line) <= 40 for line in lines)


def test_code_is_coloured_by_its_language() -> None:
    lines = layout_paragraph(view(Block("code", "import os\n", lang="python")), Options(width=40))
    styles = {span.style for span in lines[1].spans}
    assert any(style.startswith("rich:") for style in styles)
    plain = layout_paragraph(view(Block("code", "import os\n", lang="nolanguage")), Options())
    assert {span.style for span in plain[1].spans} == {"frame", "code"}


def test_math_is_a_box_of_its_tex() -> None:
    lines = text_of(layout_paragraph(view(Block("math", "a \\\\\nb", label="2.1")), Options()))
    assert lines == [lines[0], "│ a \\\\", "│ b", lines[-1]]
    assert lines[0].startswith("┌─ TeX (2.1)")


def cell(text: str, index: int, rc: tuple[int, int], english: str | None = None) -> SentenceView:
    return SentenceView(index=index, text=text, english=english, engine="curated", cell=rc)


TABLE = Block(
    "table",
    rows=(
        (Prose("模型"), Prose("参数")),
        (Prose("小模型"), Prose("0.1B")),
    ),
)
TABLE_SENTENCES = (
    cell("模型", 0, (0, 0), "Model"),
    cell("参数", 1, (0, 1), "Parameters"),
    cell("小模型", 2, (1, 0), "Small model"),
    cell("0.1B", 3, (1, 1), "0.1B"),
)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (
            "interleaved",
            [
                "┌─────────────┬────────────┐",
                "│ 模型        │ 参数       │",
                "│ Model       │ Parameters │",
                "┝━━━━━━━━━━━━━┿━━━━━━━━━━━━┥",
                "│ 小模型      │ 0.1B       │",
                "│ Small model │            │",
                "└─────────────┴────────────┘",
            ],
        ),
        (
            "zh",
            [
                "┌──────────┬──────────┐",
                "│ 模型     │ 参数     │",
                "┝━━━━━━━━━━┿━━━━━━━━━━┥",
                "│ 小模型   │ 0.1B     │",
                "└──────────┴──────────┘",
            ],
        ),
    ],
)
def test_tables_hold_each_cells_english_under_its_chinese(mode: str, expected: list[str]) -> None:
    lines = layout_paragraph(view(TABLE, TABLE_SENTENCES), Options(mode=mode, width=60))  # type: ignore[arg-type]
    assert text_of(lines) == expected
    # the cell's words belong to its sentence: the cursor highlights the cell
    cell_text = "".join(
        span.text
        for line in lines
        if line.role == "table"
        for span in line.spans
        if span.sentence == 2 and span.style != "en"
    )
    assert cell_text == "小模型"


def test_a_table_too_wide_for_the_screen_is_shown_row_by_row() -> None:
    wide = Block("table", rows=((Prose("甲"),) * 8, (Prose("乙"),) * 8))
    lines = text_of(layout_paragraph(view(wide), Options(width=40)))
    assert lines[0].startswith("┠") and lines[1] == "┃ 甲"  # each cell under its column name
    assert len(lines) == 1 + 8 * 1 and all(len(line) <= 40 for line in lines)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (Block("list", "x", ordered=True, number=7), ("7. ", "   ")),
        (Block("list", "x", nest="i"), ("  ◦ ", "    ")),
        (Block("text", "x", nest="i"), ("  ", "  ")),
        (Block("quote", "x", nest="iq"), ("  ┃ ", "  ┃ ")),
        (Block("text", "x"), None),
    ],
)
def test_list_numbers_and_nesting(block: Block, expected: tuple[str, str] | None) -> None:
    assert prefixes(view(block)) == expected


def test_inline_marks_have_their_styles() -> None:
    marks = (Mark(0, 4, "code"), Mark(5, 9, "link", "https://a"), Mark(10, 11, "math"))
    assert [mark_style(marks, a, b) for a, b in [(0, 4), (1, 2), (5, 7), (10, 11), (9, 10)]] == [
        "code-inline",
        "code-inline",
        "link",
        "math-inline",
        None,
    ]


# -- the app ------------------------------------------------------------------------------


@pytest.fixture
def tutorial(tmp_path: Path) -> Workspace:
    folder = tmp_path / "corpus"
    folder.mkdir()
    ws = Workspace(str(folder))
    import_file(ws.corpus, FIXTURES / "tutorial.md", slug="tutorial")
    return ws


def screen(pilot: Pilot[None]) -> ArticleScreen:
    found = pilot.app.screen
    assert isinstance(found, ArticleScreen)
    return found


async def test_the_sentence_cursor_skips_code_and_math(tutorial: Workspace) -> None:
    app = ReaderApp(tutorial, open_slug="tutorial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article = screen(pilot)
        before_math = next(
            n for n, s in enumerate(sentences(article)) if s.text.startswith("给定查询矩阵")
        )
        article.go_to(before_math)
        await pilot.press("j")
        await settle(pilot)
        # past the formula and the code: the next sentences are prose
        assert sentences(article)[article.current].text == "下面的代码实现了这个公式："
        await pilot.press("j")
        assert sentences(article)[article.current].text.startswith("图3.1")  # the caption
        paragraph = tutorial.corpus.load("tutorial").paragraphs
        kinds = {paragraph[s.paragraph].kind for s in sentences(article)}
        assert "code" not in kinds and "math" not in kinds


async def test_inline_code_is_never_a_word_to_look_up(tutorial: Workspace) -> None:
    app = ReaderApp(tutorial, open_slug="tutorial")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article = screen(pilot)
        target = next(n for n, s in enumerate(sentences(article)) if "softmax" in s.text)
        article.go_to(target)
        assert article.reading is not None
        sentence = sentences(article)[target]
        words = article.reading[target].words()
        texts = [
            sentence.text[t.start : t.end]
            for i, t in enumerate(article.reading[target].tokens or ())
            if i in words
        ]
        assert "softmax" not in texts and "理解" in texts


async def test_o_shows_the_address_of_a_link_and_an_image(tutorial: Workspace) -> None:
    app = ReaderApp(tutorial, open_slug="tutorial")
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article = screen(pilot)
        caption = next(n for n, s in enumerate(sentences(article)) if s.text.startswith("图3.1"))
        article.go_to(caption)
        await pilot.press("o")
        await pilot.pause()
        assert copied == ["https://example.com/figures/3-1.png"]
        quote = next(n for n, s in enumerate(sentences(article)) if "官方教程" in s.text)
        article.go_to(quote)
        await pilot.press("o")
        await pilot.pause()
        assert copied[-1] == "https://pytorch.org/tutorials/"
        notes = [n.message for n in app._notifications]
        assert any("官方教程: https://pytorch.org/tutorials/" in m for m in notes)


async def test_a_table_cell_is_highlighted_as_a_sentence(tutorial: Workspace) -> None:
    app = ReaderApp(tutorial, open_slug="tutorial")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        article = screen(pilot)
        target = next(
            n for n, s in enumerate(sentences(article)) if s.text == "适合在单张显卡上微调"
        )
        article.go_to(target)
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        lines = view.sentence_range(target)
        assert lines is not None
        row = view.document.line(lines[0])
        assert row is not None and row.role == "table"
