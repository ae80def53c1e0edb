"""Provides loading of the small YAML documents users can edit or share: article front matter,
curated English (``<slug>.en.yaml``) and pinyin corrections (``pinyin.yaml``).

``yaml.safe_load`` constructs no objects, but it still follows anchors and aliases (a "billion
laughs" document is small to load and expands a billion times when its values are printed), and
nesting is not limited: libyaml's loader recurses in C and kills the process with a segmentation
fault on 100 000 nested brackets, the pure-Python one raises RecursionError. The parser's events
are checked first (libyaml parses without recursion), then the document is loaded.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64  # the documents above nest three or four levels deep
# libyaml when PyYAML was built with it (about ten times faster); the same events otherwise.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RefusedYAMLError(yaml.YAMLError):
    """The document uses a YAML feature that is refused here; the message says which and where."""


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "the start"


def describe_error(exc: yaml.YAMLError, *, line_offset: int = 0) -> str:
    """A YAML error as one short line: "line 2, column 1: expected ',' or ']', but got '<stream
    end>' (while parsing a flow sequence at line 1, column 5)". PyYAML's own text spans several
    lines and quotes the source with a caret. ``line_offset``: lines before the parsed text in
    its file (front matter starts after its "---" line)."""
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return " ".join(str(exc).split())

    def where(mark: Any) -> str:
        return f"line {mark.line + 1 + line_offset}, column {mark.column + 1}"

    message = f"{where(exc.problem_mark)}: {' '.join(str(exc.problem).split())}"
    if exc.context and exc.context_mark is not None:
        message += f" ({' '.join(exc.context.split())} at {where(exc.context_mark)})"
    return message


def safe_load(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The plain Python value of a YAML document, as ``yaml.safe_load`` builds it.

    Raises ``yaml.YAMLError`` for invalid YAML and :class:`RefusedYAMLError` for anchors,
    aliases, or collections nested deeper than ``max_depth``.
    """
    try:
        return _load(text, max_depth, _LOADER)
    except RefusedYAMLError:
        raise
    except yaml.YAMLError:
        if _LOADER is yaml.SafeLoader:
            raise
        # libyaml refuses escaped lone surrogates ("\uDCFF", from an undecodable file name)
        # that the pure-Python parser reads, and earlier versions wrote them.
        return _load(text, max_depth, yaml.SafeLoader)


def load_shipped(text: str) -> Any:
    """A data file shipped with the package, parsed by libyaml where it is present.

    The package's own files need no refusal of anchors or depth, and the pure-Python parser
    takes a large share of a first analysis on rules files of some thousand lines.
    """
    return yaml.load(text, Loader=_LOADER)


def _load(text: str, max_depth: int, loader: Any) -> Any:
    depth = 0
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RefusedYAMLError(
                f"anchors and aliases (& and *) are not allowed ({_where(event.start_mark)})"
            )
        if isinstance(event, starts):
            depth += 1
            if depth > max_depth:
                raise RefusedYAMLError(
                    f"lists and mappings are nested more than {max_depth} deep "
                    f"({_where(event.start_mark)})"
                )
        elif isinstance(event, ends):
            depth -= 1
    return yaml.load(text, Loader=loader)
