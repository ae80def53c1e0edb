"""Provides the spans of text that are names of things, not words: URLs, e-mail addresses, file
paths and code identifiers, inside which no glossary form may match.

"llm" in ``https://github.com/x/llm-action``, "AI" in ``ai@example.com``, "GPU" in
``/opt/gpu/bin`` or "agent" in ``agent_executor`` are not terms. A token (a run of Latin
letters, digits and the characters URLs, paths and identifiers are made of) is opaque when one
of the small rules below says so; a form may still match a whole opaque token (a glossary form
such as ``llama.cpp``), only not a part of one.

Han characters and full-width punctuation end a token: Chinese writers glue a URL to the next
sentence ("见https://x.com/a说明"), and the Chinese after it is prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Candidate tokens: ASCII letters, digits and the punctuation of URLs, paths and identifiers,
# containing at least one of the characters that make a token more than a word.
_TOKEN_RE = re.compile(
    r"[A-Za-z0-9_~%+#?=&!$*,;'()\[\]]*"
    r"(?:(?:://|[./\\:@_-])[A-Za-z0-9_~%+#?=&!$*,;'()\[\]]*)+"
)
_TRAILING = ".,;:!?)]'*"  # sentence punctuation after a token belongs to the sentence
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://\S")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+$")
_DOMAIN_RE = re.compile(
    r"^(?:www\.)?(?:[a-z0-9\-]+\.)+(?:com|org|net|io|ai|cn|dev|app|co|edu|gov|me|info|xyz)"
    r"(?:[/:?#].*)?$",
    re.IGNORECASE,
)
_DOTTED_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]")  # torch.nn, model.generate
_EXTENSION_RE = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}$")  # config.json, model.py
_KEBAB_PART_RE = re.compile(r"^[a-z]{2,}$")


def _is_url(token: str) -> bool:
    """``https://…``, ``ftp://…``, ``www.…`` or a bare domain such as ``openai.com/blog``."""
    return bool(_SCHEME_RE.match(token) or _DOMAIN_RE.match(token))


def _is_email(token: str) -> bool:
    """``name@example.com``."""
    return bool(_EMAIL_RE.match(token))


def _is_path(token: str) -> bool:
    """``/usr/lib``, ``./models``, ``~/.cache``, ``C:\\data``, ``a/b/c`` or ``src/model.py``.

    One slash between words is prose ("CPU/GPU", "AI/ML"), unless a part is a file name.
    """
    if "\\" in token:
        return True
    if "/" not in token:
        return False
    if token.startswith(("/", "./", "../", "~/")) or token.count("/") >= 2:
        return True
    return any(_EXTENSION_RE.search(part) for part in token.split("/"))


def _is_identifier(token: str) -> bool:
    """``snake_case``, ``dotted.names`` and lower-case ``kebab-case`` names (``llm-action``).

    Model names written with hyphens and capitals or digits (``GPT-4o``, ``MiniMax-01``,
    ``DeepSeek-V3``) are not identifiers: their parts are terms.
    """
    if "_" in token.strip("_") or _DOTTED_RE.search(token):
        return True
    if "-" in token and token == token.lower():
        words = [p for p in token.split("-") if _KEBAB_PART_RE.match(p)]
        return len(words) >= 2
    return False


RULES: tuple[Callable[[str], bool], ...] = (_is_url, _is_email, _is_path, _is_identifier)


def opaque_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are URLs, e-mail addresses, paths or identifiers, in order."""
    spans = []
    for m in _TOKEN_RE.finditer(text):
        token = m.group().rstrip(_TRAILING)
        start = m.start()
        stripped = token.lstrip("('[")
        start += len(token) - len(stripped)
        if stripped and any(rule(stripped) for rule in RULES):
            spans.append((start, start + len(stripped)))
    return spans
