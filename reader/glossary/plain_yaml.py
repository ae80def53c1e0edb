"""Provides the fast reading of a glossary file as plain values, for files that need no position.

The full reading (:mod:`reader.glossary.yaml_nodes`) composes nodes with a line and column from
libyaml's events, so that every problem can be shown where it is; that is most of the cost of
loading a large glossary. A valid file needs no position. Loading therefore reads a file first
with yaml-rs (a YAML parser written in Rust, about ten times faster than composing the nodes)
and validates the plain values; the first problem sends the file to the full reading, which
finds every problem with its position. A file the two could read differently is never read
here:

- yaml-rs reads YAML 1.2 and PyYAML YAML 1.1, which gives more plain scalars another type
  (``yes``, ``on``, ``1_000``, ``2025-01-01``, ``1:20``). A string from yaml-rs that YAML 1.1
  would read as something else when unquoted goes to the full reading (which sees the quotes);
  any value that is not a string, a list or a mapping does too.
- Anchors, aliases and tags (refused with their position), document markers and directives,
  backslash escapes, tabs, and characters the two treat differently (YAML 1.1's extra line
  breaks NEL, U+2028 and U+2029, a byte-order mark inside the text, control characters, a lone
  carriage return) are found in the text before parsing; the test is conservative, so ``a & b``
  in a quoted definition is read fast but ``&a`` anywhere is not.
- Duplicate keys are an error for yaml-rs too, and any error of yaml-rs means the full reading.

``tests/test_glossary_plain_yaml.py`` checks on generated files that this reading and the full
one never disagree.

yaml-rs is imported on the main thread only (:func:`prepare`). Its Linux wheel replaces malloc
with mimalloc inside the extension; imported from a thread that later ends (a worker), the
next call from another thread crashed the process with a segmentation fault. Imported on the
main thread, calls from any thread are safe; until then, a worker's file goes to the full
reading, which gives the same result more slowly.
"""

from __future__ import annotations

import re
import threading
from types import ModuleType
from typing import Any

# What may start a node's anchor (&a), alias (*a) or tag (!x, !!str, "!" alone); a property
# stands after a space, a flow indicator or a block indicator, or at the start of a line.
_PROPERTY_MARKS = "&*!"
_BEFORE_PROPERTY = frozenset(" \n\r[]{},:?-")
# YAML's indicators: a plain scalar in a flow list starting with one is read fast by neither.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A colon that YAML 1.1 and 1.2 may read differently in a plain scalar in a flow list.
_FLOW_COLON_RE = re.compile(r"^:|:(?:[,\[\]{}]|$)")
# Document markers and directives at the start of a line.
_DOCUMENT_STARTS = ("---", "...", "%")
# Characters of a line that YAML 1.1 and 1.2 read alike: printable ASCII but the backslash
# (escapes), and printable Unicode but NEL, U+2028, U+2029 (line breaks in YAML 1.1 only) and
# the byte-order mark; a line may end with the CR of CR LF.
_UNSURE_RE = re.compile(
    r"[^\x20-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


_yaml_rs: ModuleType | None = None  # set once imported on the main thread


def prepare() -> bool:
    """Imports yaml-rs when called on the main thread (see above); whether the fast reading
    is available to every thread."""
    return _parser() is not None


def _parser() -> ModuleType | None:
    global _yaml_rs
    if _yaml_rs is None and threading.current_thread() is threading.main_thread():
        import yaml_rs

        _yaml_rs = yaml_rs
    return _yaml_rs


def read_plain(text: str) -> Any | None:
    """The file's values (mappings, lists, strings …) read by yaml-rs, or None when the text
    must be read in full: it uses what the fast reading leaves out, yaml-rs refuses it, it is
    empty, or yaml-rs was not imported on the main thread yet (:func:`prepare`)."""
    yaml_rs = _parser()
    if yaml_rs is None or not _read_alike(text):
        return None
    try:
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except Exception:  # any refusal (syntax, depth, duplicates): the full reading says why
        return None


def _read_alike(text: str) -> bool:
    """Whether the text avoids everything the fast reading leaves to the full one.

    Written with str methods that run in C over the whole text (about 4 ms a megabyte): a
    regular expression tried at every position took ten times longer.
    """
    if "\\" in text or text.startswith(_DOCUMENT_STARTS):
        return False
    if any(f"\n{start}" in text for start in _DOCUMENT_STARTS):
        return False
    if not text.replace("\n", " ").isprintable():  # rare: only then is each line tested
        for line in text.split("\n"):
            body = line[:-1] if line.endswith("\r") else line
            if not body.isprintable() and _UNSURE_RE.search(body) is not None:
                return False
    if any(_property_at(text, mark) for mark in _PROPERTY_MARKS):
        return False
    return not _flow_mapping_at(text)


def _flow_mapping_at(text: str) -> bool:
    """Whether a flow mapping (``{id: x, en: y}``) starts anywhere: after a line start, a block
    indicator or a flow indicator, spaces aside. In flow context the two YAML versions read
    some plain scalars differently; the only flow collections read fast are lists, whose items
    :func:`flow_item_alike` tests."""
    at = text.find("{")
    while at != -1:
        before = text[:at].rstrip(" ")[-1:]
        if before in ("", "\n", "-", ":", "[", ",", "{", "?"):
            return True
        at = text.find("{", at + 1)
    return False


def flow_item_alike(value: str) -> bool:
    """Whether an item of a list, written plain in a flow list (``[a, b]``), is read alike by
    YAML 1.1 and 1.2: YAML 1.1 ends a plain scalar there at ``?`` and at ``:`` before a flow
    indicator, and yaml-rs lets some start with an indicator that YAML 1.1 refuses (``|y``)."""
    return (
        value[:1] not in _INDICATORS
        and "?" not in value
        and (":" not in value or _FLOW_COLON_RE.search(value) is None)
    )


def _property_at(text: str, mark: str) -> bool:
    """Whether ``mark`` starts a node property anywhere: after a space, an indicator or a line
    start, and (for anchors and aliases) followed by a name."""
    at = text.find(mark)
    while at != -1:
        before = text[at - 1] if at else "\n"
        after = text[at + 1 : at + 2]
        if before in _BEFORE_PROPERTY and (mark == "!" or (after and not after.isspace())):
            return True
        at = text.find(mark, at + 1)
    return False
