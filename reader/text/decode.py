"""Provides decoding of imported files: UTF-8/16/32 with BOM, UTF-8, GB18030 (GBK) or Big5.

Legacy encodings cannot be told apart by their bytes alone (most byte pairs are valid in both
GB18030 and Big5), so each candidate decoding is scored by the share of its Han characters that
are common ones: mis-decoded bytes produce rare characters. Binary data and text that no
candidate decodes sensibly are refused with a clear error.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from reader.errors import ReaderError
from reader.paths import package_data
from reader.text.chars import HAN_RE

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MIN_SCORE = 0.6  # share of common characters below which a decoding is not believed


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    text = package_data("common_chars.txt").read_text(encoding="utf-8")
    return frozenset("".join(x for x in text.splitlines() if not x.startswith("#")))


def _score(text: str) -> float:
    """Share of Han characters that are common; 1.0 for text without Han characters."""
    sample = text[:200_000]
    hans = HAN_RE.findall(sample)
    if not hans:
        return 1.0
    common = _common()
    penalty = len(re.findall("[\ue000-\uf8ff\ufffd]", sample))  # private use, replacement
    return max(0.0, (sum(ch in common for ch in hans) - penalty) / len(hans))


def _check_text(text: str, name: str) -> str:
    controls = len(_CONTROL_RE.findall(text[:200_000]))
    if controls > max(8, len(text[:200_000]) // 200):
        raise ReaderError(f"{name} looks like binary data, not text; nothing was imported.")
    return text


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a file and the encoding used; raises ReaderError for binary or unknown data."""
    if not data.strip():
        raise ReaderError(f"{name} is empty; nothing was imported.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), name), encoding
            except UnicodeDecodeError:
                raise ReaderError(
                    f"{name} starts with a {encoding} byte-order mark but is not "
                    f"valid {encoding}; nothing was imported."
                ) from None
    if b"\x00" in data[:4096]:
        raise ReaderError(f"{name} looks like binary data, not text; nothing was imported.")
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as exc:
        # Where UTF-8 broke, for the message when no other encoding fits either.
        not_utf8 = f"byte 0x{data[exc.start]:02X} at offset {exc.start}"
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None or best[0] < _MIN_SCORE:
        raise ReaderError(
            f"{name} is not UTF-8 ({not_utf8}), GB18030/GBK or Big5 text, or it is binary; "
            "nothing was imported."
        )
    encoding = "big5" if best[2] == "big5hkscs" else best[2]
    return _check_text(best[1], name), encoding
