"""Markdown import: the structure of technical Chinese documents survives (table-driven cases
from the traps real tutorials hold), and corpus files read back to the blocks they were written
from."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.document.blocks import Block, Mark, Prose
from reader.document.markdown import parse_markdown, parse_simple
from reader.document.render import render_markdown
from reader.errors import ReaderError

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def blocks(source: str) -> list[Block]:
    return parse_markdown(source, clean=True).blocks


def shape(source: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a Python comment inside a fence is code, not a heading
        (
            "说明：\n\n```python\n# 注释\ndef f(x):\n    return x__init__\n```\n",
            [("text", "说明："), ("code", "# 注释\ndef f(x):\n    return x__init__")],
        ),
        # ASCII colons inside code stay ASCII; in prose they become full-width
        ("如下:\n\n```\nkey: value\n```\n", [("text", "如下："), ("code", "key: value")]),
        # an unclosed fence runs to the end, as CommonMark says
        (
            "正文。\n\n```\nx = 1\n\n## 不是标题\n",
            [("text", "正文。"), ("code", "x = 1\n\n## 不是标题")],
        ),
        # an indented code block is code
        ("正文。\n\n    print('缩进')\n", [("text", "正文。"), ("code", "print('缩进')")]),
        # display math keeps its double backslashes and is one block
        ("$$\na \\\\\nb\n$$\n", [("math", "a \\\\\nb")]),
        ("$$ x = 1 $$\n", [("math", "x = 1")]),
        # a raw HTML figure is an image with its caption, never markup
        (
            '<div align="center">\n  <img src="a.png" alt="图片描述"/>\n  <p>图2.1 结构</p>\n</div>\n',
            [("image", "图2.1 结构")],
        ),
        # other raw HTML is its text
        (
            "<details><summary>展开</summary>隐藏的内容。</details>\n",
            [("text", "展开"), ("text", "隐藏的内容。")],
        ),
        # a closing fence is not glued to the next sentence
        ("```\ncode\n```\n下一句。\n", [("code", "code"), ("text", "下一句。")]),
        # headings keep their text, closing hashes go
        ("## 2.1 注意力 ##\n", [("heading", "2.1 注意力")]),
        # emphasis is dropped, its text kept
        ("**粗体**和*斜体*和~~删除~~。\n", [("text", "粗体和斜体和删除。")]),
    ],
)
def test_block_structure(source: str, expected: list[tuple[str, str]]) -> None:
    assert shape(source) == expected


def test_lists_keep_numbers_nesting_and_content() -> None:
    found = blocks("3. 第三\n4. 第四\n   - 子项\n\n   ```sh\n   ls\n   ```\n\n- 另一个列表\n")
    assert [(b.kind, b.text, b.ordered, b.number, b.nest) for b in found] == [
        ("list", "第三", True, 3, ""),
        ("list", "第四", True, 4, ""),
        ("list", "子项", False, None, "i"),
        ("code", "ls", False, None, "i"),
        ("list", "另一个列表", False, None, ""),
    ]


def test_an_item_that_opens_with_code_has_an_empty_line() -> None:
    found = blocks("1. ```\n   x\n   ```\n")
    assert [(b.kind, b.text, b.nest) for b in found] == [("list", "", ""), ("code", "x", "i")]


def test_tables_are_rows_of_cells_header_first() -> None:
    (table,) = blocks("| 模型 | 说明 |\n|---|---|\n| A | `a\\|b` 和 **粗** |\n| B |\n")
    assert table.kind == "table"
    assert [[c.text for c in row] for row in table.rows] == [
        ["模型", "说明"],
        ["A", "a|b 和 粗"],
        ["B", ""],
    ]
    assert table.rows[1][1].marks == (Mark(0, 3, "code"),)


def test_inline_code_and_math_are_atoms_and_links_keep_their_url() -> None:
    (block,) = blocks("用 `torch.nn` 计算 $x_i^2$，见[文档](https://example.com/a_b)。\n")
    assert block.text == "用 torch.nn 计算 x_i^2，见文档。"
    code, math, link = block.marks
    assert (code.kind, block.text[code.start : code.end]) == ("code", "torch.nn")
    assert (math.kind, block.text[math.start : math.end]) == ("math", "x_i^2")
    assert (link.kind, block.text[link.start : link.end]) == ("link", "文档")


def test_dollars_next_to_digits_are_not_math() -> None:
    (block,) = blocks("价格是 $5 和 $10，不是公式。\n")
    assert block.marks == () and "$5" in block.text


def test_unsafe_links_keep_only_their_text() -> None:
    (block,) = blocks("[点我](javascript:alert(1))。\n")
    assert block.text == "点我。" and block.marks == ()


def test_images_take_their_caption_from_the_next_line_or_a_chinese_alt() -> None:
    found = blocks("![图3 结构](a.png)\n\n![](b.png)\n图4 流程\n\n![image](c.png)\n")
    assert [(b.kind, b.text, b.src) for b in found] == [
        ("image", "图3 结构", "a.png"),
        ("image", "图4 流程", "b.png"),
        ("image", "", "c.png"),
    ]


def test_sphinx_roles_of_d2l_are_markup() -> None:
    found = blocks(":label:`sec_x`\n\n如 :eqref:`eq_y` 所示。\n\n![说明](a.svg)\n:width:`400px`\n")
    assert [(b.kind, b.text) for b in found] == [
        ("text", "如 eq_y 所示。"),
        ("image", "说明"),
    ]


def test_lists_nested_deeper_than_the_parser_allows_are_refused() -> None:
    deep = "".join("  " * i + "- 层\n" for i in range(130))
    with pytest.raises(ReaderError, match="nested more than"):
        parse_markdown(deep)
    hundred = "".join("  " * i + f"- 第{i}层\n" for i in range(100))
    found = blocks(hundred)
    assert len(found) == 100 and found[-1].depth == 99


def test_the_fixture_has_every_block_kind() -> None:
    found = blocks((FIXTURES / "tutorial.md").read_text(encoding="utf-8"))
    kinds = {b.kind for b in found}
    assert kinds == {"heading", "text", "quote", "list", "code", "math", "table", "image", "rule"}
    code = next(b for b in found if b.kind == "code")
    assert "# 这一行是注释，不是标题\n" in code.text and code.lang == "python"
    math = next(b for b in found if b.kind == "math")
    assert math.text.startswith("\\mathrm{Attention}") and "\\\\\n" in math.text


# -- corpus files: written and read back -----------------------------------------------------

ROUND_TRIP = [
    Block("heading", "第 1 节 *不是* 强调 # 井号", 2),
    Block("text", "星号 * 下划线 _ 反引号 ` 美元 $ 竖线 | 尖括号 <b> 与 & 实体 &amp; 反斜杠 \\"),
    Block("text", "1. 不是列表 - 也不是"),
    Block("text", "- 不是列表"),
    Block("text", "前后有空格的段落 ", marks=()),
    Block("quote", "引用的第一段", nest="q"),
    Block("quote", "引用的第二段", nest="q"),
    Block("list", "第一项", ordered=True, number=1),
    Block("code", "def f():\n    return `x` | 1\n\n```\n", nest="i", lang="py"),
    Block("list", "第二项", ordered=True, number=2),
    Block("list", "子项", nest="i"),
    Block("list", "重新编号", ordered=True, number=1),
    Block("list", "", ordered=False),
    Block("math", "a \\\\\n$$ b", nest="i"),
    Block("math", "\\frac{1}{2}", label="3.1"),
    Block(
        "table",
        rows=(
            (Prose("列 | 一"), Prose("代码", (Mark(0, 2, "code"),))),
            (Prose(""), Prose("x|y", (Mark(0, 3, "math"),))),
        ),
    ),
    Block("image", "图1 说明", src="https://example.com/a%20b.png", alt="说明 [图]"),
    Block("image", "中文说明", src="b.png", alt="中文说明"),
    Block("rule"),
    Block(
        "text",
        "看 code 和 x 和链接。",
        marks=(Mark(2, 6, "code"), Mark(9, 10, "math"), Mark(11, 13, "link", "https://a.b/c(d)")),
    ),
]


def test_corpus_markdown_reads_back_to_the_same_blocks() -> None:
    written = render_markdown(ROUND_TRIP)
    assert parse_markdown(written).blocks == ROUND_TRIP


def test_plain_bodies_take_the_fast_path_with_the_same_result() -> None:
    body = "## 标题\n\n第一段。\n\n> 引用。\n\n- 项\n\n1. 一\n\n3. 二\n\n1) 新列表\n\n换行的\n段落 text\nmore\n"
    fast = parse_simple(body)
    assert fast is not None
    from reader.document.markdown import _parser, _Walker  # the full parser, for comparison

    walker = _Walker(_parser().parse(body), clean=False)
    walker.run()
    assert fast == walker.blocks


def test_display_math_right_under_a_line_in_a_list_item_is_one_block() -> None:
    found = blocks(
        "1. 计算：\n   $$\n   q = x W_q \\\\\n   k = x W_k\n   $$\n   其中 $x$ 是输入。\n"
    )
    assert [(b.kind, b.text, b.nest) for b in found] == [
        ("list", "计算：", ""),
        ("math", "q = x W_q \\\\\nk = x W_k", "i"),
        ("text", "其中 x 是输入。", "i"),
    ]


def test_chinese_emphasis_that_commonmark_leaves_open_is_dropped() -> None:
    assert shape("**结果：**GPT-3 接近最好的水平。\n") == [("text", "结果：GPT-3 接近最好的水平。")]
    assert shape("2**10 是 1024，`a**b` 是幂。\n")[0][1] == "2**10 是 1024，a**b 是幂。"


def test_a_further_reading_section_of_a_tutorial_is_content() -> None:
    source = "正文一。\n\n正文二。\n\n## 延伸阅读\n\n- [论文](https://example.com/p)\n"
    parsed = parse_markdown(source, clean=True).blocks
    from reader.text.clean import clean_structured

    kept = clean_structured(parsed, title_from_heading=False).blocks
    assert [b.text for b in kept] == ["正文一。", "正文二。", "延伸阅读", "论文"]
