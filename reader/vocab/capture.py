"""Provides the making of a vocabulary entry: a word with its reading, English and sentence.

The English is the glossary entry's when the word is a glossary term, else the CC-CEDICT
entries of the word whose reading is the one it has in this sentence (行 háng in 银行 gets
"row; profession", not xíng's senses). The reading comes from the analysed sentence, so it is
the reading in context, corrections included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.analysis import Token, analysis_text
from reader.errors import ReaderError
from reader.model import Article, Sentence
from reader.pinyin.syllables import to_marks
from reader.text.chars import has_han
from reader.text.script import to_traditional
from reader.vocab.model import SenseSource, VocabEntry
from reader.vocab.store import word_key

if TYPE_CHECKING:
    from reader.dictionary import DictEntry
    from reader.glossary.model import Entry
    from reader.workspace import Workspace

# Senses that send the learner elsewhere; dropped when the entry has others.
_REFERRALS = ("variant of ", "old variant of ", "erhua variant of ", "see ")
# The English of a word CC-CEDICT lacks, made of its parts' senses.
PARTS_PREFIX = "parts: "
# One classifier of a "CL:" sense: traditional|simplified (or one form) and its reading.
_CLASSIFIER_RE = re.compile(r"(?:[^,|\[]+\|)?([^,|\[]+)\[([^\]]+)\]")


@dataclass(frozen=True)
class Context:
    """Where a word was met: the article, the sentence and the sentence's English."""

    article: Article
    sentence: Sentence
    start: int  # the word's offsets in the sentence
    end: int
    english: str = ""  # the sentence's English (curated or machine; never a gloss)


def reading_of(tokens: Sequence[Token], start: int, end: int) -> str:
    """The numbered reading of the characters ``start:end`` of an analysed sentence, a
    syllable per Han character ("yin2 hang2")."""
    syllables: list[str] = []
    for token in tokens:
        for offset, syllable in enumerate(token.pinyin, token.start):
            if start <= offset < end and syllable:
                syllables.append(syllable)
    return " ".join(syllables)


def _plain(reading: str) -> str:
    """A reading without tones, for matching a dictionary entry when the tones differ."""
    return "".join(ch for ch in reading.lower() if not ch.isdigit()).replace(" ", "")


def dictionary_senses(entries: Sequence[DictEntry], reading: str) -> list[DictEntry]:
    """The entries that have ``reading`` (exactly, else without tones, else all), common words
    before proper nouns."""
    wanted = reading.lower().replace("u:", "ü")
    exact = [e for e in entries if e.pinyin.lower() == wanted]
    toneless = [e for e in entries if _plain(e.pinyin) == _plain(wanted)]
    chosen = exact or toneless or list(entries)
    return sorted(chosen, key=lambda e: e.is_proper_noun)


def measure_words(sense: str) -> str:
    """CC-CEDICT's classifier note made readable: "CL:家[jia1],個|个[ge4]" -> "CL: 家 jiā,
    个 gè" (simplified form, tone marks); other senses unchanged."""
    if not sense.startswith("CL:"):
        return sense
    parts = []
    for m in _CLASSIFIER_RE.finditer(sense[3:]):
        reading = " ".join(to_marks(s) for s in m.group(2).replace("u:", "ü").split())
        parts.append(f"{m.group(1)} {reading}")
    return f"CL: {', '.join(parts)}" if parts else sense


def senses_of(entries: Sequence[DictEntry]) -> tuple[str, ...]:
    """The English senses of dictionary entries in order, without repeats or bare referrals."""
    out: list[str] = []
    for entry in entries:
        for sense in map(measure_words, entry.senses):
            if sense not in out:
                out.append(sense)
    useful = [s for s in out if not s.startswith(_REFERRALS)]
    return tuple(useful or out)


def parts_sense(ws: Workspace, word: str, reading: str) -> str | None:
    """For a word CC-CEDICT lacks (phrases such as 转换成 or 一个): its longest dictionary
    parts, each with its first useful sense, as one sense "parts: 转换 change · 成 become".
    None when some part is in no entry (a name, mostly), the word is one part, or it falls
    into more than two single characters (a transliteration such as 司美格鲁肽)."""
    from reader.translation.gloss import choose_sense

    syllables = reading.split()
    parts: list[str] = []
    at = 0
    while at < len(word):
        found = ws.dictionary.matches_at(word, at, max_len=len(word) - at)
        if not found:
            return None
        part, entries = found[0]  # longest first
        part_reading = " ".join(syllables[at : at + len(part)])
        sense = choose_sense(entries, part_reading)
        if sense is None:
            return None
        parts.append(f"{part} {sense}")
        at += len(part)
    singles = sum(1 for p in parts if len(p.split(" ", 1)[0]) == 1)
    if len(parts) < 2 or singles > 2:  # many single characters: a transliteration, a name
        return None
    return f"{PARTS_PREFIX}{' · '.join(parts)}"


def glossary_senses(entry: Entry) -> tuple[str, ...]:
    """A glossary term's English: the canonical form with its abbreviations, the aliases, and
    the definition."""
    head = entry.en + (f" ({', '.join(entry.abbr)})" if entry.abbr else "")
    return (head, *entry.aliases, entry.definition)


def glossary_entry_for(ws: Workspace, simplified: str) -> Entry | None:
    """The glossary entry one of whose Chinese forms is ``simplified``, if any."""
    for entry in ws.glossary.by_id.values():
        if any(word_key(form) == simplified for form in entry.zh):
            return entry
    return None


def make_entry(
    ws: Workspace,
    word: str,
    reading: str,
    *,
    context: Context | None = None,
    term: str | None = None,
    senses: Sequence[str] | None = None,
    notes: str = "",
    require_english: bool = True,
) -> VocabEntry:
    """A vocabulary entry for ``word`` (as written) with its numbered ``reading``.

    ``senses`` overrides the English (the user's own). Without it the glossary's or
    CC-CEDICT's English is used; a word in neither raises ReaderError when
    ``require_english`` (the command line), else is kept with no English (the reader, where
    the user fills it in later).
    """
    word = word.strip()
    if not has_han(word):
        raise ReaderError(f"“{word}” has no Chinese characters; only Chinese words are saved.")
    simplified = word_key(word)
    found = ws.dictionary.lookup(simplified) or ws.dictionary.lookup(word)
    matching = dictionary_senses(found, reading) if reading else found
    source: SenseSource = "cedict"
    glossary = ws.glossary.get(term) if term else glossary_entry_for(ws, simplified)
    if senses is not None and any(s.strip() for s in senses):
        chosen = tuple(s.strip() for s in senses if s.strip())
        source = "user"
    elif glossary is not None:
        chosen = glossary_senses(glossary)
        source = "glossary"
    else:
        chosen = senses_of(matching)
        if not chosen and (parts := parts_sense(ws, simplified, reading)) is not None:
            chosen = (parts,)
    if not chosen and require_english:
        raise ReaderError(
            f"“{word}” is in neither CC-CEDICT nor the glossary; give its English with --en "
            "to save it anyway."
        )
    traditional = next((e.traditional for e in matching if e.simplified == simplified), "")
    entry = VocabEntry(
        word=word,
        simplified=simplified,
        traditional=traditional or to_traditional(simplified),
        reading=reading,
        senses=chosen,
        sense_source=source,
        term=glossary.id if glossary is not None and source == "glossary" else None,
        notes=notes.strip(),
    )
    if context is None:
        return entry
    meta = context.article.meta
    return replace(
        entry,
        sentence=context.sentence.text,
        sentence_en=context.english,
        word_start=context.start,
        slug=meta.slug,
        sentence_id=context.sentence.id,
        title=meta.title,
        source=meta.author or meta.source or "",
        url=meta.url or "",
    )


def reading_without_context(ws: Workspace, word: str) -> str:
    """A word's reading on its own: the analyzer's, which is the dictionary's for a
    dictionary word and the glossary's for a term."""
    tokens = ws.analyzer.analyze(word)
    return reading_of(tokens, 0, len(word))


def find_in_sentence(sentence: str, word: str) -> tuple[int, int] | None:
    """Where ``word`` (either script) occurs in ``sentence``: its offsets, or None."""
    simple = analysis_text(sentence)
    key = word_key(word)
    at = simple.find(key)
    if at < 0:
        at = sentence.find(word)
    return (at, at + len(word)) if at >= 0 else None


def from_article(
    ws: Workspace,
    article: Article,
    word: str,
    sentence_id: str | None = None,
    *,
    senses: Sequence[str] | None = None,
    notes: str = "",
) -> VocabEntry:
    """An entry for ``word`` met in ``article``: in sentence ``sentence_id`` (an id as in
    ``reader show --json``, or its position part "12.3"), else in the first sentence that
    has it. Raises ReaderError when the sentence does not exist or lacks the word."""
    sentences = list(article.sentences())
    if sentence_id is not None:
        wanted = [s for s in sentences if s.id == sentence_id or s.id.split("-")[0] == sentence_id]
        if not wanted:
            raise ReaderError(f"No sentence {sentence_id!r} in {article.slug}.")
        candidates = wanted
    else:
        candidates = sentences
    for sentence in candidates:
        span = find_in_sentence(sentence.text, word)
        if span is None:
            continue
        start, end = span
        tokens = ws.analyzer.analyze(sentence.text)
        reading = reading_of(tokens, start, end)
        term = next((t.term for t in tokens if (t.start, t.end) == span and t.term), None)
        context = Context(article, sentence, start, end, sentence_english(ws, article, sentence))
        return make_entry(
            ws,
            sentence.text[start:end],
            reading,
            context=context,
            term=term,
            senses=senses,
            notes=notes,
        )
    where = f"sentence {sentence_id}" if sentence_id is not None else "the article"
    raise ReaderError(f"“{word}” does not occur in {where} of {article.slug}.")


def sentence_english(ws: Workspace, article: Article, sentence: Sentence) -> str:
    """A sentence's English to keep with a word: curated or machine translation (a word-by-word
    gloss is no translation, so it gives "")."""
    from reader.translation.lookup import translations_for

    found = translations_for(ws, article, glosses=False).get(sentence.id)
    return found.text if found is not None and found.engine != "gloss" else ""
