"""Provides the article model: metadata, paragraphs and sentences with stable ids.

Every block of the body (see :mod:`reader.document.blocks`) is one paragraph, so paragraph
numbers are block positions. Prose is split into sentences: a paragraph's text, each table cell
(row by row, the header first) and an image's caption. Code, display math and rules have none.

Sentence ids are ``"<paragraph>.<sentence>-<hash>"``. In a table the sentence number counts on
across the cells in reading order (cell (0, 0) holds 0 and 1, cell (0, 1) starts at 2 …), so every
sentence of a table has its own id and a cell is found from ``Sentence.cell``; a caption's
sentences are numbered like a paragraph's.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from reader.document.blocks import ATOMIC_MARKS, Block, BlockKind, Mark
from reader.text.names import remember as remember_names
from reader.text.sentences import split_sentences

_SPEAKER_RE = re.compile(r"^([^\s：:，。！？“”「」（）()]{1,8})[：:]")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class ArticleMeta:
    """Front matter of a corpus article."""

    slug: str
    title: str
    author: str | None = None
    source: str | None = None
    url: str | None = None
    date: str | None = None
    script: str = "simplified"
    original_file: str | None = None
    series: str | None = None  # the book an EPUB chapter comes from
    chapter: int | None = None  # the chapter's place in its book, from 1
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    """One sentence: a stable id, its text, and its offsets within the paragraph."""

    id: str
    paragraph: int
    index: int
    text: str
    start: int  # offsets into the paragraph's text (a table cell's text, for a table)
    end: int
    marks: tuple[Mark, ...] = ()  # inline code, math and links, as offsets into ``text``
    cell: tuple[int, int] | None = None  # (row, column) of a table sentence

    @property
    def atoms(self) -> tuple[tuple[int, int], ...]:
        """Spans of inline code and math: single tokens, never analysed."""
        return tuple((m.start, m.end) for m in self.marks if m.kind in ATOMIC_MARKS)


@dataclass(frozen=True)
class Paragraph:
    """One body block split into sentences; ``speaker`` is set for interview turns.

    ``text`` is the block's prose (a caption for an image, verbatim source for code and math,
    cells joined for a table); ``block`` has everything else (language, rows, URLs …).
    """

    index: int
    kind: BlockKind
    text: str
    level: int
    speaker: str | None
    sentences: tuple[Sentence, ...]
    block: Block

    def cell_sentences(self) -> list[list[tuple[Sentence, ...]]]:
        """A table's sentences by row and column (empty cells have none)."""
        rows: list[list[list[Sentence]]] = [[[] for _ in row] for row in self.block.rows]
        for s in self.sentences:
            if s.cell is not None:
                rows[s.cell[0]][s.cell[1]].append(s)
        return [[tuple(cell) for cell in row] for row in rows]


@dataclass
class Article:
    """A corpus article: metadata and paragraphs."""

    meta: ArticleMeta
    paragraphs: list[Paragraph]

    @property
    def slug(self) -> str:
        """The article's slug (its file name without ``.md``)."""
        return self.meta.slug

    def sentences(self) -> Iterator[Sentence]:
        """All sentences in reading order."""
        for paragraph in self.paragraphs:
            yield from paragraph.sentences

    def sentence_count(self) -> int:
        """The number of sentences in the article."""
        return sum(len(p.sentences) for p in self.paragraphs)


def normalise(text: str) -> str:
    """The form of a sentence that ids and source hashes are computed from."""
    return _SPACE_RE.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """A short, stable hash of a sentence's normalised text."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:12]


def sentence_id(slug: str, paragraph: int, index: int, text: str) -> str:
    """A stable sentence id: ``"<paragraph>.<sentence>-<hash>"``.

    The position part lets a stored translation for the same place be recognised as stale when
    the sentence text changes; the hash covers the slug, the position and the normalised text, so
    the same text at the same place gets the same id on every machine and run.
    """
    digest = hashlib.sha1(
        f"{slug}\x1f{paragraph}\x1f{index}\x1f{normalise(text)}".encode()
    ).hexdigest()[:8]
    return f"{paragraph}.{index}-{digest}"


def position_of(sid: str) -> tuple[int, int] | None:
    """The (paragraph, sentence) position encoded in a sentence id, or None if malformed."""
    m = re.fullmatch(r"(\d+)\.(\d+)-[0-9a-f]+", sid)
    return (int(m.group(1)), int(m.group(2))) if m else None


def detect_speakers(blocks: list[Block]) -> set[str]:
    """Interview speaker labels: a ``名字：`` prefix that opens at least two text paragraphs."""
    counts = Counter(
        m.group(1) for b in blocks if b.kind == "text" and (m := _SPEAKER_RE.match(b.text))
    )
    return {label for label, n in counts.items() if n >= 2}


def split_prose(text: str, marks: tuple[Mark, ...] = ()) -> list[tuple[int, int]]:
    """Sentence spans of prose; a sentence never ends inside inline code or math."""
    spans = split_sentences(text)
    atoms = [(m.start, m.end) for m in marks if m.kind in ATOMIC_MARKS]
    if not atoms or len(spans) < 2:
        return spans
    merged = [spans[0]]
    for start, end in spans[1:]:
        cut = merged[-1][1]
        if any(a < cut < b or a < start < b for a, b in atoms):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _sentences(
    slug: str,
    p_index: int,
    first: int,
    text: str,
    marks: tuple[Mark, ...],
    cell: tuple[int, int] | None = None,
) -> list[Sentence]:
    out = []
    for n, (start, end) in enumerate(split_prose(text, marks), first):
        piece = text[start:end]
        inside = tuple(
            m.shifted(start) for m in marks if m.start >= start and m.end <= end
        ) + tuple(  # a link cut by a sentence end keeps the part in each sentence
            Mark(max(m.start, start) - start, min(m.end, end) - start, m.kind, m.url)
            for m in marks
            if m.kind == "link"
            and m.start < end
            and m.end > start
            and not (m.start >= start and m.end <= end)
        )
        out.append(
            Sentence(
                id=sentence_id(slug, p_index, n, piece),
                paragraph=p_index,
                index=n,
                text=piece,
                start=start,
                end=end,
                marks=tuple(sorted(inside, key=lambda m: (m.start, m.end))),
                cell=cell,
            )
        )
    return out


def build_article(meta: ArticleMeta, blocks: list[Block]) -> Article:
    """Splits blocks into sentences with stable ids."""
    speakers = detect_speakers(blocks)
    declared = meta.extra.get("speakers")
    if isinstance(declared, list):
        speakers |= {str(s) for s in declared}
    remember_names(speakers)  # segmentation keeps the speakers' names whole
    paragraphs = []
    for p_index, block in enumerate(blocks):
        sentences: list[Sentence] = []
        if block.kind == "table":
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    sentences += _sentences(
                        meta.slug, p_index, len(sentences), cell.text, cell.marks, (r, c)
                    )
        elif block.kind not in ("code", "math", "rule"):
            sentences = _sentences(meta.slug, p_index, 0, block.text, block.marks)
        speaker = None
        if block.kind == "text" and (m := _SPEAKER_RE.match(block.text)):
            speaker = m.group(1) if m.group(1) in speakers else None
        text = (
            block.text
            if block.kind != "table"
            else "\n".join(" | ".join(cell.text for cell in row) for row in block.rows)
        )
        paragraphs.append(
            Paragraph(p_index, block.kind, text, block.level, speaker, tuple(sentences), block)
        )
    return Article(meta, paragraphs)
