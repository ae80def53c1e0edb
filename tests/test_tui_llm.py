"""The reader with the llm engine: engine choice, server settings, the offer, T and alternatives."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.cli.main import main
from reader.state import StateStore
from reader.translation.engines import NO_SERVER
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.engine import LlmSettingsDialog, TranslateOffer
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.lookup_panel import LookupPanel
from reader.workspace import Workspace
from tests.llm_stub import StubServer
from tests.tui_support import settle

SIZE = (100, 30)


@pytest.fixture
def physics(article_file: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["import", str(article_file), "--slug", "physics"]) == 0
    capsys.readouterr()
    return "physics"


def choose(engine: str, url: str = "", model: str = "") -> None:
    store = StateStore()
    store.settings.engine, store.settings.llm_url, store.settings.llm_model = engine, url, model
    store.save()


def messages(app: ReaderApp) -> list[str]:
    return [n.message for n in app._notifications]


def article(pilot: Pilot[None]) -> ArticleScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


async def test_choosing_llm_without_a_server_says_how_to_set_one(physics: str) -> None:
    app = ReaderApp(Workspace())
    async with app.run_test(size=SIZE) as pilot:
        app.action_engine("llm")
        await pilot.pause()
        assert StateStore().settings.engine == "llm"
        assert NO_SERVER in messages(app)
        app.open_article(physics)
        await settle(pilot)
        assert not isinstance(app.screen, TranslateOffer)  # nothing to offer without a server
        await pilot.press("T")
        await pilot.pause()
        assert any(m.startswith(NO_SERVER) for m in messages(app))


async def test_the_server_dialog_saves_a_normalised_url_and_chooses_llm(physics: str) -> None:
    app = ReaderApp(Workspace())
    async with app.run_test(size=SIZE) as pilot:
        app.action_llm_settings()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LlmSettingsDialog)
        dialog.query_one("#url", Input).value = "127.0.0.1:8080"  # no scheme: refused
        dialog.query_one("#url", Input).focus()
        await pilot.press("enter")
        assert app.screen is dialog
        assert "not an http(s) URL" in str(dialog.query_one("#status").render())
        dialog.query_one("#url", Input).value = "http://127.0.0.1:8080/v1/chat/completions"
        dialog.query_one("#model", Input).value = "qwen2.5:7b"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, LlmSettingsDialog)
    settings = StateStore().settings
    assert (settings.engine, settings.llm_url, settings.llm_model) == (
        "llm",
        "http://127.0.0.1:8080/v1",
        "qwen2.5:7b",
    )


async def test_the_offer_translates_an_article_without_english(
    stub: StubServer, physics: str
) -> None:
    choose("llm", stub.url)
    app = ReaderApp(Workspace(), open_slug=physics)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TranslateOffer)
        await pilot.press("y")
        await settle(pilot)
        screen = article(pilot)
        assert screen.reading is not None
        assert {s.translation.engine for s in screen.reading if s.translation} == {"llm"}
        assert all(s.translation for s in screen.reading)
        view = screen.query_one(ArticleView)
        assert {view.engines[i] for i in range(len(screen.reading))} == {"llm"}
        assert "Article translated." in messages(app)
        assert len(stub.model.requests) == 1


async def test_a_declined_offer_is_not_repeated_and_t_still_translates(
    stub: StubServer, physics: str
) -> None:
    choose("llm", stub.url)
    app = ReaderApp(Workspace(), open_slug=physics)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.pop_screen()
        app.open_article(physics)
        await settle(pilot)
        screen = article(pilot)  # no second offer
        assert not stub.model.requests
        await pilot.press("T")
        await settle(pilot)
        assert screen.reading is not None
        assert {s.translation.engine for s in screen.reading if s.translation} == {"llm"}
        assert all(s.translation for s in screen.reading)


async def test_alternatives_ask_the_llm_for_another_rendering(
    stub: StubServer, physics: str
) -> None:
    choose("llm", stub.url)
    assert main(["translate", physics, "--engine", "llm"]) == 0
    asked = len(stub.model.requests)
    app = ReaderApp(Workspace(), open_slug=physics)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = article(pilot)
        await pilot.press("a")
        await settle(pilot)
        panel = screen.query_one(LookupPanel)
        assert panel.has_class("-open")
        request = stub.model.requests[-1]
        assert len(stub.model.requests) > asked
        assert "Already given" in request["messages"][0]["content"]


async def test_t_keeps_inline_code_and_math_verbatim_in_the_english(
    stub: StubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "coded.md"
    source.write_text(
        "# 模型\n\n我们用`self.attn(x)`训练模型，注意力为$QK^T/\\sqrt{d_k}$。\n\n`__init__`。\n",
        encoding="utf-8",
    )
    assert main(["import", str(source), "--slug", "coded"]) == 0
    capsys.readouterr()
    choose("llm", stub.url)
    app = ReaderApp(Workspace(), open_slug="coded")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if isinstance(app.screen, TranslateOffer):
            await pilot.press("n")
            await settle(pilot)
        screen = article(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert screen.reading is not None
        coded = [s for s in screen.reading if s.sentence.atoms]
        assert len(coded) == 2
        for state in coded:
            assert state.translation is not None and state.translation.engine == "llm"
            for a, b in state.sentence.atoms:
                assert state.translation.text.count(state.sentence.text[a:b]) == 1
    (request,) = stub.model.requests  # "`__init__`。" is its own English
    assert "self.attn" not in request["messages"][-1]["content"]
