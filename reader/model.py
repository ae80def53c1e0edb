"""Provides the article model: metadata, paragraphs and sentences with stable ids."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from reader.text.blocks import Block, BlockKind
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
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    """One sentence: a stable id, its text, and its offsets within the paragraph."""

    id: str
    paragraph: int
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One body block split into sentences; ``speaker`` is set for interview turns."""

    index: int
    kind: BlockKind
    text: str
    level: int
    speaker: str | None
    sentences: tuple[Sentence, ...]


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


def build_article(meta: ArticleMeta, blocks: list[Block]) -> Article:
    """Splits blocks into sentences with stable ids."""
    speakers = detect_speakers(blocks)
    declared = meta.extra.get("speakers")
    if isinstance(declared, list):
        speakers |= {str(s) for s in declared}
    remember_names(speakers)  # segmentation keeps the speakers' names whole
    paragraphs = []
    for p_index, block in enumerate(blocks):
        sentences = tuple(
            Sentence(
                id=sentence_id(meta.slug, p_index, s_index, block.text[start:end]),
                paragraph=p_index,
                index=s_index,
                text=block.text[start:end],
                start=start,
                end=end,
            )
            for s_index, (start, end) in enumerate(split_sentences(block.text))
        )
        speaker = None
        if block.kind == "text" and (m := _SPEAKER_RE.match(block.text)):
            speaker = m.group(1) if m.group(1) in speakers else None
        paragraphs.append(
            Paragraph(p_index, block.kind, block.text, block.level, speaker, sentences)
        )
    return Article(meta, paragraphs)
