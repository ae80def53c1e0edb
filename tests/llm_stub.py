"""An OpenAI-compatible chat-completions server for the llm engine's tests and benchmark.

:class:`StubModel` answers like a well-behaved local model: the last user message's JSON array of
Chinese sentences becomes a JSON array of deterministic pseudo-English, one string per sentence,
made of the dictionary senses of each sentence's words (so it looks like a translation to the
engine's checks: right length, the sentence's own numbers and Latin words, the glossary's
required renderings from the system message). :func:`english` gives the expected string of a
sentence, so a test can tell whose English a sentence got.

Misbehaviour is scripted per request (``script``: one mode per request, then ``"ok"``), or chosen
by a callable: wrong counts, merged and shifted sentences, swaps, Chinese echoed back, loops,
code fences, 500s, closed connections, answers that never come.

:class:`StubServer` serves a model over HTTP on 127.0.0.1 (a thread of ``http.server``);
:func:`mock_transport` serves it through ``httpx.MockTransport`` without sockets, for property
tests that make thousands of requests.
"""

from __future__ import annotations

import _socket
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from reader.translation.llm.http import httpx

MODEL = "stub-model"
_RENDERING = re.compile(r"^- (.+?) → (.+)$", re.MULTILINE)
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-_%]*")
_PLACEHOLDER = re.compile(r"\{\d+\}")
_TOLD = "Placeholders such as {1}"  # the llm prompt's instruction to keep placeholders


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    from reader.dictionary import Dictionary

    return Dictionary()


@lru_cache(maxsize=4096)
def _word_gloss(word: str) -> str:
    from reader.text.chars import has_han
    from reader.translation.gloss import short_sense

    skip = ("variant", "old variant", "see ", "CL:", "surname", "abbr.", "used in", "(")
    for entry in sorted(_dictionary().lookup(word), key=lambda e: e.is_proper_noun):
        for sense in entry.senses:
            if not sense.startswith(skip) and not has_han(sense):
                return short_sense(sense).rstrip(" …")
    return "thing"


def english(
    sentence: str, renderings: Sequence[tuple[str, str]] = (), *, placeholders: bool = False
) -> str:
    """The stub's translation of one sentence: glossary English for its terms, a dictionary
    sense for each other word (longest match), its Latin words and numbers as written.

    Like a model, it mangles inline code and TeX (``self.attn(x)`` comes out as ``self.attn
    x``, Chinese inside code is translated); placeholders (``{1}``) are kept whole only when
    the system message told it to (``placeholders``), else they come out as bare numbers."""
    from reader.text.chars import has_han
    from reader.text.script import to_simplified

    text = to_simplified(sentence)
    for zh, en in renderings:
        for form in zh.split(" / "):
            if form:
                text = text.replace(to_simplified(form), f" {en} ")
    out: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if has_han(ch):
            found = _dictionary().matches_at(text, pos)
            word = found[0][0] if found else ch
            out.append(_word_gloss(word) if found else "something")
            pos += len(word)
            continue
        kept = _PLACEHOLDER.match(text, pos) if placeholders else None
        if kept:
            out.append(kept.group(0))
            pos = kept.end()
            continue
        latin = _LATIN.match(text, pos)
        if latin:
            out.append(latin.group(0))
            pos = latin.end()
            continue
        pos += 1
    body = " ".join(w for w in out if w).strip() or "Yes"
    return body[0].upper() + body[1:] + "."


def renderings_of(system: str) -> list[tuple[str, str]]:
    """The required renderings listed in a system message."""
    return _RENDERING.findall(system)


@dataclass
class Reply:
    """What the server does for one request: a status and body, or close, or never answer."""

    status: int = 200
    body: Any = None
    close: bool = False
    hang: bool = False


def chat_reply(content: str, finish: str = "stop") -> Reply:
    """A chat completion carrying ``content``."""
    return Reply(
        body={
            "id": "stub",
            "object": "chat.completion",
            "model": MODEL,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish,
                }
            ],
        }
    )


def _array(items: Sequence[str]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


def misbehave(mode: str, sources: list[str], good: list[str]) -> Reply:
    """The reply of one scripted mode for a request whose right answer is ``good``."""
    n = len(good)
    if mode == "ok":
        return chat_reply(_array(good))
    if mode == "fence":
        return chat_reply("Here you go:\n```json\n" + _array(good) + "\n```")
    if mode == "think":
        return chat_reply("<think>Translate each.</think>\n" + _array(good))
    if mode == "count":  # the last sentence dropped
        return chat_reply(_array(good[:-1] or ["Extra."] * 2))
    if mode == "extra":  # the context translated too
        return chat_reply(_array(["Something said before.", *good]))
    if mode == "merge":  # the first two merged, the last split in two: the count is right
        if n < 3:
            return chat_reply(_array([" ".join(good)]))
        last = good[-1].split(" ")
        half = max(1, len(last) // 2)
        shifted = [
            good[0] + " " + good[1],
            *good[2:-1],
            " ".join(last[:half]),
            " ".join(last[half:]),
        ]
        return chat_reply(_array(shifted))
    if mode == "swap":  # two neighbours exchanged
        if n < 2:
            return chat_reply(_array(good))
        return chat_reply(_array([good[1], good[0], *good[2:]]))
    if mode == "shift":  # every sentence gets the next one's English, the last repeats
        return chat_reply(_array([*good[1:], good[-1]]))
    if mode == "echo":  # Chinese echoed back
        return chat_reply(_array(sources))
    if mode == "loop":
        return chat_reply(_array([g + " again" * 12 for g in good]))
    if mode == "empty":
        return chat_reply(_array(["", *good[1:]]))
    if mode == "garbage":
        return chat_reply("I am sorry, I cannot help with that.")
    if mode == "truncated":
        return chat_reply(_array(good)[: max(1, len(_array(good)) // 2)], finish="length")
    if mode == "object":
        return chat_reply(json.dumps({"translations": good}, ensure_ascii=False))
    if mode == "500":
        return Reply(500, {"error": {"message": "CUDA out of memory", "type": "server_error"}})
    if mode == "context":
        return Reply(400, {"error": {"message": "the request exceeds the available context size"}})
    if mode == "close":
        return Reply(close=True)
    if mode == "hang":
        return Reply(hang=True)
    if mode == "not-chat":
        return Reply(body={"result": "ok"})
    if mode == "drop-atom":  # every placeholder left out
        return chat_reply(_array([" ".join(_PLACEHOLDER.sub("", g).split()) for g in good]))
    if mode == "double-atom":  # each placeholder written twice
        return chat_reply(_array([_PLACEHOLDER.sub(lambda m: m.group(0) * 2, g) for g in good]))
    if mode == "space-atom":  # placeholders spaced and in full-width braces: still readable
        spaced = [_PLACEHOLDER.sub(lambda m: "｛ " + m.group(0)[1:-1] + " ｝", g) for g in good]
        return chat_reply(_array(spaced))
    if mode == "move-atom":  # the first sentence's placeholders moved to the second's English
        if n < 2:
            return chat_reply(_array(good))
        moved = _PLACEHOLDER.findall(good[0])
        first = " ".join(_PLACEHOLDER.sub("", good[0]).split())
        return chat_reply(_array([first, good[1] + " " + " ".join(moved), *good[2:]]))
    raise ValueError(f"unknown mode {mode}")


MODES = (
    "ok", "fence", "think", "count", "extra", "merge", "swap", "shift", "echo", "loop", "empty",
    "garbage", "truncated", "object", "500", "context", "close", "not-chat", "drop-atom",
    "double-atom", "space-atom", "move-atom",
)  # fmt: skip


@dataclass
class StubModel:
    """The behaviour of a server: scripted modes per request, latency, and a record of requests."""

    script: list[str] = field(default_factory=list)
    choose: Callable[[int, list[str]], str] | None = None  # (request number, sources) -> mode
    models: list[str] | None = field(default_factory=lambda: [MODEL])
    per_request_s: float = 0.0  # simulated latency: per request, per prompt token (~1.5
    per_prompt_token_s: float = 0.0  # characters), per answer token
    per_answer_token_s: float = 0.0
    serial: bool = True  # one request at a time, like a server with one slot
    requests: list[dict[str, Any]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)  # ends "hang"
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slot: threading.Lock = field(default_factory=threading.Lock)

    def sources(self, body: dict[str, Any]) -> list[str]:
        """The sentences of a request: the last user message's JSON array."""
        last = body["messages"][-1]
        assert last["role"] == "user"
        value = json.loads(last["content"])
        assert isinstance(value, list) and all(isinstance(s, str) for s in value)
        return value

    def chat(self, body: dict[str, Any]) -> Reply:
        """The reply to one chat request."""
        sources = self.sources(body)
        with self._lock:
            number = len(self.requests)
            self.requests.append(body)
            if self.choose is not None:
                mode = self.choose(number, sources)
            else:
                mode = self.script.pop(0) if self.script else "ok"
        system = body["messages"][0]["content"]
        told = _TOLD in system
        good = [english(s, renderings_of(system), placeholders=told) for s in sources]
        reply = misbehave(mode, sources, good)
        if self.per_request_s or self.per_prompt_token_s or self.per_answer_token_s:
            self._wait(body, reply)
        return reply

    def _wait(self, body: dict[str, Any], reply: Reply) -> None:
        prompt_chars = sum(len(m["content"]) for m in body["messages"])
        answer = json.dumps(reply.body, ensure_ascii=False) if reply.body else ""
        seconds = (
            self.per_request_s
            + self.per_prompt_token_s * prompt_chars / 1.5
            + self.per_answer_token_s * len(answer) / 4
        )
        if self.serial:
            with self._slot:
                time.sleep(seconds)  # the simulated model's compute time (benchmarks only)
        else:
            time.sleep(seconds)

    def models_reply(self) -> Reply:
        """``GET /models``."""
        if self.models is None:
            return Reply(404, {"error": "not found"})
        return Reply(
            body={"object": "list", "data": [{"id": m, "object": "model"} for m in self.models]}
        )


def respond(model: StubModel, method: str, path: str, body: bytes) -> Reply:
    """Routes one request (``/v1/models``, ``/v1/chat/completions``)."""
    if method == "GET" and path.rstrip("/").endswith("/models"):
        return model.models_reply()
    if method == "POST" and path.rstrip("/").endswith("/chat/completions"):
        return model.chat(json.loads(body))
    return Reply(404, {"error": f"no route {method} {path}"})


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = respond(self.server.model, method, self.path, body)
        if reply.hang:
            self.server.model.released.wait()
            reply = Reply(close=True)
        if reply.close:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        data = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, model: StubModel) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.model = model


class StubServer:
    """Serves a :class:`StubModel` on 127.0.0.1 in a thread; ``url`` is its base URL (…/v1)."""

    def __init__(self, model: StubModel | None = None) -> None:
        self.model = model or StubModel()
        self._server = _Server(self.model)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) it listens on."""
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """Its base URL, as OpenAI clients take it."""
        host, port = self.address
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.model.released.set()
        self._server.shutdown()
        self._server.server_close()


def mock_transport(model: StubModel) -> httpx.MockTransport:
    """The same model served without sockets (a closed connection or a hang becomes the error
    httpx raises for it)."""

    def handler(request: httpx.Request) -> httpx.Response:
        reply = respond(model, request.method, request.url.path, request.content)
        if reply.close:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        if reply.hang:
            raise httpx.ReadTimeout("timed out")
        return httpx.Response(reply.status, json=reply.body)

    return httpx.MockTransport(handler)


def allow_loopback(monkeypatch: pytest.MonkeyPatch, address: tuple[str, int]) -> None:
    """Widens conftest's network guard for sockets that connect to ``address`` on the loopback
    interface (the stub's own port); every other address is still refused."""
    guarded = socket.socket.connect

    def connect(self: socket.socket, target: object) -> None:
        if isinstance(target, tuple) and (str(target[0]), int(target[1])) == address:
            return _socket.socket.connect(self, target)
        return guarded(self, target)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch, no_network: None) -> Iterator[StubServer]:
    """A stub server on 127.0.0.1 that the test may reach (import it into a test module)."""
    with StubServer(StubModel()) as server:
        allow_loopback(monkeypatch, server.address)
        yield server
