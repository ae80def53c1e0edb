"""Provides the case rule of English glossary forms: which forms match only in their own spelling.

English forms and abbreviations match in any case ("llm" finds "LLM"), except a form whose
capitals are what makes it a name:

- a word written in mixed case or all capitals whose lower-case spelling is an ordinary English
  word: ReAct (the agent pattern, not the JavaScript library React), ZeRO (not "zero"), FLUX,
  FAIR, CAMEL, RAG, CLIP. LoRA, vLLM, GPU or AI are no ordinary words and match in any case;
- a form that only differs in case from a form of another entry: the company "Perplexity" beside
  the metric "perplexity".

Such a form matches where the text spells it the same way, in capitals throughout (headings:
"REACT") or with a capital in front of a form that starts with a small letter ("Agentic RAG").
The ordinary English words are a data file (``data/english_words.txt``, made by
``scripts/glossary/english_words.py`` from wordfreq and CC-CEDICT), read once.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_LATIN_WORD = re.compile(r"[A-Za-z]+")


@cache
def english_words() -> frozenset[str]:
    """The ordinary English words, in lower case."""
    text = resources.files("reader.glossary").joinpath("data/english_words.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _capitals_mark_a_name(word: str) -> bool:
    """Mixed case or all capitals (ReAct, FLUX), not one capital in front (Transformer)."""
    return len(word) > 1 and any(c.isupper() for c in word[1:])


def case_marked(form: str, *, shared: bool = False) -> bool:
    """Whether ``form`` matches only in its own spelling (or all capitals).

    ``shared``: another entry has a form that differs from this one only in case.
    """
    if form == form.lower():
        return False  # a lower-case form matches any spelling
    if shared:
        return True
    words = english_words()
    return any(
        _capitals_mark_a_name(word) and word.lower() in words for word in _LATIN_WORD.findall(form)
    )


def spelled_as(text: str, form: str) -> bool:
    """Whether ``text`` is ``form`` in its own spelling, in capitals throughout, or with a capital
    in front where the form has a small letter (a heading or a sentence: "Agentic RAG")."""
    return text in (form, form.upper(), form[:1].upper() + form[1:])
