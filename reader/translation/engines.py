"""Provides the engine the reader's ``T`` uses: argos, llm or gloss, as chosen in the settings.

:func:`readiness` says in one line why the chosen engine cannot run yet (no model installed, no
server configured), so the UI can say so instead of starting; :func:`describe` names it for
offers and notices. The llm engine's server comes from the environment or the settings (see
:func:`reader.translation.llm.config.resolve`) and is contacted only when the user translates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.state import Settings
    from reader.translation.llm.config import LlmConfig

LABELS = {
    "argos": "the offline argos model",
    "llm": "a local LLM server",
    "gloss": "word-by-word glosses",
}
NO_SERVER = (
    "No LLM server is set: choose 'LLM server…' in the command palette (ctrl+p), or set "
    "READER_LLM_URL."
)


def llm_config(settings: Settings) -> LlmConfig | None:
    """The llm configuration from the environment and the settings, or None when unset."""
    from reader.translation.llm.config import resolve

    return resolve(settings_url=settings.llm_url, settings_model=settings.llm_model, required=False)


def readiness(settings: Settings) -> str | None:
    """None when the chosen engine can run, else the reason in one line."""
    if settings.engine == "llm":
        try:
            return None if llm_config(settings) is not None else NO_SERVER
        except ReaderError as exc:
            return str(exc)
    if settings.engine == "argos":
        from reader.translation.packages import active_model

        if active_model() is None:
            return (
                "No Chinese→English model is installed: run 'reader models install' (or --file "
                "PATH), or choose another engine in the command palette."
            )
    return None


def describe(settings: Settings) -> str:
    """``qwen2.5:7b at http://127.0.0.1:11434/v1`` or ``the offline argos model``."""
    if settings.engine == "llm":
        try:
            config = llm_config(settings)
        except ReaderError:
            config = None
        if config is not None:
            from reader.translation.llm.config import describe as describe_llm

            return describe_llm(config)
    return LABELS.get(settings.engine, settings.engine)
