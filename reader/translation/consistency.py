"""Provides glossary consistency: does a sentence's English use the glossary's terms?

A sentence whose Chinese contains a glossary term (found by the glossary matcher, so a mixed form
such as ``Scaling Law(规模定律)`` is one occurrence) is consistent when its English contains the
term's canonical English, an alias or an abbreviation: case-insensitive, on word boundaries, with
spaces or hyphens between words and a plural or simple inflection on the last word ("scaling
laws", "queries" for "query"; a gerund's verb: "trained" for "training", "planned" for
"planning"; British spelling: "optimisation", "behaviour"; "Transformer-based" does not count
for "transformer block").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.analysis import analysis_text
from reader.glossary.match import Matcher
from reader.glossary.model import Entry, Glossary

_INFLECTION = r"(?:s|es|'s|’s|s'|ed|d|ing)?"


def _spelling(word: str) -> str:
    """A word's pattern that also accepts British spelling (optimise, analyse, behaviour)."""
    pattern = re.escape(word)
    pattern = re.sub(r"(?<=[iy])z", "[sz]", pattern)
    return re.sub(r"(?<=[a-z])or(?=s?$)", "ou?r", pattern)


@lru_cache(maxsize=4096)
def _form_pattern(form: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", form.strip()) if w]
    last = _spelling(words[-1])
    word = words[-1].lower()
    # A noun term is also used as its verb: 训练 "training" as "train", "trained"; 缩放
    # "scaling" as "scale"; 优化 "optimization" as "optimise"; 迭代 "iteration" as "iterate".
    verb = None
    if len(word) > 5 and word.endswith("ing"):
        verb = words[-1][:-3]
    elif len(word) > 8 and word.endswith("ization"):
        verb = words[-1][:-7] + "iz"
    elif len(word) > 7 and word.endswith("ation"):
        verb = words[-1][:-5] + "at"
    if verb is not None:
        verbs = [rf"{_spelling(verb)}e?"]
        if len(verb) > 3 and verb[-1] == verb[-2] and verb[-1] not in "aeiouyls":
            verbs.append(_spelling(verb[:-1]))  # planning: plan, planned
        last = rf"(?:{last}|{'|'.join(verbs)})"
    elif re.search(r"[^aeiou]y$", word):
        # query: queries, queried; memory: memories; modality: modalities
        last = rf"(?:{last}|{_spelling(words[-1][:-1])}i(?:es|ed))"
    body = r"[\s\-]+".join([*(_spelling(w) for w in words[:-1]), last])
    return rf"(?<![A-Za-z0-9]){body}{_INFLECTION}(?![A-Za-z0-9])"


@lru_cache(maxsize=4096)
def _entry_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(_form_pattern(f) for f in forms if f.strip()), re.IGNORECASE)


def uses_term(entry: Entry, english: str) -> bool:
    """True when ``english`` contains the entry's canonical English, an alias or abbreviation."""
    return _entry_regex(entry.english_forms()).search(english) is not None


def terms_in(matcher: Matcher, text: str) -> list[str]:
    """Glossary term ids occurring in a Chinese sentence, in order of first occurrence."""
    simple = analysis_text(text)
    seen: dict[str, None] = {}
    for occurrence in matcher.occurrences(simple, matcher.find(simple)):
        seen.setdefault(occurrence.entry_id, None)
    return list(seen)


@dataclass(frozen=True)
class TermCheck:
    """One term of a sentence and whether the English uses it."""

    entry_id: str
    consistent: bool


def check_sentence(
    glossary: Glossary, matcher: Matcher, chinese: str, english: str
) -> list[TermCheck]:
    """Each glossary term of ``chinese`` and whether ``english`` uses it."""
    out = []
    for entry_id in terms_in(matcher, chinese):
        entry = glossary.get(entry_id)
        if entry is not None:
            out.append(TermCheck(entry_id, uses_term(entry, english)))
    return out


def inconsistent_terms(
    glossary: Glossary, matcher: Matcher, chinese: str, english: str
) -> list[str]:
    """Ids of the terms of ``chinese`` that ``english`` does not use (what the UI marks)."""
    checks = check_sentence(glossary, matcher, chinese, english)
    return [c.entry_id for c in checks if not c.consistent]
