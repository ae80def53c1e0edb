"""Provides httpx without its command-line client.

httpx's ``__init__`` imports ``httpx._main`` (click, pygments and rich) whenever those are
installed, and rich always is (textual needs it): that costs import time and would pull a UI
library into the core, which never imports textual or rich. A ``None`` entry in ``sys.modules``
makes that one import fail, and httpx falls back to a stub ``main``, as it does when the CLI's
dependencies are missing. Every llm module imports httpx from here.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx

__all__ = ["httpx"]
