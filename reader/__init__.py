"""A terminal reader for Chinese articles: aligned English, pinyin and a glossary of AI terms."""

from __future__ import annotations

__version__ = "0.1.0"
