"""Provides every reading of a single character (pypinyin's character table) and a character's
traditional form, without the memory of whole-text conversion.

Importing ``pypinyin`` loads its phrase dictionary too (about 55 MB in all), and OpenCC's
``s2t`` converter loads its phrase tables (about 26 MB); checking the glossary's readings needs
neither: the character table (pypinyin's ``pinyin_dict.json``, read directly) and OpenCC's
character table alone take a few MB.
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[int, str]:
    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {int(code): readings for code, readings in raw.items()}


def char_readings(char: str) -> tuple[str, ...]:
    """The tone-marked readings pypinyin knows for a character (``"行"`` → háng, xíng, …)."""
    found = raw_readings(char)
    return tuple(r for r in found.split(",") if r)


def raw_readings(char: str) -> str:
    """A character's readings as pypinyin's table writes them: comma-separated, "" for none."""
    return _pinyin_table().get(ord(char), "") if len(char) == 1 else ""


@lru_cache(maxsize=1)
def _char_converter():  # type: ignore[no-untyped-def]
    """OpenCC with its character table only, or None where that table cannot be found."""
    import opencc

    table = Path(opencc.__file__).parent / "clib" / "share" / "opencc" / "STCharacters.ocd2"
    if not table.is_file():
        return None
    config = {
        "name": "Simplified to Traditional, characters only",
        "conversion_chain": [{"dict": {"type": "ocd2", "file": str(table)}}],
    }
    # OpenCC reads its configuration from a file; the dictionary path in it is absolute.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
        json.dump(config, out)
    try:
        return opencc.OpenCC(out.name)
    except Exception:  # an OpenCC that refuses the configuration: the full table is used
        return None
    finally:
        Path(out.name).unlink(missing_ok=True)


def traditional_chars(chars: list[str]) -> list[str]:
    """The traditional form of each character, with one OpenCC call for them all."""
    converter = _char_converter()
    if converter is None:
        return [traditional_char(ch) for ch in chars]
    out = str(converter.convert("\n".join(chars))).split("\n")
    if len(out) != len(chars):  # never expected with a character table
        return [traditional_char(ch) for ch in chars]
    return [t if len(t) == 1 else ch for ch, t in zip(chars, out, strict=True)]


@lru_cache(maxsize=65536)
def traditional_char(char: str) -> str:
    """A simplified character's traditional form (its first, for one with several), or the
    character itself; OpenCC's character table only."""
    if len(char) != 1:
        return char
    converter = _char_converter()
    if converter is None:
        from reader.text.script import to_traditional

        return to_traditional(char)
    out = str(converter.convert(char))
    return out if len(out) == 1 else char
