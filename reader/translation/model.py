"""Provides the translation record shared by all engines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Engine = Literal["curated", "argos", "llm", "gloss"]


@dataclass(frozen=True)
class Translation:
    """The English for one sentence and where it came from.

    ``stale`` marks a curated translation whose source sentence has changed since it was written;
    it is shown with a warning rather than silently passed off as correct. ``flags`` carries
    quality notes of machine output (``"loop"``: a repetition loop was collapsed; ``"atom"``: the
    model lost an inline code or math span, which was put back, see
    :mod:`reader.translation.atoms`).
    """

    sentence_id: str
    text: str
    engine: Engine
    stale: bool = False
    model: str | None = None
    flags: tuple[str, ...] = ()
