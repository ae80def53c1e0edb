"""Provides the locations of bundled data, the corpus and the user's data and cache directories.

User data lives in platform user directories (platformdirs) and can be redirected with
``READER_DATA_DIR`` (tests and portable installs). The corpus is the bundled one unless
``READER_CORPUS`` or ``--corpus`` names another folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "reader"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """Finds bundled data: beside the package in a checkout, else inside the installed wheel."""
    checkout = _PACKAGE_DIR.parent / name
    if checkout.exists():
        return checkout
    return _PACKAGE_DIR / "_bundled" / name


def bundled_corpus_dir() -> Path:
    """The read-only corpus shipped with the program."""
    return _bundled("corpus")


def bundled_glossary_path() -> Path:
    """The curated glossary shipped with the program."""
    return _bundled("glossary.yaml")


def package_data(name: str) -> Path:
    """A data file shipped inside the ``reader`` package (``reader/data/NAME``)."""
    return _PACKAGE_DIR / "data" / name


def data_dir() -> Path:
    """The user's data directory (translation cache, settings, imports, models)."""
    override = os.environ.get("READER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Rebuildable caches (jieba's dictionary cache); under the data dir when it is overridden."""
    override = os.environ.get("READER_DATA_DIR")
    if override:
        return Path(override).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_corpus_dir() -> Path:
    """Where ``reader import`` puts articles when no explicit corpus folder is given."""
    return data_dir() / "corpus"


def user_glossary_path() -> Path:
    """The user's own glossary entries, merged over the bundled glossary."""
    return data_dir() / "glossary.yaml"


def explicit_corpus_dir(cli_value: str | None = None) -> Path | None:
    """The corpus folder named by ``--corpus`` or ``READER_CORPUS``, if any."""
    value = cli_value or os.environ.get("READER_CORPUS")
    return Path(value).expanduser() if value else None
