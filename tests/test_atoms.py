"""Atoms in translation: inline code and math masked as placeholders and restored byte for byte.

Lines are from real Chinese technical documents (d2l-zh, happy-llm) written as the Markdown they
come from; the document model turns their code spans and ``$…$`` into atoms.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.document.inline import blank_atoms
from reader.document.markdown import parse_markdown
from reader.model import ArticleMeta, Sentence, build_article, text_hash
from reader.translation.atoms import (
    ATOM,
    locate,
    mask,
    mask_batch,
    placeholder,
    restore,
    source_hash,
)


def sentence(markdown: str) -> Sentence:
    """The first sentence of a Markdown paragraph, with its marks."""
    blocks = parse_markdown(markdown, clean=True).blocks
    article = build_article(ArticleMeta(slug="t", title="t"), blocks)
    return next(article.sentences())


# (Markdown, the atoms' text in order, the text an engine sees)
REAL_LINES = [
    (
        "为了可视化注意力权重，需要定义一个`show_heatmaps`函数。",
        ["show_heatmaps"],
        "为了可视化注意力权重，需要定义一个{1}函数。",
    ),
    (
        "与 :numref:`sec_rnn_scratch`中定义的`init_rnn_state`函数一样，此函数返回一个张量。",
        ["sec_rnn_scratch", "init_rnn_state"],
        "与 {1}中定义的{2}函数一样，此函数返回一个张量。",  # the importer drops the role
    ),
    (
        "它使用$s(i, t+1) = s(i, t) + \\left(\\partial_i f(\\mathbf{x})\\right)^2$来调整学习率。",
        ["s(i, t+1) = s(i, t) + \\left(\\partial_i f(\\mathbf{x})\\right)^2"],
        "它使用{1}来调整学习率。",
    ),
    (
        "对于任何形状为$h \\times w$的兴趣区域窗口，该窗口将被划分为$h_2 \\times w_2$子窗口网格。",
        ["h \\times w", "h_2 \\times w_2"],
        "对于任何形状为{1}的兴趣区域窗口，该窗口将被划分为{2}子窗口网格。",
    ),
    (
        "在注意力中，我们计算 $QK^T/\\sqrt{d_k}$，再调用 `self.attn(x)` 和 `__init__`。",
        ["QK^T/\\sqrt{d_k}", "self.attn(x)", "__init__"],
        "在注意力中，我们计算 {1}，再调用 {2} 和 {3}。",
    ),
    (
        "负责句子分类`Qwen3ForSequenceClassification`，使用最后一个生成的token输入到一个单层MLP；",
        ["Qwen3ForSequenceClassification"],
        "负责句子分类{1}，使用最后一个生成的token输入到一个单层MLP；",
    ),
    (  # code holding Chinese: it is the code's, never translated
        "在随机模式下，调用`load_data(模式='随机')`切分数据。",
        ["load_data(模式='随机')"],
        "在随机模式下，调用{1}切分数据。",
    ),
    (  # the prose writes "{1}" itself: that number is not used for an atom
        "格式串 {1} 由 `str.format` 填入，复杂度为 $O(n^2)$。",
        ["str.format", "O(n^2)"],
        "格式串 {1} 由 {2} 填入，复杂度为 {3}。",
    ),
]


@pytest.mark.parametrize("markdown,atoms,masked", REAL_LINES)
def test_real_lines_are_masked_and_restored_exactly(
    markdown: str, atoms: list[str], masked: str
) -> None:
    s = sentence(markdown)
    m = mask(s.text, s.atoms)
    assert list(m.atoms) == atoms
    assert m.text == masked
    restored = restore(m, m.text)
    assert restored.ok and restored.text == s.text and restored.flags == ()


# (Markdown, an engine's English, the English after restoring, what was repaired)
OUTPUTS = [
    (
        "我们计算 $QK^T/\\sqrt{d_k}$，再调用 `self.attn(x)`。",
        "We compute {1} and then call {2}.",
        "We compute QK^T/\\sqrt{d_k} and then call self.attn(x).",
        "",
    ),
    (  # a model that spaced or widened a placeholder still carries it
        "我们计算 $QK^T/\\sqrt{d_k}$，再调用 `self.attn(x)`。",
        "We compute { 1 } and then call ｛2｝.",
        "We compute QK^T/\\sqrt{d_k} and then call self.attn(x).",
        "",
    ),
    (  # the engine's order is kept: atoms move with the English word order
        "`__init__`方法调用了`super()`。",
        "{2} is called by the {1} method.",
        "super() is called by the __init__ method.",
        "",
    ),
    (  # a lost atom goes back at the end, before the final stop
        "定义一个`show_heatmaps`函数。",
        "Define a function.",
        "Define a function show_heatmaps.",
        "lost {1}",
    ),
    (  # the sentence ends with an atom whose own ")" is no stop of the English
        "复杂度为$O(n^2)$，而不是$O(n)$",
        "The complexity is {1}, not",
        "The complexity is O(n^2), not O(n)",
        "lost {2}",
    ),
    (
        "调用`self.attn(x)`计算。",
        "Call {1} {1} to compute.",
        "Call self.attn(x) to compute.",
        "repeated {1}",
    ),
    (
        "调用`self.attn(x)`计算。",
        "Call {1} to compute {4} .",
        "Call self.attn(x) to compute.",
        "added {4}",
    ),
    (  # an atom that itself reads like a placeholder is restored, never read again
        "下标写作$x_{2}$和$y_{1}$。",
        "Subscripts are written {1} and {2}.",
        "Subscripts are written x_{2} and y_{1}.",
        "",
    ),
    (  # an atom keeps its inner spacing although guards fold the engine's spaces
        "赋值语句`a  =  b`很常见。",
        "The assignment {1} is common.",
        "The assignment a  =  b is common.",
        "",
    ),
]


@pytest.mark.parametrize("markdown,output,english,problems", OUTPUTS)
def test_engine_output_is_restored_or_repaired(
    markdown: str, output: str, english: str, problems: str
) -> None:
    s = sentence(markdown)
    restored = restore(mask(s.text, s.atoms), output)
    assert restored.text == english
    assert restored.problems() == problems
    assert restored.flags == ((ATOM,) if problems else ())
    for atom in mask(s.text, s.atoms).atoms:
        assert restored.text.count(atom) >= 1  # never silently dropped


@pytest.mark.parametrize(
    "markdown,trivial",
    [
        ("`y_hat`。", True),
        ("$x$，$y$", True),
        ("`pip install torch`", True),
        ("$224 \\times 224$ 像素。", False),
        ("见`sec_beam-search`", False),
        ("没有代码的句子。", False),
    ],
)
def test_a_sentence_of_atoms_and_punctuation_needs_no_engine(markdown: str, trivial: bool) -> None:
    s = sentence(markdown)
    assert mask(s.text, s.atoms).trivial is trivial


def test_a_batch_numbers_placeholders_across_its_sentences() -> None:
    a = sentence("调用`f(x)`和`g(x)`。")
    b = sentence("返回$y$。")
    first, second = mask_batch([a.text, b.text], [a.atoms, b.atoms])
    assert first.text == "调用{1}和{2}。" and second.text == "返回{3}。"
    # another sentence's placeholder in this one's English is not this sentence's atom
    assert restore(first, "Call {1} and {2} to get {3}.").foreign == (3,)
    assert restore(second, "Return.").lost == (3,)


def test_blank_hides_atoms_and_keeps_offsets() -> None:
    s = sentence("调用`注意力(x)`计算注意力。")
    prose = blank_atoms(s.text, s.atoms)
    assert len(prose) == len(s.text) and prose.count("注意力") == 1


def test_source_hash_covers_atoms_only_when_there_are_some() -> None:
    plain = sentence("没有代码的句子。")
    assert source_hash(plain.text, plain.atoms) == text_hash(plain.text)
    coded = sentence("调用`f`。")
    assert source_hash(coded.text, coded.atoms) != text_hash(coded.text)
    assert source_hash(coded.text, coded.atoms) == source_hash(coded.text, list(coded.atoms))


# (English, atoms in source order, the atoms' spans found)
LOCATED = [
    ("Use self.attn(x) to compute QK^T.", ["QK^T", "self.attn(x)"], ["self.attn(x)", "QK^T"]),
    # "x" inside self.attn(x) is not the atom x: the longer atom is placed first
    ("self.attn(x) takes x as input.", ["x", "self.attn(x)"], ["self.attn(x)", "x"]),
    ("The index i is used in axis i.", ["i"], ["i"]),
    ("Only prose here.", ["f(x)"], []),
    ("Shape (batch, seq) of X", ["X"], ["X"]),
]


@pytest.mark.parametrize("english,atoms,found", LOCATED)
def test_atoms_are_located_in_english(english: str, atoms: list[str], found: list[str]) -> None:
    spans = locate(english, atoms)
    assert [english[a:b] for a, b, _ in spans] == found
    assert all(atoms[i] == english[a:b] for a, b, i in spans)
    assert locate("self.attn(x) takes x", ["x", "self.attn(x)"])[1][:2] == (19, 20)


_ATOM_TEXT = st.text(alphabet="ab_{}()^\\ 01一二", min_size=1, max_size=8)
_PROSE = st.text(alphabet="我们的模型 {}12,.。", max_size=8)


@given(st.lists(st.tuples(_PROSE, _ATOM_TEXT), min_size=1, max_size=5), _PROSE)
def test_mask_then_restore_gives_the_source_back(parts: list[tuple[str, str]], tail: str) -> None:
    text = ""
    atoms = []
    for prose, atom in parts:
        text += prose
        atoms.append((len(text), len(text) + len(atom)))
        text += atom
    text += tail
    m = mask(text, atoms)
    restored = restore(m, m.text)
    assert restored.ok and restored.text == text
    assert all(placeholder(n) in m.text for n in m.numbers)
