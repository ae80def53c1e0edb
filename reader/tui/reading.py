"""Provides the state of an open article: each sentence with its words and English, in order.

The article screen keeps everything it shows about an article here, keyed by one thing: the
sentence's position in reading order. Workers compute new words or English and hand over whole
lists (:class:`English` per position); the screen applies them and asks for the paragraph views
to lay out. Plain Python (no widgets), so it is tested without an app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.model import Article, Sentence
from reader.translation.model import Translation
from reader.tui.layout import ParagraphView, SentenceView, TokenView

if TYPE_CHECKING:
    from reader.workspace import Workspace


@dataclass(frozen=True)
class English:
    """A sentence's English and what the glossary check found in it."""

    translation: Translation | None = None
    terms: tuple[tuple[int, int], ...] = ()  # glossary term spans in the English
    missing: tuple[str, ...] = ()  # ids of the Chinese's terms the English does not use


@dataclass(frozen=True)
class SentenceState:
    """One sentence as the screen shows it."""

    position: int  # in reading order
    sentence: Sentence
    speaker_len: int = 0  # length of a "名字：" label at its start, 0 when none
    tokens: tuple[TokenView, ...] | None = None  # None until analysed
    english: English = English()

    @property
    def translation(self) -> Translation | None:
        """The English shown for the sentence (curated, machine, gloss) or None."""
        return self.english.translation

    def words(self) -> list[int]:
        """Indexes of the tokens that are words (the word cursor stops on these)."""
        return [i for i, t in enumerate(self.tokens or ()) if t.is_word]

    def word_text(self, token: int) -> str:
        """The text of token ``token`` (in the original script)."""
        t = (self.tokens or ())[token]
        return self.sentence.text[t.start : t.end]


def is_word(text: str) -> bool:
    """Whether a token is a word the cursor stops on (not punctuation or space)."""
    return any(ch.isalnum() for ch in text)


def check_english(
    ws: Workspace, article: Article, translations: Mapping[str, Translation]
) -> list[English]:
    """Each sentence's English (by position) with its glossary terms and the terms it lacks.

    Glosses are not translations: their terms are neither highlighted nor checked.
    """
    from reader.translation.report import inconsistent_by_sentence

    matcher = ws.analyzer.matcher
    missing = inconsistent_by_sentence(ws, article, dict(translations))
    out = []
    for sentence in article.sentences():
        t = translations.get(sentence.id)
        if t is None or t.engine == "gloss":
            out.append(English(t))
            continue
        terms = tuple((m.start, m.end) for m in matcher.find(t.text))
        out.append(English(t, terms, tuple(missing.get(sentence.id, ()))))
    return out


class ArticleReading:
    """An article's sentences in reading order, each with its words and English."""

    def __init__(self, article: Article, translations: Mapping[str, Translation]) -> None:
        self.article = article
        self.sentences: list[SentenceState] = []
        for paragraph in article.paragraphs:
            for sentence in paragraph.sentences:
                label = (
                    len(paragraph.speaker) + 1 if paragraph.speaker and not sentence.index else 0
                )
                self.sentences.append(
                    SentenceState(
                        len(self.sentences),
                        sentence,
                        label,
                        english=English(translations.get(sentence.id)),
                    )
                )
        self.analysed = False

    def __len__(self) -> int:
        return len(self.sentences)

    def __getitem__(self, position: int) -> SentenceState:
        return self.sentences[position]

    def __iter__(self) -> Iterator[SentenceState]:
        return iter(self.sentences)

    def translations(self) -> dict[str, Translation]:
        """Sentence id -> the English shown (what the translation functions take)."""
        return {s.sentence.id: t for s in self.sentences if (t := s.translation) is not None}

    def set_tokens(self, tokens: Sequence[tuple[TokenView, ...]]) -> None:
        """The words of every sentence (from the analysis worker)."""
        self.sentences = [replace(s, tokens=t) for s, t in zip(self.sentences, tokens, strict=True)]
        self.analysed = True

    def set_english(self, english: Sequence[English]) -> None:
        """The English of every sentence and its glossary check (from a worker)."""
        self.sentences = [
            replace(s, english=e) for s, e in zip(self.sentences, english, strict=True)
        ]

    def heading_positions(self) -> list[int]:
        """The position of the first sentence of each heading."""
        positions, position = [], 0
        for paragraph in self.article.paragraphs:
            if paragraph.kind == "heading" and paragraph.sentences:
                positions.append(position)
            position += len(paragraph.sentences)
        return positions

    def machine_missing(self) -> int:
        """Sentences that show a gloss or nothing, which a model could translate."""
        return sum(
            1 for s in self.sentences if s.translation is None or s.translation.engine == "gloss"
        )

    def paragraph_views(
        self,
        display: Callable[[str], str],
        marks: Callable[[SentenceState], tuple[str, ...]] | None = None,
    ) -> list[ParagraphView]:
        """What the layout needs, with each sentence's text in the display script (and each
        word's mark, when word marks are shown)."""
        views = []
        states = iter(self.sentences)
        for paragraph in self.article.paragraphs:
            sentences = []
            for _ in paragraph.sentences:
                s = next(states)
                t = s.translation
                sentences.append(
                    SentenceView(
                        index=s.position,
                        text=display(s.sentence.text),
                        tokens=s.tokens,
                        english=t.text if t else None,
                        engine=t.engine if t else None,
                        stale=bool(t and t.stale),
                        en_terms=s.english.terms,
                        inconsistent=frozenset(s.english.missing),
                        speaker_len=s.speaker_len,
                        marks=s.sentence.marks,
                        cell=s.sentence.cell,
                        word_marks=marks(s) if marks is not None else (),
                    )
                )
            views.append(
                ParagraphView(
                    paragraph.index,
                    paragraph.kind,
                    paragraph.level,
                    tuple(sentences),
                    paragraph.block,
                )
            )
        return views
