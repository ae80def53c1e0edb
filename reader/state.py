"""Provides the user's reading state and settings, persisted as JSON in the user data dir.

Per article: the current sentence, layout, pinyin and script. Globally: tone colours, theme,
the default layout, pinyin options and the translation engine (with the llm server's URL and
model). The file is written atomically; a corrupt file is kept aside (``.corrupt``)
and replaced by defaults, with a warning the UI shows, so a bad file never stops the reader.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from reader.atomic import write_text_atomic
from reader.files import FileTooLargeError, read_bytes
from reader.paths import data_dir

MAX_BYTES = 10_000_000  # positions of thousands of articles take a few hundred KB
Layout = Literal["interleaved", "side", "zh", "en"]
Script = Literal["original", "simplified", "traditional"]
LAYOUTS: tuple[Layout, ...] = ("interleaved", "side", "zh", "en")
SCRIPTS: tuple[Script, ...] = ("original", "simplified", "traditional")
ENGINES = ("argos", "llm", "gloss")  # the machine engines the user can choose
LAYOUT_NAMES = {
    "interleaved": "interleaved",
    "side": "side by side",
    "zh": "Chinese only",
    "en": "English only",
}


@dataclass
class ArticleState:
    """Where the reader is in one article and how it is shown."""

    sentence: int = 0
    furthest: int = 0  # the furthest sentence read (the library's "Read" column)
    layout: Layout = "interleaved"
    pinyin: bool = False
    pinyin_here: bool = False  # pinyin over the current sentence only (P), following it
    script: Script = "original"
    updated: float = 0.0


@dataclass
class Settings:
    """Global preferences."""

    tone_colors: bool = True
    theme: str = "textual-dark"
    word_marks: bool = False  # mark new and learning words in the text, LingQ-style
    default_layout: Layout = "interleaved"
    tone_sandhi: bool = False  # show tones as spoken (不是 bú shì, 一个 yí gè)
    neutral_tones: bool = False  # dictionary neutral tones on every word (衣服 yīfu)
    engine: str = "argos"  # what T (and `reader import --translate`) uses: argos, llm or gloss
    llm_url: str = ""  # the llm engine's base URL (READER_LLM_URL overrides it)
    llm_model: str = ""  # its model ("" : the server's only one; READER_LLM_MODEL overrides)
    specialist_terms_only: bool = False  # underline general glossary words (模型, 数据) too?
    line_width: int = 88  # the article's widest line in cells (0: the terminal's width)
    export_dir: str = ""  # the folder of the last export (the next one is suggested there)


@dataclass
class _State:
    settings: Settings = field(default_factory=Settings)
    articles: dict[str, ArticleState] = field(default_factory=dict)


def _coerce(cls: type[Any], raw: object) -> Any:
    """Builds a dataclass from JSON, ignoring unknown keys and values of the wrong type."""
    obj = cls()
    if not isinstance(raw, dict):
        return obj
    for f in fields(cls):
        value = raw.get(f.name)
        default = getattr(obj, f.name)
        widened = isinstance(default, float) and isinstance(value, int)
        if (value is None or type(value) is not type(default)) and not widened:
            continue
        if f.name in ("layout", "default_layout") and value not in LAYOUTS:
            continue
        if f.name in ("script",) and value not in SCRIPTS:
            continue
        if f.name == "engine" and value not in ENGINES:
            continue
        setattr(obj, f.name, value)
    return obj


class StateStore:
    """Loads and saves ``state.json``; every change is written at once (it is small)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "state.json"
        self.warning: str | None = None
        self._state = self._load()

    def _load(self) -> _State:
        try:
            data = read_bytes(self.path, MAX_BYTES)
        except FileNotFoundError:
            return _State()
        except FileTooLargeError:
            return self._set_aside(f"larger than {MAX_BYTES // 1_000_000} MB")
        except OSError as exc:  # unreadable, or a folder or FIFO in its place
            self.warning = f"Could not read {self.path} ({exc.strerror}); using defaults."
            return _State()
        try:
            raw = json.loads(data.decode("utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested without end
            return self._set_aside("unreadable")
        articles = raw.get("articles") if isinstance(raw.get("articles"), dict) else {}
        return _State(
            settings=_coerce(Settings, raw.get("settings")),
            articles={str(k): _coerce(ArticleState, v) for k, v in (articles or {}).items()},
        )

    def _set_aside(self, why: str) -> _State:
        """Keeps a damaged file as ``state.json.corrupt`` and starts from defaults."""
        aside = self.path.with_name(f"{self.path.name}.corrupt")
        with contextlib.suppress(OSError):
            self.path.replace(aside)
        self.warning = f"Reading positions were {why} and were reset (kept as {aside})."
        return _State()

    @property
    def settings(self) -> Settings:
        """Global preferences (mutate, then call :meth:`save`)."""
        return self._state.settings

    def article(self, slug: str) -> ArticleState:
        """The saved state of an article (defaults for a new one)."""
        found = self._state.articles.get(slug)
        if found is None:
            return ArticleState(layout=self._state.settings.default_layout)
        return ArticleState(**asdict(found))

    def furthest_read(self, slug: str) -> int | None:
        """The furthest sentence read of an article that has been opened, else None (without
        the copy :meth:`article` makes: the library asks for thousands)."""
        found = self._state.articles.get(slug)
        return found.furthest if found is not None and found.updated else None

    def set_article(self, slug: str, state: ArticleState) -> None:
        """Records an article's state and saves (the furthest sentence read only grows)."""
        state.updated = time.time()
        before = self._state.articles.get(slug)
        state.furthest = max(state.furthest, state.sentence, before.furthest if before else 0)
        self._state.articles[slug] = state
        self.save()

    def save(self) -> None:
        """Writes the state file atomically; raises ReaderError when the data dir is unwritable."""
        data = {
            "settings": asdict(self._state.settings),
            "articles": {k: asdict(v) for k, v in sorted(self._state.articles.items())},
        }
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
