"""Provides how llm output is keyed in the translation store (no HTTP client imported).

Engine ``llm``, the model's name, ``prompt-<version>`` as model version and, as glossary version,
the signature of the sentence's own terms: a glossary edit retires only the English of the
sentences whose terms changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from reader.glossary.model import Entry
from reader.translation.llm.prompt import PROMPT_VERSION

ENGINE = "llm"
MODEL_VERSION = f"prompt-{PROMPT_VERSION}"
NO_TERMS = "terms-none"


def term_signature(terms: Sequence[Entry]) -> str:
    """``terms-none``, or a hash of the terms' ids and canonical English."""
    if not terms:
        return NO_TERMS
    text = "\n".join(sorted(f"{e.id}={e.en}" for e in terms))
    return "terms-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
