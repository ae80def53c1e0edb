"""Provides the llm engine's configuration: where the server is, which model, how to batch.

The engine is never contacted unless configured: a base URL comes from ``--llm-url``, else the
environment (``READER_LLM_URL``), else the reader's settings. The model likewise
(``--llm-model``, ``READER_LLM_MODEL``, settings); without one, a server that serves a single
model (llama.cpp's server) is asked which. An API key is only read from ``READER_LLM_API_KEY``:
``state.json`` is a plain settings file, not a place for secrets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from reader.errors import ReaderError

ENV_URL = "READER_LLM_URL"
ENV_MODEL = "READER_LLM_MODEL"
ENV_KEY = "READER_LLM_API_KEY"
NOT_CONFIGURED = (
    "The llm engine is not configured: give the server's base URL with --llm-url "
    "(e.g. http://127.0.0.1:8080/v1), set READER_LLM_URL, or set it in the reader's settings."
)
_ENDPOINT_SUFFIXES = ("/chat/completions", "/completions", "/models")


@dataclass(frozen=True)
class LlmConfig:
    """How to reach the server and how to batch requests to it."""

    url: str  # the base URL as OpenAI clients take it: http://127.0.0.1:8080/v1
    model: str | None = None  # None: the server's only model
    api_key: str | None = None
    batch_sentences: int = 8  # sentences per request: enough to share the prompt's cost and
    # give the model context, few enough that a local model keeps them apart
    batch_chars: int = 700  # and at most this many characters of Chinese per request
    in_flight: int = 2  # requests at once (llama.cpp and vLLM serve parallel slots)
    connect_timeout_s: float = 5.0
    timeout_s: float = 180.0  # for an answer: a CPU-only 7B model writes ~5 tokens/s
    context_sentences: int = 2  # source sentences before and after a batch, for reference
    temperature: float = 0.1
    max_failures: int = 6  # failed requests in a row (no success between) before giving up

    def validate(self) -> LlmConfig:
        """Returns the config, or raises ReaderError naming the bad setting."""
        if self.batch_sentences < 1 or self.batch_chars < 1:
            raise ReaderError("The llm batch size must be at least one sentence.")
        if not 1 <= self.in_flight <= 32:
            raise ReaderError(f"Requests in flight must be between 1 and 32, not {self.in_flight}.")
        if self.timeout_s <= 0 or self.connect_timeout_s <= 0:
            raise ReaderError("Timeouts must be positive.")
        return self

    def with_model(self, model: str) -> LlmConfig:
        """A copy naming the model."""
        return replace(self, model=model)


def normalise_url(url: str) -> str:
    """The base URL without a trailing slash or a pasted endpoint path; ReaderError if bad."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReaderError(
            f"'{url}' is not an http(s) URL; give the server's base URL, "
            "e.g. http://127.0.0.1:8080/v1."
        )
    text = text.rstrip("/")
    for suffix in _ENDPOINT_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text


def resolve(
    url: str | None = None,
    model: str | None = None,
    *,
    settings_url: str = "",
    settings_model: str = "",
    required: bool = True,
) -> LlmConfig | None:
    """The configuration from flags, then the environment, then the reader's settings.

    Returns None when nothing configures a URL and ``required`` is false; raises ReaderError
    (:data:`NOT_CONFIGURED`) when it is true.
    """
    chosen_url = url or os.environ.get(ENV_URL) or settings_url
    if not chosen_url:
        if required:
            raise ReaderError(NOT_CONFIGURED)
        return None
    chosen_model = model or os.environ.get(ENV_MODEL) or settings_model or None
    key = os.environ.get(ENV_KEY) or None
    return LlmConfig(normalise_url(chosen_url), chosen_model, key).validate()


def describe(config: LlmConfig) -> str:
    """``qwen2.5:7b at http://127.0.0.1:11434/v1`` for messages."""
    return f"{config.model or 'the served model'} at {config.url}"
