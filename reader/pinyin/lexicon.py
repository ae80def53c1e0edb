"""Character and word pronunciation data (loaded lazily from ``data/``).

* ``chars.tsv``   default and possible readings for ~42k characters (pypinyin's
  PINYIN_DICT, MIT licence).
* ``lexicon.tsv`` multi-character words with up to two readings: pypinyin's
  curated phrase dictionary (citation tones, very accurate for polyphones) and
  CC-CEDICT via pypinyin-dict (CC BY-SA 4.0; marks lexical neutral tones such as
  朋友 péngyou, which pypinyin's dictionary leaves at the citation tone).
* ``extra_words.tsv`` words both lack or read in another sense (残差 cánchā, 步长 bùcháng),
  written for this project; they win over both.

See tools/build_lexicon.py for how the files are derived.

Parsing the tables takes about a third of a second, a large share of a first analysis; the parsed
tables are kept in the cache folder with :mod:`marshal` (loaded in a twentieth of that), under a
key of the data files' sizes and times and the Python version. A missing, stale or damaged cache
file only means parsing again.
"""

from __future__ import annotations

import contextlib
import gzip
import marshal
import sys
import threading
from pathlib import Path
from typing import Any

_DATA = Path(__file__).resolve().parent / "data"
_SOURCES = ("chars.tsv.gz", "lexicon.tsv.gz", "extra_words.tsv")
CACHE_NAME = "pinyin-lexicon.marshal"
# The attributes a Lexicon keeps in its cache file, in order.
TABLES = ("char_default", "char_all", "pyp", "cedict", "own", "max_word_len")
_shared: Lexicon | None = None
_shared_lock = threading.Lock()


def extra_words() -> dict[str, tuple[str, ...]]:
    """The project's own word readings (``data/extra_words.tsv``): word -> syllables."""
    out: dict[str, tuple[str, ...]] = {}
    text = (_DATA / "extra_words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, reading = line.split("\t")
            out[word] = tuple(reading.split())
    return out


def shared_lexicon() -> Lexicon:
    """The process-wide Lexicon, loaded on first use (thread-safe)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Lexicon()
    return _shared


def _cache_key() -> str:
    parts = [f"python {sys.version_info[0]}.{sys.version_info[1]} marshal {marshal.version}"]
    for name in _SOURCES:
        stat = (_DATA / name).stat()
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _cache_path() -> Path:
    from reader.paths import cache_dir

    return cache_dir() / CACHE_NAME


def _read_cache() -> tuple[Any, ...] | None:
    """The parsed tables from the cache file, or None when it is missing, stale or damaged."""
    try:
        data = marshal.loads(_cache_path().read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    ok = isinstance(data, tuple) and len(data) == len(TABLES) + 1 and data[0] == _cache_key()
    return data[1:] if ok else None


def _write_cache(tables: tuple[Any, ...]) -> None:
    """Keeps the parsed tables for the next process; a cache that cannot be written is skipped."""
    from reader.atomic import atomic_path
    from reader.errors import ReaderError

    # A read-only or full disk: parse again next time.
    with contextlib.suppress(OSError, ReaderError), atomic_path(_cache_path()) as tmp:
        tmp.write_bytes(marshal.dumps((_cache_key(), *tables)))


class Lexicon:
    """In-memory dictionaries; construct once and share (see the module on the cache)."""

    char_default: dict[str, str]
    char_all: dict[str, tuple[str, ...]]
    pyp: dict[str, tuple[str, ...]]  # word -> syllables, from pypinyin
    cedict: dict[str, tuple[str, ...]]  # word -> syllables, from CC-CEDICT
    own: dict[str, tuple[str, ...]]  # the project's extra words
    max_word_len: int

    def __init__(self) -> None:
        tables = _read_cache()
        if tables is None:
            self._parse()
            _write_cache(tuple(getattr(self, name) for name in TABLES))
        else:
            for name, value in zip(TABLES, tables, strict=True):
                setattr(self, name, value)

    def _parse(self) -> None:
        """Reads the tables from the data files."""
        # Syllables and readings repeat across tens of thousands of entries: one shared object
        # each (about 1,500 syllables) keeps the tables a third of the size.
        shared: dict[str, str] = {}
        readings: dict[str, tuple[str, ...]] = {}

        def reading(text: str, sep: str) -> tuple[str, ...]:
            got = readings.get(text)
            if got is None:
                got = readings[text] = tuple(shared.setdefault(s, s) for s in text.split(sep))
            return got

        self.char_default = {}
        self.char_all = {}
        with gzip.open(_DATA / "chars.tsv.gz", "rt", encoding="utf-8", newline="\n") as f:
            for line in f:
                ch, default, alls = line.rstrip("\n").split("\t")
                self.char_default[ch] = shared.setdefault(default, default)
                self.char_all[ch] = reading(alls, ",")

        self.pyp = {}
        self.cedict = {}
        maxlen = 1
        with gzip.open(_DATA / "lexicon.tsv.gz", "rt", encoding="utf-8", newline="\n") as f:
            for line in f:
                w, a, b = line.rstrip("\n").split("\t")
                if a:
                    self.pyp[w] = reading(a, " ")
                if b:
                    self.cedict[w] = reading(b, " ")
                if len(w) > maxlen:
                    maxlen = len(w)
        self.own = extra_words()
        self.max_word_len = max(maxlen, max(map(len, self.own), default=1))

    def word(self, w: str) -> tuple[str, ...] | None:
        """Best dictionary reading of a multi-character word, or None."""
        r = self.own.get(w) or self.pyp.get(w)
        if r is None:
            r = self.cedict.get(w)
        return r

    def known(self, w: str) -> bool:
        """True if a dictionary lists the multi-character word `w`."""
        return w in self.pyp or w in self.cedict or w in self.own

    def segment(self, w: str) -> list[tuple[int, int]]:
        """Split `w` into dictionary words (single characters where none fits).

        Used inside a segmenter word that the dictionaries do not know as a whole
        (国家银行 → 国家|银行, 别着急 → 别|着急). Forward and backward maximum
        matching are both computed; the one with fewer pieces wins (then the one
        with fewer single characters; backward on a tie, since it is the more
        accurate of the two for Chinese).
        """
        n = len(w)
        maxl = min(self.max_word_len, 8)
        fwd: list[tuple[int, int]] = []
        p = 0
        while p < n:
            for ln in range(min(maxl, n - p), 1, -1):
                if self.known(w[p : p + ln]):
                    break
            else:
                ln = 1
            fwd.append((p, p + ln))
            p += ln
        bwd: list[tuple[int, int]] = []
        q = n
        while q > 0:
            for ln in range(min(maxl, q), 1, -1):
                if self.known(w[q - ln : q]):
                    break
            else:
                ln = 1
            bwd.append((q - ln, q))
            q -= ln
        bwd.reverse()

        def cost(seg: list[tuple[int, int]]) -> tuple[int, int]:
            return (len(seg), sum(1 for a, b in seg if b - a == 1))

        return fwd if cost(fwd) < cost(bwd) else bwd
