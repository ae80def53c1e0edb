"""Benchmarks the llm engine against the stub server at a realistic latency: batches versus one
request per sentence.

The stub (tests/llm_stub.py) listens on 127.0.0.1 and, for each request, waits as a local model
would: a fixed cost per request, a cost per prompt token (prompt evaluation, ~5,000 tokens/s on a
GPU) and a cost per answer token (generation, ~250 tokens/s: a 3–7B model on one GPU), counting
about 1.5 characters a token for the prompt (Chinese and instructions) and 4 for the JSON answer.
Requests are served one at a time (a server with one slot) unless the row says two slots.

The work is the first 100 sentences of the longest bundled article, translated through
``translate_llm`` (checks, store writes and all) into a temporary data dir. Each request repeats
the instructions, the glossary's renderings and the context, so one request per sentence pays
for the prompt 100 times; batches pay for it about 13 times. A real server that caches the common
prefix of prompts (llama.cpp does) narrows that gap; the answer tokens are the same either way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import Row

ARTICLE = "latepost-interview"
SENTENCES = 100
PER_REQUEST_S = 0.03
PER_PROMPT_TOKEN_S = 0.0002
PER_ANSWER_TOKEN_S = 0.004


def _case(in_flight: int, batch: int, slots: int) -> tuple[float, int]:
    """Seconds and requests for the sentences with one configuration, in a fresh data dir."""
    from reader.translation.llm.config import LlmConfig
    from reader.translation.llm.engine import LlmSession
    from reader.translation.llm.run import translate_llm
    from reader.workspace import Workspace
    from tests.llm_stub import StubModel, StubServer

    saved = os.environ.get("READER_DATA_DIR")
    work = Path(tempfile.mkdtemp(prefix="reader-bench-llm-"))
    os.environ["READER_DATA_DIR"] = str(work)
    model = StubModel(
        per_request_s=PER_REQUEST_S,
        per_prompt_token_s=PER_PROMPT_TOKEN_S,
        per_answer_token_s=PER_ANSWER_TOKEN_S,
        serial=slots == 1,
    )
    try:
        ws = Workspace()
        article = ws.corpus.load(ARTICLE)
        sentences = list(article.sentences())[:SENTENCES]
        _ = ws.analyzer.matcher, ws.dictionary.warm()  # loading is not what is measured
        with StubServer(model) as server:
            config = LlmConfig(server.url, in_flight=in_flight, batch_sentences=batch)
            with LlmSession.open(config) as session:
                start = time.perf_counter()
                outcome = translate_llm(ws, article, sentences, session)
                seconds = time.perf_counter() - start
        assert outcome.translated == len(sentences), outcome
        return seconds, outcome.requests
    finally:
        if saved is None:
            os.environ.pop("READER_DATA_DIR", None)
        else:
            os.environ["READER_DATA_DIR"] = saved
        shutil.rmtree(work, ignore_errors=True)


def run() -> list[Row]:
    """One row per configuration: seconds per 100 sentences, and requests."""
    rows: list[Row] = []
    latency = (
        f"stub: {PER_REQUEST_S * 1000:.0f} ms/request + {PER_PROMPT_TOKEN_S * 1e6:.0f} µs/prompt "
        f"token + {PER_ANSWER_TOKEN_S * 1000:.0f} ms/answer token"
    )
    cases = (
        ("one request per sentence", 1, 1, 1, None),
        ("batches of 8 (default)", 1, 8, 1, "one request per sentence"),
        ("batches of 8, 2 in flight, 2 slots", 2, 8, 2, "one request per sentence"),
    )
    for name, in_flight, batch, slots, baseline in cases:
        seconds, requests = _case(in_flight, batch, slots)
        per_100 = seconds * 100 / SENTENCES
        rows.append(
            Row(
                "llm (stub server)",
                f"{name}: time per 100 sentences",
                [per_100],
                unit="s",
                baseline=f"{baseline}: time per 100 sentences" if baseline else None,
                target="≤ 0.7× one per sentence" if baseline else "",
                note=f"{requests} requests; {latency}" if not baseline else f"{requests} requests",
            )
        )
    return rows
