"""Provides the CSS of widgets from the ``.tcss`` file beside their module.

Screens and the app load theirs through ``CSS_PATH``; a widget has no ``CSS_PATH``, so its
``DEFAULT_CSS`` (the lowest-priority rules, which an app or a user theme may override) is read
from ``<module>.tcss`` when the module is imported.
"""

from __future__ import annotations

from pathlib import Path


def css_beside(module_file: str) -> str:
    """The contents of the ``.tcss`` file with the module's name, in the module's folder."""
    return Path(module_file).with_suffix(".tcss").read_text(encoding="utf-8")
