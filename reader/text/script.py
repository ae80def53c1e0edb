"""Provides conversion between traditional and simplified characters that preserves offsets.

Analysis (segmentation, pinyin, glossary matching, look-up) runs on simplified text, but readers
see the article in its original script, so every converted string has exactly the length of its
source: position ``i`` in the simplified text is position ``i`` in the original.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Script = Literal["simplified", "traditional"]

_LINE_SPLIT_RE = re.compile(r"(?<=[\n。！？；，、])")
# Lone surrogates (from undecodable bytes in a command-line argument or file name) cannot be
# encoded as UTF-8, which OpenCC needs; they are kept as they are and the rest is converted.
_SURROGATES_RE = re.compile("([\ud800-\udfff]+)")


@lru_cache(maxsize=2)
def _converter(config: str):  # type: ignore[no-untyped-def]
    import opencc  # deferred: only needed for traditional text or the script toggle

    return opencc.OpenCC(config)


def _convert_same_length(text: str, config: str) -> str:
    """Converts with OpenCC, falling back to smaller pieces wherever a phrase changes length."""
    if not text:
        return text
    if _SURROGATES_RE.search(text):
        pieces = _SURROGATES_RE.split(text)  # odd indices are the surrogate runs
        return "".join(
            p if i % 2 else _convert_same_length(p, config) for i, p in enumerate(pieces)
        )
    converter = _converter(config)
    out = converter.convert(text)
    if len(out) == len(text):
        return str(out)
    pieces = []
    for piece in _LINE_SPLIT_RE.split(text):
        converted = converter.convert(piece)
        if len(converted) != len(piece):
            converted = "".join(c2 if len(c2 := converter.convert(ch)) == 1 else ch for ch in piece)
        pieces.append(converted)
    return "".join(pieces)


def to_simplified(text: str) -> str:
    """Traditional (or mixed) text in simplified characters, same length as the input.

    OpenCC's ``t2s`` keeps 著, which traditional text also uses for the particle 着; for that
    character only, the decision of ``tw2s`` is taken (帶著 → 带着, 睡著 → 睡着, but 著名,
    著作), so pinyin reads zhe, not zhù. (``tw2s`` as a whole also rewrites other variants,
    閤 → 合, which changes their reading.)
    """
    out = _convert_same_length(text, "t2s")
    keep = _keep()
    if not keep.isdisjoint(text):  # one pass in C: this runs on every sentence and form list
        # a variant OpenCC would merge into a differently read character stays as it is
        out = "".join(o if c not in keep else c for c, o in zip(text, out, strict=True))
    if "著" not in out:
        return out
    taiwan = _convert_same_length(text, "tw2s")
    return "".join(
        "着" if (a == "著" and b == "着") else a for a, b in zip(out, taiwan, strict=True)
    )


@lru_cache(maxsize=1)
def _keep() -> frozenset[str]:
    """Characters whose simplification would change their reading (data/script_keep.txt)."""
    from reader.paths import package_data

    lines = package_data("script_keep.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line and not line.startswith("#"))


def to_traditional(text: str) -> str:
    """Simplified (or mixed) text in traditional characters, same length as the input."""
    return _convert_same_length(text, "s2t")


def detect_script(text: str) -> Script:
    """Guesses the script of ``text`` by which conversion changes more characters."""
    sample = text[:20000]
    simplified = to_simplified(sample)
    traditional = to_traditional(sample)
    changed_by_t2s = sum(a != b for a, b in zip(sample, simplified, strict=True))
    changed_by_s2t = sum(a != b for a, b in zip(sample, traditional, strict=True))
    # Traditional text changes when simplified, and vice versa.
    return "traditional" if changed_by_t2s > changed_by_s2t else "simplified"
