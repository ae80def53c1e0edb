"""The llm engine against a stub OpenAI-compatible server: alignment, cache, errors, resume.

The stub (tests/llm_stub.py) runs on 127.0.0.1, the only address these tests may reach: the
network guard of conftest.py is widened for the stub's own port and nothing else. Tests that make
many requests use the same stub through ``httpx.MockTransport`` (no sockets).
"""

from __future__ import annotations

import json
import socket
import threading
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli.main import main
from reader.errors import ReaderError
from reader.translation.llm.client import LlmError
from reader.translation.llm.config import LlmConfig, normalise_url
from reader.translation.llm.engine import LlmSession
from reader.translation.llm.keys import ENGINE, MODEL_VERSION
from reader.translation.llm.run import llm_alternatives
from reader.translation.lookup import translations_for
from reader.translation.runner import translate_article
from reader.workspace import Workspace
from tests.llm_stub import (
    MODEL,
    MODES,
    StubModel,
    StubServer,
    allow_loopback,
    english,
    mock_transport,
)

pytestmark = pytest.mark.usefixtures("warm_caches")

LONG = (
    "测试文章\n\n"
    "我们在2023年发布了第一个模型。它有七十亿个参数。\n\n"
    "规模定律告诉我们，模型越大越好。MiniMax 用了线性注意力。\n\n"
    "银行行长说：今天的数据很大。训练用了三个月。\n\n"
    "我们的团队有三百人。坐标下降是一种优化方法。\n\n"
    "他信物理学。公司在北京和上海都有办公室。\n\n"
    "这个问题很难回答。我们明年会发布新的产品。\n"
)


@pytest.fixture
def long_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "long.txt"
    path.write_text(LONG, encoding="utf-8")
    assert main(["import", str(path), "--slug", "long"]) == 0
    capsys.readouterr()
    return "long"


@pytest.fixture
def physics(article_file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    return "physics"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def session(model: StubModel, **changes: object) -> LlmSession:
    config = LlmConfig("http://stub.invalid/v1", **changes)  # type: ignore[arg-type]
    return LlmSession.open(config, transport=mock_transport(model))


def expected(ws: Workspace, slug: str) -> dict[str, str]:
    """Each sentence's English as the stub writes it, with the glossary's renderings."""
    from reader.translation.consistency import terms_in

    out = {}
    for s in ws.corpus.load(slug).sentences():
        entries = [e for t in terms_in(ws.analyzer.matcher, s.text) if (e := ws.glossary.get(t))]
        renderings = [(" / ".join(e.zh[:3]), e.en) for e in entries]
        out[s.id] = english(s.text, renderings)
    return out


def shown(ws: Workspace, slug: str) -> dict[str, tuple[str, str]]:
    found = translations_for(ws, ws.corpus.load(slug), glosses=False)
    return {sid: (t.engine, t.text) for sid, t in found.items()}


def assert_own_or_none(ws: Workspace, slug: str) -> int:
    """Every llm English shown is the sentence's own; returns how many there are."""
    want = expected(ws, slug)
    found = translations_for(ws, ws.corpus.load(slug), glosses=False)
    llm = {sid: t for sid, t in found.items() if t.engine == "llm"}
    for sid, t in llm.items():
        # a loop the model kept making is collapsed to its first round and flagged
        own = t.text == want[sid] or ("loop" in t.flags and t.text.startswith(want[sid]))
        assert own, f"{sid} shows another sentence's English: {t.text!r}"
    return len(llm)


# -- the command line against the server on 127.0.0.1 ---------------------------------------------


def test_translate_with_the_stub_server_then_show(
    stub: StubServer, physics: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "translate", physics, "--engine", "llm", "--llm-url", stub.url)
    assert code == 0, err
    assert out.startswith(f"physics: 6 sentences, 6 translated with {MODEL} (1 requests)")
    assert "6/6 sentences" in err
    ws = Workspace()
    assert assert_own_or_none(ws, physics) == 6
    (body,) = stub.model.requests
    assert body["model"] == MODEL and body["stream"] is False
    last = body["messages"][-1]
    sentences = [s.text for s in ws.corpus.load(physics).sentences()]
    assert last["role"] == "user" and json.loads(last["content"]) == sentences
    system = body["messages"][0]
    assert system["role"] == "system" and "规模定律" in system["content"]
    assert "→ scaling law" in system["content"].lower()
    code, out, _ = run(capsys, "show", physics, "--json")
    engines = {s["engine"] for p in json.loads(out)["paragraphs"] for s in p["sentences"]}
    assert engines == {"llm"}


def test_a_rerun_asks_nothing_and_the_report_counts_the_terms(
    stub: StubServer, physics: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", physics, "--engine", "llm", "--llm-url", stub.url]) == 0
    asked = len(stub.model.requests)
    code, out, _ = run(capsys, "translate", physics, "--engine", "llm", "--llm-url", stub.url)
    assert code == 0 and "all 6 sentences already translated with stub-model" in out
    assert len(stub.model.requests) == asked
    code, out, _ = run(capsys, "translate", "--report", physics, "--json")
    (row,) = [r for r in json.loads(out) if r["engine"] == "llm"]
    assert row["sentences"] == 6 and row["rate"] == 1.0


def test_url_and_model_from_the_environment(
    stub: StubServer,
    physics: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READER_LLM_URL", stub.url + "/chat/completions")  # a pasted endpoint
    monkeypatch.setenv("READER_LLM_MODEL", "other")
    stub.model.models = [MODEL, "other"]
    monkeypatch.setenv("READER_LLM_API_KEY", "sekrit")
    code, out, err = run(capsys, "translate", physics, "--engine", "llm")
    assert code == 0, err
    assert "with other" in out and stub.model.requests[0]["model"] == "other"


@pytest.mark.parametrize(
    ("models", "flag", "message"),
    [
        ([MODEL], ["--llm-model", "qwen"], "has no model 'qwen' (it serves: stub-model)"),
        ([MODEL, "b"], [], "serves several models (stub-model, b); choose one with --llm-model"),
        (None, [], "Name the model to use with --llm-model"),
    ],
)
def test_the_model_is_checked_first(
    stub: StubServer,
    physics: str,
    capsys: pytest.CaptureFixture[str],
    models: list[str] | None,
    flag: list[str],
    message: str,
) -> None:
    stub.model.models = models
    code, out, err = run(
        capsys, "translate", physics, "--engine", "llm", "--llm-url", stub.url, *flag
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and message in err
    assert not stub.model.requests


def test_a_server_that_is_down_is_one_line(
    physics: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        address = s.getsockname()
    allow_loopback(monkeypatch, address)
    url = f"http://127.0.0.1:{address[1]}/v1"
    code, out, err = run(capsys, "translate", physics, "--engine", "llm", "--llm-url", url)
    assert code == 1 and out == ""
    assert (
        err == f"reader: Cannot reach the LLM server at {url}: Connection refused; is it running?\n"
    )


def test_the_engine_is_not_contacted_unless_configured(
    physics: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "translate", physics, "--engine", "llm")
    assert code == 1 and "not configured" in err and err.count("\n") == 1
    assert run(capsys, "show", physics, "--json")[0] == 0  # and nothing else asks for it


def test_a_refused_key_is_one_line(
    stub: StubServer, physics: str, capsys: pytest.CaptureFixture[str]
) -> None:
    stub.model.models = None
    stub.model.script = []
    stub.model.choose = lambda n, sources: "ok"

    def refuse(body: dict[str, object]):  # type: ignore[no-untyped-def]
        from tests.llm_stub import Reply

        return Reply(401, {"error": {"message": "invalid api key"}})

    stub.model.chat = refuse  # type: ignore[method-assign]
    code, _, err = run(
        capsys, "translate", physics, "--engine", "llm", "--llm-url", stub.url, "--llm-model", "m"
    )
    assert code == 1
    assert err.splitlines()[-1] == (
        "reader: The LLM server refused the request (401: invalid api key); set "
        "READER_LLM_API_KEY if it needs a key."
    )


@pytest.mark.parametrize("mode", ["close", "500", "fence", "think", "object"])
def test_over_http_a_failed_or_wrapped_answer_still_gives_each_its_own(
    stub: StubServer, long_article: str, mode: str
) -> None:
    stub.model.script = [mode]
    ws = Workspace()
    with LlmSession.open(LlmConfig(stub.url)) as s:
        summary = translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert summary.translated == summary.total == 12 and summary.refused == 0
    assert assert_own_or_none(ws, long_article) == 12


def test_a_server_that_never_answers_times_out_with_a_clear_error(
    stub: StubServer, physics: str
) -> None:
    stub.model.choose = lambda n, sources: "hang"
    ws = Workspace()
    config = LlmConfig(stub.url, timeout_s=0.2, max_failures=2)
    with LlmSession.open(config) as s, pytest.raises(LlmError) as caught:
        translate_article(ws, ws.corpus.load(physics), "llm", llm=s)
    message = str(caught.value)
    assert message.startswith("Stopped after 2 failed requests in a row") and message.endswith(
        "did not answer within 0.2 s."
    )
    assert "\n" not in message


# -- misbehaviour through MockTransport ------------------------------------------------------------


@pytest.mark.parametrize(
    "mode",
    ["count", "extra", "merge", "swap", "shift", "echo", "loop", "empty", "garbage", "truncated",
     "500", "context", "close", "hang", "not-chat"],
)  # fmt: skip
def test_a_bad_answer_is_retried_smaller_and_never_misplaces_english(
    long_article: str, mode: str
) -> None:
    model = StubModel(script=[mode])
    ws = Workspace()
    with session(model) as s:
        summary = translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert summary.translated == 12 and summary.refused == 0
    assert assert_own_or_none(ws, long_article) == 12
    assert summary.requests == len(model.requests) > 2  # the batch of 8 was split


def test_a_sentence_the_model_keeps_echoing_is_left_without_english(long_article: str) -> None:
    ws = Workspace()
    target = next(s.text for s in ws.corpus.load(long_article).sentences() if "线性" in s.text)
    model = StubModel(choose=lambda n, sources: "echo" if target in sources else "ok")
    with session(model) as s:
        summary = translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert summary.refused == 1 and summary.translated == 11
    assert assert_own_or_none(ws, long_article) == 11
    before = len(model.requests)
    model.choose = None
    with session(model) as s:  # a later run asks for that sentence alone
        summary = translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert summary.translated == 1 and len(model.requests) == before + 1


def test_a_model_that_only_fails_stops_the_run_with_what_is_saved(long_article: str) -> None:
    model = StubModel(choose=lambda n, sources: "ok" if n == 0 else "garbage")
    ws = Workspace()
    with session(model, in_flight=1) as s, pytest.raises(LlmError) as caught:
        translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert "Stopped after 6 failed requests in a row" in str(caught.value)
    assert "8 of 12 sentences of long have English and are saved" in str(caught.value)
    assert assert_own_or_none(ws, long_article) == 8
    assert len(model.requests) == 7


def test_a_cancelled_run_keeps_finished_batches_and_resumes(long_article: str) -> None:
    model = StubModel()
    ws = Workspace()
    article = ws.corpus.load(long_article)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # after the first batch is handed over

    with session(model, in_flight=1) as s:
        first = translate_article(ws, article, "llm", llm=s, cancelled=cancelled)
        assert first.cancelled and first.translated == 8
        second = translate_article(ws, article, "llm", llm=s)
    assert second.cached == 8 and second.translated == 4 and not second.cancelled
    assert assert_own_or_none(ws, long_article) == 12


def test_requests_in_flight_are_bounded(long_article: str) -> None:
    model = StubModel()
    both = threading.Barrier(2, timeout=10)  # the first two requests must be under way together
    active, most, started = [0], [0], [0]
    lock = threading.Lock()
    inner = model.chat

    def chat(body: dict[str, object]):  # type: ignore[no-untyped-def]
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
            number = started[0]
            started[0] += 1
        if number < 2:
            both.wait()
        try:
            return inner(body)
        finally:
            with lock:
                active[0] -= 1

    model.chat = chat  # type: ignore[method-assign]
    ws = Workspace()
    with session(model, in_flight=2, batch_sentences=3) as s:
        summary = translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert summary.translated == 12 and most[0] == 2 and len(model.requests) == 4


def test_a_glossary_edit_retranslates_only_the_sentences_of_that_term(
    long_article: str, isolated_dirs: Path
) -> None:
    model = StubModel()
    ws = Workspace()
    with session(model) as s:
        translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    asked = len(model.requests)
    (isolated_dirs / "glossary.yaml").write_text(
        "entries:\n  - id: coordinate-descent\n    zh: [坐标下降]\n    pinyin: [zuò biāo xià jiàng]\n"
        "    en: coordinate-wise descent\n    category: optimization\n    definition: x\n",
        encoding="utf-8",
    )
    ws = Workspace()
    with session(model) as s:
        summary = translate_article(ws, ws.corpus.load(long_article), "llm", llm=s)
    assert summary.translated == 1 and summary.cached == 11 and len(model.requests) == asked + 1
    assert "coordinate-wise descent" in json.dumps(model.requests[-1]["messages"][0])
    assert assert_own_or_none(ws, long_article) == 12


def test_alternatives_ask_for_another_rendering_and_keep_it(physics: str) -> None:
    model = StubModel()
    ws = Workspace()
    article = ws.corpus.load(physics)
    sentence = list(article.sentences())[2]
    own = expected(ws, physics)[sentence.id]

    def other(body: dict[str, object]):  # type: ignore[no-untyped-def]
        from tests.llm_stub import chat_reply

        model.requests.append(body)
        system = body["messages"][0]["content"]  # type: ignore[index]
        if "Already given" in system:
            return chat_reply(json.dumps([f"Another way: {own}"]))
        return chat_reply(json.dumps([own]))

    model.chat = other  # type: ignore[method-assign]
    with session(model) as s:
        assert llm_alternatives(ws, article, sentence, s) == [own]
        assert llm_alternatives(ws, article, sentence, s) == [own, f"Another way: {own}"]
    assert json.loads(model.requests[-1]["messages"][-1]["content"]) == [sentence.text]
    rows = ws.translations.rows_for(
        physics, ENGINE, {sentence.id: _hash(sentence.text)}, model_version=MODEL_VERSION
    )
    assert rows[sentence.id][0].row.alternatives == (f"Another way: {own}",)


def _hash(text: str) -> str:
    from reader.model import text_hash

    return text_hash(text)


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        ("http://localhost:11434/v1/", "http://localhost:11434/v1"),
        ("http://127.0.0.1:8080/v1/chat/completions", "http://127.0.0.1:8080/v1"),
        ("https://gpu.lan:8000/v1/models", "https://gpu.lan:8000/v1"),
    ],
)
def test_base_urls(url: str, base: str) -> None:
    assert normalise_url(url) == base


@pytest.mark.parametrize("url", ["127.0.0.1:8080", "ftp://x/v1", "http://", "v1"])
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(ReaderError, match="not an http"):
        normalise_url(url)


# -- property: whatever fails and however often it is rerun, English is never misplaced ------------

BAD_MODES = [m for m in MODES if m != "ok"]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    runs=st.lists(
        st.tuples(
            st.lists(st.sampled_from([*BAD_MODES, "ok", "ok"]), max_size=12),  # per request
            st.one_of(st.none(), st.integers(min_value=0, max_value=3)),  # cancel after k batches
            st.sampled_from([1, 2, 3]),  # requests in flight
            st.sampled_from([2, 5, 8]),  # sentences per batch
        ),
        min_size=1,
        max_size=4,
    )
)
def test_after_any_failures_and_reruns_each_sentence_has_its_own_english_or_none(
    long_article: str, tmp_path: Path, runs: list[tuple[list[str], int | None, int, int]]
) -> None:
    from reader.translation.store import Store

    ws = Workspace()
    ws.__dict__["translations"] = Store(tmp_path / f"{uuid.uuid4().hex}.sqlite")
    article = ws.corpus.load(long_article)
    for script, cancel_after, in_flight, batch in runs:
        model = StubModel(script=list(script))
        handed = [0]

        def cancelled(limit: int | None = cancel_after, handed: list[int] = handed) -> bool:
            handed[0] += 1
            return limit is not None and handed[0] > limit

        with session(model, in_flight=in_flight, batch_sentences=batch) as s:
            try:
                translate_article(ws, article, "llm", llm=s, cancelled=cancelled)
            except LlmError as exc:
                assert exc.fatal and "\n" not in str(exc)
        assert_own_or_none(ws, long_article)
    with session(StubModel()) as s:  # a last, healthy run completes the article
        summary = translate_article(ws, article, "llm", llm=s)
    assert summary.cached + summary.translated == 12
    assert assert_own_or_none(ws, long_article) == 12


# -- reader import --translate -----------------------------------------------------------------------


def _choose_engine(engine: str, url: str = "", model: str = "") -> None:
    from reader.state import StateStore

    store = StateStore()
    store.settings.engine, store.settings.llm_url, store.settings.llm_model = engine, url, model
    store.save()


def test_import_translate_uses_the_engine_chosen_in_the_reader(
    stub: StubServer, article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _choose_engine("llm", stub.url)
    code, out, err = run(capsys, "import", str(article_file), "--slug", "physics", "--translate")
    assert code == 0, err
    first, second = out.splitlines()
    assert first.startswith("Imported ") and second.startswith("physics: 6 sentences, 6 translated")
    assert assert_own_or_none(Workspace(), "physics") == 6


def test_import_translate_without_a_model_keeps_the_import(
    article_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "import", str(article_file), "--slug", "physics", "--translate")
    assert code == 1 and out.startswith("Imported ")
    assert err.count("\n") == 1 and "No Chinese→English model is installed" in err
    assert Workspace().corpus.load("physics").meta.title


def test_ctrl_c_twice_during_a_request_stops_at_once_and_keeps_finished_batches(
    stub: StubServer, physics: str
) -> None:
    import signal
    import subprocess
    import sys

    second = threading.Event()

    def choose(number: int, sources: list[str]) -> str:
        if number == 1:
            second.set()  # the second batch's request is under way, and never answered
            return "hang"
        return "ok"

    stub.model.choose = choose
    argv = ["translate", physics, "--engine", "llm", "--llm-url", stub.url, "--batch-size", "2"]
    child = subprocess.Popen(
        [sys.executable, "-m", "reader", *argv, "--in-flight", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert second.wait(timeout=120)
        child.send_signal(signal.SIGINT)  # stop after the batches under way…
        assert child.stderr is not None
        seen = ""
        while "press Ctrl+C again" not in seen:  # signals do not queue: wait for the first
            line = child.stderr.readline()
            assert line, "the child ended early"
            seen += line
        child.send_signal(signal.SIGINT)  # …then stop now
        _, err = child.communicate(timeout=120)
        err = seen + err
    finally:
        child.kill()
    assert child.returncode == 130 and "Traceback" not in err
    assert "interrupted; finished batches are saved. Resume with: reader translate physics" in err
    assert "--engine llm --llm-url" in err
    assert assert_own_or_none(Workspace(), physics) == 2
