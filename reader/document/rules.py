"""Provides the structure rules of ``reader/data/document.yaml``: captions, alt texts, languages."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reader.paths import package_data
from reader.safe_yaml import load_shipped
from reader.text.chars import has_han

_LANG_RE = re.compile(r"[A-Za-z0-9_+#.-]{1,30}")


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    rules: dict[str, Any] = load_shipped(package_data("document.yaml").read_text(encoding="utf-8"))
    return rules


@lru_cache(maxsize=1)
def _caption_re() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in _rules()["captions"]) + r")\Z", re.S)


@lru_cache(maxsize=1)
def _class_res() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in _rules()["code_language_classes"]]


def is_caption(text: str) -> bool:
    """Whether a paragraph after an image reads as its caption ("图2.1 …", "Figure 3: …")."""
    return len(text) <= caption_max() and _caption_re().match(text) is not None


_ROLE_RE = re.compile(r":([a-z_]{1,20}):\s*$")


def role_before(text: str) -> tuple[str, bool] | None:
    """A Sphinx role that ``text`` ends with (":label:"), and whether its value is dropped."""
    found = _ROLE_RE.search(text)
    if found is None:
        return None
    roles = _rules()["roles"]
    name = found.group(1)
    if name in roles["drop"]:
        return text[: found.start()], True
    if name in roles["keep"]:
        return text[: found.start()], False
    return None


def caption_max() -> int:
    """The longest paragraph that can be an image's caption."""
    return int(_rules()["caption_max"])


def is_placeholder_alt(alt: str) -> bool:
    """Whether an alt text says nothing about its image ("图片描述", "image")."""
    return " ".join(alt.split()).lower() in {a.lower() for a in _rules()["placeholder_alts"]}


def caption_from_alt(alt: str) -> str:
    """The alt text when it can stand as a caption (Chinese and not a placeholder), else ""."""
    alt = " ".join(alt.split())
    if not has_han(alt) or alt.lower() in {a.lower() for a in _rules()["placeholder_alts"]}:
        return ""
    return alt


def language(info: str | None) -> str | None:
    """The language of a fenced code block from its info string (```py, ```{.python .input})."""
    if not info:
        return None
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    if word.startswith("{"):
        found = re.search(r"\.([A-Za-z0-9_+#-]{1,30})", info)
        word = found.group(1) if found else ""
    return word.lower() if _LANG_RE.fullmatch(word) else None


def language_of_classes(classes: str) -> str | None:
    """The language named by an HTML element's class attribute (language-python, …)."""
    for pattern in _class_res():
        if found := pattern.search(classes):
            return language(found.group(1))
    return None
