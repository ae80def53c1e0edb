"""Provides the prepared form of an article for export: words, translations and glossary terms.

Preparing is the expensive part of an export (segmentation and pinyin), rendering is cheap, so
an article is prepared once and rendered in any layout. Word analysis is memoised per analyzer:
the TUI and the benchmark export the same article in several layouts in one process.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reader.analysis import Analyzer, Token, analysis_text
from reader.glossary.match import Matcher
from reader.glossary.model import Entry
from reader.model import Article, Paragraph, Sentence
from reader.translation.curated import curated_path, read_curated
from reader.translation.lookup import translations_for
from reader.translation.model import Translation

if TYPE_CHECKING:
    from reader.workspace import Workspace

_MEMO_LIMIT = 50_000  # sentences per analyzer; a bound, not a tuning knob
_memo: weakref.WeakKeyDictionary[Analyzer, dict[tuple[str, Any], tuple[Token, ...]]] = (
    weakref.WeakKeyDictionary()
)


def _analyze_article(ws: Workspace, article: Article) -> dict[str, tuple[Token, ...]]:
    """Tokens of every sentence: this session's memo, else the persistent analysis cache."""
    from reader.analysis_cache import analyze_all

    memo = _memo.setdefault(ws.analyzer, {})
    sentences = list(article.sentences())
    missing = [s for s in sentences if (s.text, s.atoms) not in memo]
    if missing:
        if len(memo) + len(missing) >= _MEMO_LIMIT:
            memo.clear()
        found = analyze_all(ws, [(s.text, s.atoms) for s in missing])
        memo.update(((s.text, s.atoms), t) for s, t in zip(missing, found, strict=True))
    return {s.id: memo[(s.text, s.atoms)] for s in sentences}


@dataclass(frozen=True)
class TermLink:
    """The first occurrence of a glossary term, as offsets into its sentence."""

    start: int
    end: int
    entry_id: str


@dataclass(frozen=True)
class PreparedSentence:
    """A sentence with what rendering needs.

    ``tokens`` is None when no pinyin is shown; ``speaker_end`` is the length of the interview
    label at its start (0 if none); ``translation`` is None when there is no usable English.
    """

    sentence: Sentence
    tokens: tuple[Token, ...] | None
    links: tuple[TermLink, ...]
    speaker_end: int
    translation: Translation | None


@dataclass(frozen=True)
class PreparedParagraph:
    """A paragraph and its prepared sentences."""

    paragraph: Paragraph
    sentences: tuple[PreparedSentence, ...]


@dataclass(frozen=True)
class TermUse:
    """A glossary entry that occurs in the article, with its Chinese forms as written there."""

    entry: Entry
    forms: tuple[tuple[str, str | None], ...]  # (form as written, tone-marked reading)
    related: tuple[Entry, ...] = ()  # the entries its see_also names


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready to render in any layout."""

    article: Article
    title_en: str | None
    paragraphs: tuple[PreparedParagraph, ...]
    terms: tuple[TermUse, ...]  # in order of first occurrence
    glossary_version: str

    def translation_counts(self) -> tuple[dict[str, int], int, int]:
        """(sentences per engine, stale translations, untranslated sentences)."""
        engines: Counter[str] = Counter()
        stale = missing = 0
        for pp in self.paragraphs:
            for ps in pp.sentences:
                if ps.translation is None:
                    missing += 1
                    continue
                engines[ps.translation.engine] += 1
                stale += ps.translation.stale
        return dict(sorted(engines.items())), stale, missing


def prepare_article(
    ws: Workspace, article: Article, *, tokens: bool, terms: bool
) -> PreparedArticle:
    """Analyses ``article`` for export: words when ``tokens``, glossary terms when ``terms``."""
    translations = translations_for(ws, article)
    curated = read_curated(curated_path(ws.corpus.path_of(article.slug)))
    matcher = ws.analyzer.matcher if terms else None
    analysed = _analyze_article(ws, article) if tokens else {}
    finder = _TermFinder(ws, matcher)
    paragraphs = []
    for paragraph in article.paragraphs:
        sentences = []
        for sentence in paragraph.sentences:
            translation = translations.get(sentence.id)
            if translation is not None and not translation.text.strip():
                translation = None  # an empty entry is a missing translation, not a blank one
            sentences.append(
                PreparedSentence(
                    sentence=sentence,
                    tokens=analysed.get(sentence.id) if tokens else None,
                    links=finder.scan(sentence.text, [(m.start, m.end) for m in sentence.marks]),
                    speaker_end=_speaker_end(paragraph, sentence),
                    translation=translation,
                )
            )
        paragraphs.append(PreparedParagraph(paragraph, tuple(sentences)))
    return PreparedArticle(
        article=article,
        title_en=curated.title.strip() if isinstance(curated.title, str) else None,
        paragraphs=tuple(paragraphs),
        terms=finder.uses(),
        glossary_version=ws.glossary.version,
    )


def _speaker_end(paragraph: Paragraph, sentence: Sentence) -> int:
    """Length of the speaker label that opens the paragraph's first sentence, else 0."""
    speaker = paragraph.speaker
    if speaker and sentence.index == 0 and sentence.text.startswith(speaker):
        return len(speaker)
    return 0


class _TermFinder:
    """Finds glossary terms sentence by sentence, remembering first occurrences and forms."""

    def __init__(self, ws: Workspace, matcher: Matcher | None) -> None:
        self._ws = ws
        self._matcher = matcher
        self._forms: dict[str, dict[str, str | None]] = {}  # entry id -> form -> reading

    def scan(self, text: str, marked: list[tuple[int, int]] | None = None) -> tuple[TermLink, ...]:
        """The first occurrences of terms in ``text`` (terms seen earlier are not linked);
        nothing inside or across a ``marked`` span (inline code, math, a link) is a term."""
        if self._matcher is None:
            return ()
        simple = analysis_text(text)
        matches = self._matcher.find(simple)
        if marked:
            matches = [m for m in matches if not any(a < m.end and m.start < b for a, b in marked)]
        if not matches:
            return ()
        links = []
        glossary = self._ws.glossary
        for occurrence in Matcher.occurrences(simple, matches):
            entry = glossary.get(occurrence.entry_id)
            if entry is None:
                continue
            first = occurrence.entry_id not in self._forms
            forms = self._forms.setdefault(occurrence.entry_id, {})
            for match in occurrence.matches:
                if match.kind == "zh":
                    # The form as written (traditional text stays traditional); the reading is
                    # the curated one of the entry form it matched.
                    forms.setdefault(text[match.start : match.end], entry.reading_of(match.form))
            if first:
                links.append(TermLink(occurrence.start, occurrence.end, occurrence.entry_id))
        return tuple(links)

    def uses(self) -> tuple[TermUse, ...]:
        """The terms found so far, in order of first occurrence."""
        out = []
        for entry_id, forms in self._forms.items():
            entry = self._ws.glossary.get(entry_id)
            if entry is None:
                continue
            if not forms and entry.zh:
                # Only the English or abbreviation occurred (AGI): show the main Chinese form.
                forms = {entry.zh[0]: entry.pinyin[0] if entry.pinyin else None}
            related = tuple(self._ws.glossary.related(entry))
            out.append(TermUse(entry, tuple(forms.items()), related))
        return tuple(out)
