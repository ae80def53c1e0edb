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

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import sentences as sentences_mod
from reader.text.chars import HAN_RE
from reader.text.sentences import split_sentences

EXAMPLES = int(os.environ.get("READER_HOSTILE_EXAMPLES", "150"))


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
    # name: a paragraph of about 200 KB (English sentences took 73 s before this was fixed)
    "english-sentences": "Word. " * 33_000,
    "quotation-of-50000-sentences": "“" + "他说了。" * 50_000 + "”",
    "ellipses": "我们用坐标下降训练……" * 20_000,
    "chinese-without-punctuation": "中" * 200_000,
    "open-brackets": "（" * 200_000,
    "closing-quotes": "。”" * 100_000,
    "letters-and-dots": "a." * 100_000,
}


@pytest.mark.parametrize("line", list(PATHOLOGICAL.values()), ids=list(PATHOLOGICAL))
def test_a_200kb_paragraph_of_one_pattern_is_split_in_linear_time(line: str) -> None:
    with cpu_budget(10):
        assert_sentences_reassemble(line)
