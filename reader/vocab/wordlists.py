"""Provides the reading of word lists to import: one word per line, Pleco flashcard exports,
Anki notes exported as text or CSV, any CSV/TSV with a column of words, and reader's own
CSV/TSV export (read back whole, notes and sentences included).

The file is decoded like an imported article (UTF-8 with or without BOM, UTF-16, GB18030/GBK,
Big5). In a table, the column holding words is the one where most cells are a short run of
Chinese characters (HTML removed, Pleco's ``简体[繁體]`` split); lines without a Chinese word
(headers, categories, comments) are counted and skipped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.errors import ReaderError
from reader.files import FileTooLargeError, NotAFileError, read_bytes
from reader.text.chars import HAN_CLASS
from reader.text.decode import decode
from reader.vocab.model import State, VocabEntry
from reader.vocab.store import word_key
from reader.vocab.tables import is_own_header, parse_own

MAX_BYTES = 20_000_000  # HSK's 11,000 words take 100 KB; Pleco's largest exports a few MB
MAX_WORD = 12  # longer runs of characters are phrases or sentences, not list entries
_WORD_RE = re.compile(f"[{HAN_CLASS}]+")
_TAG_RE = re.compile(r"<[^>]*>")
_DELIMITERS = "\t,;"
_ANKI_META_RE = re.compile(r"#(?:guid|notetype|deck|tags) column:(\S+)")


@dataclass
class WordList:
    """What a file holds: words (simplified, in file order, once each) or, for reader's own
    export, whole entries with their states."""

    kind: str  # "reader export", "Pleco", "Anki", "table", "list"
    encoding: str
    words: list[str] = field(default_factory=list)
    entries: list[VocabEntry] = field(default_factory=list)
    states: dict[str, State] = field(default_factory=dict)
    skipped: int = 0  # lines without a word
    column: int | None = None  # 1-based column the words came from, in a table


def read_word_list(path: Path, column: int | None = None) -> WordList:
    """Reads a list to import; raises ReaderError with one line for an unusable file."""
    name = str(path)
    try:
        data = read_bytes(path, MAX_BYTES)
    except FileNotFoundError:
        raise ReaderError(f"No such file: {name}.") from None
    except FileTooLargeError as exc:
        raise ReaderError(
            f"{name} is {exc.size / 1_000_000:.0f} MB, more than the {MAX_BYTES // 1_000_000} MB "
            "a word list may have (one word per line, or a Pleco or Anki export); nothing was "
            "imported."
        ) from None
    except NotAFileError as exc:
        raise ReaderError(f"{name} is {exc.kind}, not a word list; nothing was imported.") from None
    except OSError as exc:
        raise ReaderError(f"Cannot read {name}: {exc.strerror or exc}.") from None
    text, encoding = decode(data, name)
    return parse_word_list(text, encoding, column=column)


def parse_word_list(text: str, encoding: str = "utf-8", *, column: int | None = None) -> WordList:
    """Parses the text of a list (see the module docstring)."""
    text = text.lstrip("\ufeff")
    own = _own_export(text)
    if own is not None:
        entries, states = parse_own(own)
        return WordList(
            "reader export",
            encoding,
            words=_unique(e.simplified for e in entries),
            entries=entries,
            states=states,
            skipped=len(own) - 1 - len(entries),
        )
    lines = text.splitlines()
    kept = [line for line in lines if line.strip() and not _is_comment(line)]
    comments = len(lines) - len(kept) - sum(1 for line in lines if not line.strip())
    if not kept:
        raise ReaderError("The file has no words; nothing was imported.")
    delimiter = _delimiter(kept, lines)
    if delimiter is None:
        rows = [[line] for line in kept]
    else:
        rows = [row for row in csv.reader(io.StringIO("\n".join(kept)), delimiter=delimiter)]
    width = max(len(r) for r in rows)
    if column is not None and not 1 <= column <= width:
        raise ReaderError(f"The file has {width} column(s); there is no column {column}.")
    chosen = column - 1 if column is not None else _word_column(rows, width, _meta_columns(lines))
    words: list[str] = []
    skipped = comments
    for row in rows:
        word = cell_word(row[chosen]) if chosen < len(row) else None
        if word is None:
            skipped += 1
        else:
            words.append(word)
    if not words:
        where = f" in column {chosen + 1}" if width > 1 else ""
        raise ReaderError(f"No Chinese words found{where}; nothing was imported.")
    return WordList(
        _kind(lines, delimiter),
        encoding,
        words=_unique(words),
        skipped=skipped,
        column=chosen + 1 if width > 1 else None,
    )


def _own_export(text: str) -> list[list[str]] | None:
    """The rows of reader's own CSV or TSV export (read whole: its fields may hold anything),
    or None for another file."""
    first = text.split("\n", 1)[0]
    for delimiter in ",\t":
        header = next(csv.reader([first], delimiter=delimiter), [])
        if is_own_header(header):
            return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    return None


def cell_word(cell: str) -> str | None:
    """The word in a cell (simplified), or None: HTML tags removed, the first run of Chinese
    characters taken ("银行[銀行]" and "<b>银行</b> yínháng" give 银行), a run longer than a
    word refused."""
    if "<" in cell:
        import html

        cell = html.unescape(_TAG_RE.sub(" ", cell))
    found = _WORD_RE.search(cell)
    if found is None or len(found.group()) > MAX_WORD:
        return None
    return word_key(found.group())


def _is_comment(line: str) -> bool:
    """Pleco category lines ("//HSK 1") and Anki export headers ("#separator:tab")."""
    stripped = line.lstrip()
    return stripped.startswith("//") or stripped.startswith("#")


def _delimiter(rows: Sequence[str], lines: Sequence[str]) -> str | None:
    """The field separator: Anki's "#separator:" header, else a tab, comma or semicolon found
    the same number of times in most lines; None for one word per line."""
    for line in lines[:10]:
        if line.startswith("#separator:"):
            value = line.partition(":")[2].strip().lower()
            named = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
            return named.get(value, value[:1] or None)
    sample = rows[:200]
    for delimiter in _DELIMITERS:
        having = [line for line in sample if delimiter in line]
        if len(having) >= max(1, len(sample) * 0.8):
            return delimiter
    return None


def _meta_columns(lines: Sequence[str]) -> set[int]:
    """Columns an Anki export names as its guid, note type, deck or tags (0-based)."""
    found = set()
    for line in lines[:12]:
        m = _ANKI_META_RE.match(line)
        if m and m.group(1).isdigit():
            found.add(int(m.group(1)) - 1)
    return found


def _word_column(rows: Sequence[Sequence[str]], width: int, skip: set[int]) -> int:
    """The column with the most distinct words (the leftmost on a tie): a deck name such as
    "中文::HSK 1" repeated on every row is one word, not a list of them."""
    words: list[set[str]] = [set() for _ in range(width)]
    for row in rows[:5000]:
        for i, cell in enumerate(row[:width]):
            if i not in skip and (word := cell_word(cell)) is not None:
                words[i].add(word)
    return max(range(width), key=lambda i: (len(words[i]), -i))


def _kind(lines: Sequence[str], delimiter: str | None) -> str:
    if any(line.startswith("#separator:") or line.startswith("#html:") for line in lines[:10]):
        return "Anki"
    if delimiter == "\t" and any(re.match(r"[^\t]+\[[^\t]+\]\t", line) for line in lines[:50]):
        return "Pleco"
    return "list" if delimiter is None else "table"


def _unique(words: Iterable[str]) -> list[str]:
    """The words once each, in their first order."""
    return list(dict.fromkeys(words))
