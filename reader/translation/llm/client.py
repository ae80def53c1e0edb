"""Provides the HTTP client of the llm engine: chat completions and the model list, over httpx.

Every failure becomes an :class:`LlmError` whose message is one line a user can act on ("Cannot
reach the LLM server at …: connection refused; is it running?"). ``fatal`` errors (server down,
wrong URL, refused key, unknown model) stop a run at once; the others (a timeout, a 5xx, a
closed connection, an answer that is not a chat completion, a batch too long for the context)
are worth retrying with a smaller batch.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from reader.errors import ReaderError
from reader.translation.llm.config import LlmConfig
from reader.translation.llm.http import httpx
from reader.translation.llm.prompt import Message

_CONTEXT_WORDS = ("context", "too long", "too many tokens", "maximum", "exceeds", "n_ctx")
_MODEL_WORDS = ("model",)


class LlmError(ReaderError):
    """A failed request; ``kind`` says what failed and ``fatal`` whether retrying can help."""

    def __init__(self, message: str, kind: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.fatal = fatal


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _server_message(response: httpx.Response) -> str:
    """The error text a server put in its body (OpenAI, llama.cpp, Ollama and vLLM forms)."""
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        return _one_line(response.text) if response.text.strip() else response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error", body.get("detail", body.get("message")))
        if isinstance(error, dict):
            error = error.get("message", error)
        if error:
            return _one_line(str(error))
    return _one_line(json.dumps(body, ensure_ascii=False))


class LlmClient:
    """Talks to one OpenAI-compatible server; safe to share between threads."""

    def __init__(self, config: LlmConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        headers = {"User-Agent": "reader"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._http = httpx.Client(
            base_url=config.url + "/",
            headers=headers,
            timeout=httpx.Timeout(config.timeout_s, connect=config.connect_timeout_s),
            limits=httpx.Limits(max_connections=config.in_flight + 1),
            transport=transport,
            trust_env=False,  # a local server: no proxy from the environment in between
        )
        self.requests = 0  # chat requests sent (benchmarks and tests count them)
        self._lock = threading.Lock()

    def close(self) -> None:
        """Closes the connections (requests under way in other threads fail)."""
        self._http.close()

    def __enter__(self) -> LlmClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests ------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        where = f"{self.config.url}/{path}"
        try:
            response = self._http.request(method, path, json=body)
        except httpx.ConnectTimeout:
            raise LlmError(
                f"The LLM server at {self.config.url} did not accept a connection within "
                f"{self.config.connect_timeout_s:g} s; is it running?",
                "unreachable",
                fatal=True,
            ) from None
        except httpx.ConnectError as exc:
            reason = _one_line(str(exc)).split("] ")[-1] or "connection failed"
            raise LlmError(
                f"Cannot reach the LLM server at {self.config.url}: {reason}; is it running?",
                "unreachable",
                fatal=True,
            ) from None
        except httpx.TimeoutException:
            raise LlmError(
                f"The LLM server at {self.config.url} did not answer within "
                f"{self.config.timeout_s:g} s.",
                "timeout",
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise LlmError(
                f"The LLM server at {self.config.url} closed the connection "
                f"({_one_line(str(exc)) or type(exc).__name__}).",
                "closed",
            ) from None
        except httpx.HTTPError as exc:  # anything else from the transport
            raise LlmError(
                f"Request to {where} failed: {_one_line(str(exc)) or type(exc).__name__}.",
                "transport",
            ) from None
        if response.status_code >= 400:
            raise self._status_error(response, where)
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            raise LlmError(
                f"The LLM server at {self.config.url} answered {path} with something that is "
                "not JSON.",
                "malformed",
            ) from None

    def _status_error(self, response: httpx.Response, where: str) -> LlmError:
        status = response.status_code
        said = _server_message(response)
        lowered = said.lower()
        if status in (401, 403):
            return LlmError(
                f"The LLM server refused the request ({status}: {said}); set READER_LLM_API_KEY "
                "if it needs a key.",
                "auth",
                fatal=True,
            )
        if status == 404 and any(w in lowered for w in _MODEL_WORDS):
            return LlmError(
                f"The LLM server does not know model '{self.config.model}' ({said}).",
                "model",
                fatal=True,
            )
        if status in (404, 405):
            return LlmError(
                f"No OpenAI-compatible endpoint at {where} ({status}); is the base URL right? "
                "It usually ends in /v1.",
                "not_found",
                fatal=True,
            )
        if status in (400, 413, 422) and any(w in lowered for w in _CONTEXT_WORDS):
            return LlmError(f"The batch is too long for the model ({said}).", "context")
        if status == 400 and "model" in lowered and self.config.model is not None:
            return LlmError(
                f"The LLM server does not accept model '{self.config.model}' ({said}).",
                "model",
                fatal=True,
            )
        return LlmError(f"The LLM server answered {status}: {said}.", "http")

    def models(self) -> list[str] | None:
        """The ids the server lists at ``GET {base}/models``; None when it has no such list."""
        try:
            body = self._request("GET", "models")
        except LlmError as exc:
            if exc.kind in ("not_found", "http", "malformed"):
                return None
            raise
        data = body.get("data", body.get("models")) if isinstance(body, dict) else None
        if not isinstance(data, list):
            return None
        ids = [
            str(item.get("id") or item.get("name") or item.get("model"))
            for item in data
            if isinstance(item, dict) and (item.get("id") or item.get("name") or item.get("model"))
        ]
        return ids

    def check_model(self) -> str:
        """The model to use: the configured one, checked against the server's list when it has
        one, or the server's only model. Raises a fatal LlmError otherwise."""
        served = self.models()
        wanted = self.config.model
        if wanted:
            if served is not None and wanted not in served:
                listed = ", ".join(served[:8]) + (" …" if len(served) > 8 else "") or "none"
                raise LlmError(
                    f"The LLM server at {self.config.url} has no model '{wanted}' "
                    f"(it serves: {listed}).",
                    "model",
                    fatal=True,
                )
            return wanted
        if served and len(served) == 1:
            return served[0]
        if served:
            raise LlmError(
                f"The LLM server at {self.config.url} serves several models "
                f"({', '.join(served[:8])}); choose one with --llm-model or READER_LLM_MODEL.",
                "model",
                fatal=True,
            )
        raise LlmError(
            f"Name the model to use with --llm-model or READER_LLM_MODEL (the server at "
            f"{self.config.url} does not list its models).",
            "model",
            fatal=True,
        )

    def chat(
        self,
        messages: list[Message],
        *,
        max_tokens: int,
        temperature: float | None = None,
        seed: int | None = None,
    ) -> str:
        """The assistant's text for one chat-completions request."""
        body: dict[str, Any] = {
            "model": self.config.model or "default",
            "messages": messages,
            "temperature": self.config.temperature if temperature is None else temperature,
            "max_tokens": max_tokens,
            "stream": False,
        }
        if seed is not None:
            body["seed"] = seed
        with self._lock:
            self.requests += 1
        answer = self._request("POST", "chat/completions", body)
        try:
            choice = answer["choices"][0]
            content = choice["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LlmError(
                "The LLM server's answer is not a chat completion (no choices[0].message).",
                "malformed",
            ) from None
        if not isinstance(content, str):
            raise LlmError("The LLM server's answer has no text.", "malformed")
        if choice.get("finish_reason") == "length" if isinstance(choice, dict) else False:
            raise LlmError("The model's answer was cut off at the token limit.", "length")
        return content
