"""Provides the inline Markdown of the Chinese (ruby, term links, speaker label) and the English
(with labels) of a unit.

Term links point at explicit ``<a id>`` anchors in the glossary appendix; GitHub prefixes ids
with ``user-content-`` and still resolves ``#id`` links, pandoc keeps the anchors in HTML, and
nothing else in the text can produce such an anchor because ``<`` is always escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.analysis import Token
from reader.document.render import code_span, link_target, math_span
from reader.export.escape import Escaped, escape_text
from reader.export.prepare import PreparedSentence
from reader.model import Sentence
from reader.pinyin.syllables import to_marks
from reader.translation.atoms import locate

NO_TRANSLATION = "*(no translation)*"


def term_anchor(entry_id: str) -> str:
    """The id of a term's entry in the glossary appendix."""
    return f"term-{entry_id}"


def ref_anchor(entry_id: str) -> str:
    """The id placed at a term's first occurrence (the appendix links back to it)."""
    return f"ref-{entry_id}"


def render_zh(ps: PreparedSentence, *, ruby: bool, in_table: bool = False) -> str:
    """The Chinese sentence as inline Markdown (no line-start escaping).

    Inline code and math are written as they are (a code span, ``$…$``), links keep their
    target; ``in_table`` escapes the ``|`` inside them, as a GFM table cell needs.
    """
    text = ps.sentence.text
    marks = ps.sentence.marks
    atoms = [m for m in marks if m.kind in ("code", "math")]
    escaped = Escaped(text, [(m.start, m.end) for m in atoms])
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for m in marks:
        if m.kind == "link" and m.url:
            opens.setdefault(m.start, []).append("[")
    for m in atoms:
        piece = text[m.start : m.end]
        if m.kind == "code":
            opens.setdefault(m.start, []).append(code_span(piece, in_table=in_table))
        else:
            before = text[m.start - 1] if m.start else ""
            after = text[m.end] if m.end < len(text) else ""
            opens.setdefault(m.start, []).append(math_span(piece, before, after, in_table=in_table))
    for m in marks:
        if m.kind == "link" and m.url:
            closes.setdefault(m.end, []).append(f"]({link_target(m.url)})")
    speaker_end = ps.speaker_end
    if any(link.start < speaker_end < link.end for link in ps.links):
        speaker_end = 0  # a term straddling the label: the link wins, the label stays plain
    if speaker_end:
        # The colon stays outside the bold: "**罗永浩**：" closes correctly in CommonMark,
        # "**罗永浩：**你" does not (a closing ** after punctuation needs a space or punctuation).
        opens.setdefault(0, []).append("**")
    for link in ps.links:
        opens.setdefault(link.start, []).append(f'<a id="{ref_anchor(link.entry_id)}"></a>[')
        closes.setdefault(link.end, []).append(f"](#{term_anchor(link.entry_id)})")
    if speaker_end:
        closes.setdefault(speaker_end, []).append("**")
    cuts = sorted({0, len(text), *opens, *closes})
    out: list[str] = []
    for i, start in enumerate(cuts):
        out.extend(closes.get(start, ()))
        out.extend(opens.get(start, ()))
        if i + 1 < len(cuts):
            end = cuts[i + 1]
            if ruby and ps.tokens is not None:
                out.append(_ruby_span(ps.tokens, escaped, start, end))
            else:
                out.append(escaped.piece(start, end))
    return "".join(out)


def _ruby_span(tokens: Sequence[Token], escaped: Escaped, start: int, end: int) -> str:
    """``text[start:end]`` with one ruby element per word's Han run; the rest escaped."""
    out: list[str] = []
    for token in tokens:
        if token.end <= start or token.start >= end:
            continue
        lo, hi = max(start, token.start), min(end, token.end)
        syllables = token.pinyin[lo - token.start : hi - token.start]
        run_start = lo
        # Split the word into runs of read characters (Han) and unread ones (Latin, digits).
        for offset in range(lo, hi + 1):
            boundary = offset == hi or (
                (syllables[offset - lo] is None) != (syllables[run_start - lo] is None)
            )
            if not boundary:
                continue
            if syllables[run_start - lo] is None:
                out.append(escaped.piece(run_start, offset))
            else:
                reading = " ".join(
                    to_marks(s) for s in syllables[run_start - lo : offset - lo] if s
                )
                # <rp> keeps "词(cí)" readable where ruby is not rendered (pandoc to LaTeX).
                out.append(
                    f"<ruby>{escaped.piece(run_start, offset)}<rp>(</rp>"
                    f"<rt>{reading}</rt><rp>)</rp></ruby>"
                )
            run_start = offset
    return "".join(out)


def _english_inline(english: str, sentence: Sentence, *, in_table: bool = False) -> str:
    """English escaped, with the Chinese sentence's inline code and math (kept verbatim by the
    engines) written as code spans and ``$…$`` again where they are found."""
    atoms = [m for m in sentence.marks if m.kind in ("code", "math")]
    located = locate(english, [sentence.text[m.start : m.end] for m in atoms]) if atoms else []
    if not located:
        return escape_text(english)
    escaped = Escaped(english, [(a, b) for a, b, _ in located])
    out: list[str] = []
    pos = 0
    for start, end, index in located:
        out.append(escaped.piece(pos, start))
        piece = english[start:end]
        if atoms[index].kind == "code":
            out.append(code_span(piece, in_table=in_table))
        else:
            before = english[start - 1] if start else ""
            after = english[end] if end < len(english) else ""
            out.append(math_span(piece, before, after, in_table=in_table))
        pos = end
    out.append(escaped.piece(pos, len(english)))
    return "".join(out)


def render_en(sentences: Sequence[PreparedSentence], *, in_table: bool = False) -> str:
    """The English of the sentences; glosses and stale translations labelled, gaps marked.

    Labels are the only emphasis on the English side (the translation text is escaped), so a
    reader and a parser can tell them from the translation. Consecutive sentences without a
    translation share one marker. Inline code and math that the English keeps from the Chinese
    are written as code spans and ``$…$`` (``in_table``: their ``|`` escaped).
    """
    parts: list[str] = []
    for ps in sentences:
        t = ps.translation
        if t is None:
            if not parts or parts[-1] != NO_TRANSLATION:
                parts.append(NO_TRANSLATION)
            continue
        labels = [label for label, on in (("gloss", t.engine == "gloss"), ("stale", t.stale)) if on]
        text = _english_inline(t.text, ps.sentence, in_table=in_table).strip(" ")
        parts.append(f"{text} *({', '.join(labels)})*" if labels else text)
    return " ".join(parts)
