"""The article model over structured blocks: sentence ids for cells and captions, sentences
that never end inside inline code or math, and atoms in analysis."""

from __future__ import annotations

import pytest

from reader.analysis import Analyzer
from reader.document.blocks import Block, Mark, Prose
from reader.model import ArticleMeta, build_article, split_prose
from reader.workspace import Workspace

META = ArticleMeta(slug="t", title="t")


def test_table_and_caption_sentences_have_stable_unique_ids() -> None:
    table = Block(
        "table",
        rows=(
            (Prose("模型。说明。"), Prose("参数")),
            (Prose(""), Prose("大。很大。")),
        ),
    )
    blocks = [Block("text", "前文。"), table, Block("image", "图1 结构。", src="a.png", alt="")]
    article = build_article(META, blocks)
    cells = [(s.index, s.cell, s.text) for s in article.paragraphs[1].sentences]
    assert cells == [
        (0, (0, 0), "模型。"),
        (1, (0, 0), "说明。"),
        (2, (0, 1), "参数"),
        (3, (1, 1), "大。"),
        (4, (1, 1), "很大。"),
    ]
    ids = [s.id for s in article.sentences()]
    assert len(set(ids)) == len(ids) == 7
    assert [s.id.split("-")[0] for s in article.sentences()] == [
        "0.0",
        "1.0",
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.0",
    ]
    assert build_article(META, blocks).paragraphs == article.paragraphs  # same on every run
    assert [[len(c) for c in row] for row in article.paragraphs[1].cell_sentences()] == [
        [2, 1],
        [0, 2],
    ]


def test_code_math_and_rules_have_no_sentences_but_keep_their_place() -> None:
    blocks = [
        Block("code", "print('你好。再见。')"),
        Block("math", "a. b"),
        Block("rule"),
        Block("text", "正文。"),
    ]
    article = build_article(META, blocks)
    assert [len(p.sentences) for p in article.paragraphs] == [0, 0, 0, 1]
    assert next(article.sentences()).id.startswith("3.0-")


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("调用 a. B 后结束。下一句。", (Mark(3, 7, "code"),), ["调用 a. B 后结束。", "下一句。"]),
        ("公式 x! Y 成立。", (Mark(3, 7, "math"),), ["公式 x! Y 成立。"]),
        ("第一句。第二句。", (), ["第一句。", "第二句。"]),
    ],
)
def test_sentences_never_end_inside_an_atom(
    text: str, marks: tuple[Mark, ...], expected: list[str]
) -> None:
    assert [text[a:b] for a, b in split_prose(text, marks)] == expected


def test_atoms_are_single_unread_tokens_without_terms(workspace_session: Workspace) -> None:
    analyzer: Analyzer = workspace_session.analyzer
    text = "用 attention(q, k) 计算自注意力"
    start = text.index("attention")
    end = text.index(")") + 1
    tokens = analyzer.analyze(text, atoms=[(start, end)])
    atom = next(t for t in tokens if t.start == start)
    assert (atom.text, atom.end, atom.atom, atom.term) == ("attention(q, k)", end, True, None)
    assert set(atom.pinyin) == {None}
    assert any(t.term for t in tokens if not t.atom)  # 自注意力 outside the atom is still a term
    assert "".join(t.text for t in tokens) == text
