"""Provides glossary consistency: does a sentence's English use the glossary's terms?

A sentence whose Chinese contains a glossary term (found by the glossary matcher, so a mixed form
such as ``Scaling Law(规模定律)`` is one occurrence) is consistent when its English contains the
term's canonical English, an alias or an abbreviation: case-insensitive, on word boundaries, with
spaces or hyphens between words and a plural or simple inflection on the last word ("scaling
laws", "queries" for "query"; a noun's verb: "trained" for "training", "planned" for
"planning", "aligning" for "alignment", "applied" for "application"; the adjective of an
"-ization" noun: "commercial" for "commercialization"; British spelling: "optimisation",
"behaviour"; "Transformer-based" does not count for "transformer block").

Chinese words with several senses are checked against the sense in use: a term also counts as
used when the English uses a related entry (``see_also``) that shares its characters, such as
推理 "inference", whose related entry 逻辑推理 / 推理能力 "reasoning" is the other sense of 推理
("算法、数据和推理过程" → "reasoning processes").
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
    others: list[str] = []  # further forms of the last word
    if len(word) > 5 and word.endswith("ing"):
        verb = words[-1][:-3]
    elif len(word) > 8 and word.endswith("ization"):
        verb = words[-1][:-7] + "iz"
        others.append(_spelling(words[-1][:-7]))  # commercialization: commercial
    elif len(word) > 7 and word.endswith("ation"):
        verb = words[-1][:-5] + "at"
        if word.endswith("ication"):  # application: apply, applies, applied
            others.append(rf"{_spelling(words[-1][:-7])}(?:y|ie)")
    elif len(word) > 7 and word.endswith("ment"):
        verb = words[-1][:-4]  # alignment: align, aligned; management: manage
    if verb is not None:
        verbs = [rf"{_spelling(verb)}e?", *others]
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
    return list(_forms_in(matcher, text))


def _forms_in(matcher: Matcher, text: str) -> dict[str, set[str]]:
    """Term id -> the forms it occurs as (simplified), in order of first occurrence."""
    simple = analysis_text(text)
    found: dict[str, set[str]] = {}
    for occurrence in matcher.occurrences(simple, matcher.find(simple)):
        found.setdefault(occurrence.entry_id, set()).add(simple[occurrence.start : occurrence.end])
    return found


def senses(glossary: Glossary, entry: Entry, forms: set[str]) -> list[Entry]:
    """``entry`` and the related entries (``see_also``, either way) that are another sense of
    the characters it occurred as: one of their Chinese forms contains one of ``forms``."""
    han = {f for f in forms if f.strip()}
    out = [entry]
    for other in glossary.entries:
        if other.id == entry.id or not (other.id in entry.see_also or entry.id in other.see_also):
            continue
        zh = [analysis_text(z) for z in other.zh]
        if any(f in z for f in han for z in zh):
            out.append(other)
    return out


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
    for entry_id, forms in _forms_in(matcher, chinese).items():
        entry = glossary.get(entry_id)
        if entry is not None:
            used = any(uses_term(e, english) for e in senses(glossary, entry, forms))
            out.append(TermCheck(entry_id, used))
    return out


def inconsistent_terms(
    glossary: Glossary, matcher: Matcher, chinese: str, english: str
) -> list[str]:
    """Ids of the terms of ``chinese`` that ``english`` does not use (what the UI marks)."""
    checks = check_sentence(glossary, matcher, chinese, english)
    return [c.entry_id for c in checks if not c.consistent]
