"""Allows ``python -m reader``."""

from __future__ import annotations

from reader.cli.main import run

run()
