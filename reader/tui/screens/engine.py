"""Provides the translation engine's dialogs: the LLM server settings and the offer to translate."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 76; max-width: 95%; height: auto; border: thick $accent;
    background: $panel; padding: 1 2; }}
{name} .title {{ text-style: bold; }}
{name} .hint {{ color: $text-muted; height: auto; margin-bottom: 1; }}
{name} #status {{ height: auto; margin: 1 0; }}
{name} #status.-error {{ color: $error; }}
{name} Horizontal {{ height: auto; }}
{name} Button {{ margin-right: 2; }}
"""


class LlmSettingsDialog(ModalScreen[tuple[str, str] | None]):
    """The llm engine's base URL and model; Save returns them, Test asks the server."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = _DIALOG_CSS.format(name="LlmSettingsDialog")

    def __init__(self, url: str, model: str) -> None:
        super().__init__()
        self.url = url
        self.model = model

    def compose(self) -> ComposeResult:
        """Two inputs, a hint, a status line and the buttons."""
        with Vertical():
            yield Static(Text("LLM server (OpenAI-compatible)"), classes="title")
            yield Static(
                Text(
                    "Base URL as OpenAI clients take it: llama.cpp server "
                    "http://127.0.0.1:8080/v1, Ollama http://127.0.0.1:11434/v1, LM Studio "
                    "http://127.0.0.1:1234/v1, vLLM http://127.0.0.1:8000/v1. Contacted only "
                    "when you translate. READER_LLM_URL and READER_LLM_MODEL override these; "
                    "an API key is read from READER_LLM_API_KEY only."
                ),
                classes="hint",
            )
            yield Input(self.url, placeholder="http://127.0.0.1:8080/v1", id="url")
            yield Input(
                self.model, placeholder="model (empty: the server's only model)", id="model"
            )
            yield Static("", id="status")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Test", id="test")
                yield Button("Cancel", id="cancel")

    def _values(self) -> tuple[str, str] | None:
        """The inputs, the URL normalised; None (and a message) when the URL is not one."""
        from reader.translation.llm.config import normalise_url

        url = self.query_one("#url", Input).value.strip()
        model = self.query_one("#model", Input).value.strip()
        if not url:
            return "", model  # clears the setting: the engine is unconfigured again
        try:
            return normalise_url(url), model
        except ReaderError as exc:
            self._status(str(exc), error=True)
            return None

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        values = self._values()
        if values is not None:
            self.dismiss(values)

    @on(Button.Pressed, "#test")
    def _test(self) -> None:
        values = self._values()
        if values is None:
            return
        if not values[0]:
            self._status("Give the server's base URL first.", error=True)
            return
        self._status("Asking the server for its models…")
        self._run_test(*values)

    @work(thread=True, exclusive=True, group="llm-test", exit_on_error=False)
    def _run_test(self, url: str, model: str) -> None:
        from reader.translation.llm.config import LlmConfig
        from reader.translation.llm.engine import LlmSession

        try:
            with LlmSession.open(LlmConfig(url, model or None)) as session:
                message, error = f"OK: {session.model} at {url} answers.", False
        except ReaderError as exc:
            message, error = str(exc), True
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._status, message, error=error)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Closes without saving."""
        self.dismiss(None)


class TranslateOffer(ModalScreen[bool]):
    """Asks whether to translate an article that has no English, with the chosen engine."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "decline", "Not now"),
        Binding("y", "accept", "Translate"),
    ]
    DEFAULT_CSS = _DIALOG_CSS.format(name="TranslateOffer")

    def __init__(self, title: str, engine: str, sentences: int) -> None:
        super().__init__()
        self.article_title = title
        self.engine = engine
        self.sentences = sentences

    def compose(self) -> ComposeResult:
        """The question and two buttons."""
        with Vertical():
            yield Static(Text("This article has no English yet"), classes="title")
            yield Static(
                Text(
                    f"Translate the {self.sentences} sentences of “{self.article_title}” with "
                    f"{self.engine}? It runs in the background; T stops it, and what is done "
                    "is kept. Word glosses are shown meanwhile."
                ),
                classes="hint",
            )
            with Horizontal():
                yield Button("Translate (y)", variant="primary", id="accept")
                yield Button("Not now (n)", id="decline")

    @on(Button.Pressed, "#accept")
    def action_accept(self) -> None:
        """Translate."""
        self.dismiss(True)

    @on(Button.Pressed, "#decline")
    def action_decline(self) -> None:
        """Leave it untranslated."""
        self.dismiss(False)
