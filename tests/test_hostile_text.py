"""Attacks on the text pipeline: any Unicode string cleans, splits, segments, converts script and
is analysed without an exception, and nothing is dropped on the way.

The properties run on every ``uv run pytest`` with a modest number of examples; set
``READER_HOSTILE_EXAMPLES`` (for example to 5000) for an exhaustive run. Pathological lines
(hundreds of kilobytes of one repeated pattern) each get a CPU budget far above what they need:
they used to take minutes (quadratic regular expressions and copies), so a budget of seconds
tells the two apart on any machine.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError
from reader.text import sentences as sentences_mod
from reader.text.chars import HAN_RE
from reader.text.clean import clean_text
from reader.text.html import html_to_markdown
from reader.text.segment import Segmenter
from reader.text.sentences import split_sentences

EXAMPLES = int(os.environ.get("READER_HOSTILE_EXAMPLES", "150"))


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The segmenter, loaded once for the module."""
    return Segmenter()


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Fails when the block uses more CPU time than ``seconds`` (not wall time: the machine may
    be shared)."""
    start = time.process_time()
    yield
    used = time.process_time() - start
    assert used < seconds, f"took {used:.1f} s of CPU time (budget {seconds} s)"


def assert_sentences_reassemble(text: str) -> None:
    """The sentences of ``text`` are in order, trimmed and non-empty, and only whitespace lies
    between, before and after them: joined with the gaps they give ``text`` back."""
    spans = split_sentences(text)
    pos = 0
    rebuilt: list[str] = []
    for start, end in spans:
        assert pos <= start < end <= len(text), (text, spans)
        gap = text[pos:start]
        assert gap.strip() == "", f"dropped {gap!r} between sentences of {text!r}"
        sentence = text[start:end]
        assert sentence == sentence.strip(), (text, spans)
        rebuilt += [gap, sentence]
        pos = end
    assert text[pos:].strip() == "", f"dropped {text[pos:]!r} at the end of {text!r}"
    assert "".join(rebuilt) + text[pos:] == text
    if text.strip():
        assert spans, f"no sentence in {text!r}"


def _english_stop_reference(text: str, i: int) -> bool:
    """The definition of an English full stop, written plainly (it copies the text around the
    dot, which made long English paragraphs quadratic; kept here as the oracle)."""
    before, after = text[:i], text[i + 1 :]
    if not after.strip():
        return bool(before) and before[-1].isalpha() and not HAN_RE.match(before[-1])
    if not after[:1].isspace():
        return False
    nxt = after.lstrip()[:1]
    if not (nxt.isupper() or nxt in "“\"'‘(" or HAN_RE.match(nxt)):
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", before)
    if m is None:
        return bool(before) and before[-1] in "%)\"”'’"
    word = m.group(1)
    return not (len(word) == 1 or word.lower().rstrip(".") in sentences_mod._abbreviations())


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"aZ.. \n\t中”)%'(", "Mr", "e.g", "U.S", "J", "Hello", "\u3000"]),
        max_size=40,
    ).map("".join)
)
def test_english_full_stops_agree_with_the_plain_definition(text: str) -> None:
    for i, ch in enumerate(text):
        if ch == ".":
            assert sentences_mod._is_english_stop(text, i) == _english_stop_reference(text, i)


# -- pathological lines -----------------------------------------------------------------------

PATHOLOGICAL = {
    # name: a line of about 200 KB (each took from 2 s to 4 minutes before it was fixed)
    "unclosed-link-brackets": "[" * 200_000,
    "unclosed-image-alts": "![" * 100_000,
    "image-targets-never-closed": "![x](" * 40_000,
    "empty-link-targets-never-closed": "[](" * 66_000,
    "html-tags-never-closed": "<span " * 33_000,
    "heading-with-200k-spaces": "# a" + " " * 200_000 + "x",
    "line-of-spaces": " " * 200_000 + "中",
    "line-of-tabs-and-spaces": "\t " * 100_000 + "中",
    "line-of-no-break-spaces": "\u00a0" * 200_000 + "中",
    "line-of-ideographic-spaces": "\u3000" * 200_000 + "中",
    "line-separators-in-a-byline": "文：a" + "\u2028" * 100_000 + "b",
    "english-sentences": "Word. " * 33_000,
    "quotation-of-50000-sentences": "“" + "他说了。" * 50_000 + "”",
    "ellipses": "我们用坐标下降训练……" * 20_000,
    "chinese-without-punctuation": "中" * 200_000,
    "open-brackets": "（" * 200_000,
    "closing-quotes": "。”" * 100_000,
    "pinyin-annotations": "風(fēng)" * 25_000,
    "digits-and-commas": "1,000" * 40_000,
    "letters-and-dots": "a." * 100_000,
}


@pytest.mark.parametrize("line", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_a_200kb_line_of_one_pattern_is_read_in_linear_time(line: str) -> None:
    with cpu_budget(10):
        for markup in (True, False):
            cleaned = clean_text(line, markup=markup)
            for block in cleaned.blocks:
                assert_sentences_reassemble(block.text)
        assert_sentences_reassemble(line)
        assert segmenter().segment(line)[-1][1] == len(line)


# -- content that looks like chrome -----------------------------------------------------------

LOOKALIKES = [
    "搜索引擎改变了人们获取信息的方式。",
    "关注用户体验是产品成功的关键。",
    "阅读原文之前，我们先看看背景。",
    "10万阅读量的文章并不代表质量。",
    "Published papers are only part of the story.",
    "相关文章显示，这种训练方法同样有效。",
    "热门文章往往标题夸张。",
    "Read more books, he said.",
]


@pytest.mark.parametrize("paragraph", LOOKALIKES)
def test_a_paragraph_that_only_starts_like_page_chrome_is_kept(paragraph: str) -> None:
    # Placed last, where a trailer start ("相关文章") cuts the rest of a page.
    document = "正文第一段。\n\n正文第二段。\n\n" + paragraph + "\n\n最后一段。\n"
    texts = [b.text for b in clean_text(document).blocks]
    assert paragraph in texts and "最后一段。" in texts


@pytest.mark.parametrize(
    "chrome",
    [
        "搜索",
        "阅读原文",
        "10万阅读",
        "相关文章",
        "点击上方蓝字关注我们",
        "关注公众号：AI前线",
        "Published: 2024-01-01",
    ],
)
def test_page_chrome_lines_are_still_removed(chrome: str) -> None:
    texts = [b.text for b in clean_text(f"正文一。\n\n正文二。\n\n正文三。\n\n{chrome}\n").blocks]
    assert texts == ["正文一。", "正文二。", "正文三。"]


# -- HTML the parser cannot read completely ---------------------------------------------------


def _nested(depth: int) -> str:
    return (
        "<html><body><p>前面的段落。</p>"
        + "<div>" * depth
        + "<p>深处的内容。</p>"
        + "</div>" * depth
        + "<p>后面的段落。</p></body></html>"
    )


def test_html_nested_200_deep_is_read_completely() -> None:
    markdown, _ = html_to_markdown(_nested(200))
    assert markdown.split("\n\n") == ["前面的段落。", "深处的内容。", "后面的段落。"]


@pytest.mark.parametrize("depth", [256, 300, 100_000])
def test_html_nested_deeper_than_the_parser_reads_is_refused_not_truncated(depth: int) -> None:
    with pytest.raises(ReaderError, match="nests elements more than 255 deep"):
        html_to_markdown(_nested(depth))
