"""Provides the Textual application: screens, global actions, settings and the command palette."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.errors import ReaderError
from reader.state import StateStore
from reader.tui.later import after
from reader.tui.messages import (
    ExportArticle,
    OpenArticle,
    Prepared,
    ReadingsChanged,
    ShowGlossaryEntry,
)
from reader.tui.pending import Pending
from reader.tui.screens.base import ReaderScreen, ResultsScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.vocab.app_actions import VocabAppActions
from reader.workspace import Workspace

LINE_WIDTHS = (72, 88, 100, 120, 0)  # the line width setting's choices (0: no limit)


def _freeze_startup_objects() -> None:
    """Moves what the program has made so far (modules, classes, Textual's tables), which lives
    as long as it does, out of the cyclic collector's reach, once: collections set off while
    the library's thousands of rows are made then scan only new objects (on 5,000 articles they
    took a tenth of the first frame)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


_frozen = False


class ReaderApp(VocabAppActions, App[None]):
    """The bilingual reader."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    SUB_TITLE = "Chinese · English"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", show=False),
        # f1 also works where ? is typed into a search box
        Binding("f1", "help", "Help", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
    ]

    def __init__(
        self, workspace: Workspace, open_slug: str | None = None, sentence: int | None = None
    ) -> None:
        super().__init__()
        _freeze_startup_objects()
        self.workspace = workspace
        workspace.tolerant = True  # a broken corrections file is reported, not fatal
        self._reported: set[str] = set()
        self.open_slug = open_slug
        self.open_sentence = sentence
        self.state = StateStore()
        self.pending = Pending()  # background work not yet shown (tests wait on pending.idle)
        workspace.neutral_tones = self.state.settings.neutral_tones
        self.declined_offers: set[str] = set()  # articles whose offer to translate was declined

    def on_mount(self) -> None:
        """Applies settings, shows the library (and an article), prepares heavy data."""
        if self.state.settings.theme in self.available_themes:
            self.theme = self.state.settings.theme
        self.push_screen(LibraryScreen())
        if self.open_slug:
            self.open_article(self.open_slug, self.open_sentence)
        if self.state.warning:
            self.notify(self.state.warning, title="Settings", severity="warning", timeout=8)
        # Heavy data loads once the first screen is up, so drawing it and the first keys
        # never wait for the glossary or jieba.
        self.pending.begin("prepare")
        after(self, 0.3, self._start_preparing)

    def _start_preparing(self) -> None:
        from reader.glossary import plain_yaml

        plain_yaml.prepare()  # on the main thread, so that workers may read glossaries fast
        self.prepare()

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def prepare(self) -> None:
        """Loads the glossary and warms the segmenter in the background."""
        from reader.glossary.load import GlossaryError

        problems: list[str] = []
        error: str | None = None
        try:
            _ = self.workspace.glossary
        except GlossaryError as exc:
            self.workspace.use_empty_glossary()
            problems = [str(p) for p in exc.problems]
        except ReaderError as exc:
            self.workspace.use_empty_glossary()
            error = str(exc)
        try:
            self.workspace.analyzer.segmenter.warm()
        finally:
            self.post_message(Prepared(problems, error))

    def on_prepared(self, message: Prepared) -> None:
        """Reports glossary problems and the workspace's notices once the data is loaded."""
        if message.problems:
            from reader.tui.screens.dialogs import MessageDialog

            self.push_screen(
                MessageDialog(
                    "The glossary has problems",
                    "The reader works without glossary highlighting until they are fixed "
                    "(run `reader glossary check`):",
                    message.problems,
                )
            )
        elif message.error:
            self.notify(message.error, title="Glossary", severity="error")
        self.show_notices()
        self.pending.end("prepare")

    def show_notices(self) -> None:
        """Shows the problems the workspace carried on past (a broken corrections file, a
        damaged translation cache that was rebuilt), each once. Safe from a worker thread."""
        for topic, message in self.workspace.take_notices():
            self.report(message, topic)

    def report(self, message: str, title: str) -> None:
        """A warning shown once per session however often the problem is met (the library
        reloads on every return to it). Safe from a worker thread."""
        if message not in self._reported:
            self._reported.add(message)
            self.notify(message, title=title, severity="warning", timeout=12)

    # navigation ---------------------------------------------------------------------------

    def open_article(
        self, slug: str, sentence: int | None = None, *, via: ResultsScreen | None = None
    ) -> None:
        """Opens an article, at a sentence or at the saved reading position.

        Whatever was open above the library (another article, search, glossary) is closed;
        ``via``, the search or glossary screen the article was chosen in, stays under it, so
        escape leads back there (and from there to the library). Search and glossary keep
        their state.
        """
        from reader.tui.screens.article import ArticleScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        if via is not None:
            self.push_screen(via)
        self.push_screen(ArticleScreen(slug, sentence))

    def _show_installed(self, name: str) -> None:
        """Shows a screen that keeps its state between visits (search, glossary)."""
        if self.screen is self.get_screen(name):
            return
        if self.get_screen(name) in self.screen_stack:
            while self.screen is not self.get_screen(name):
                self.pop_screen()
            return
        self.push_screen(name)

    def action_glossary(self) -> None:
        """The glossary search screen."""
        if not self.is_screen_installed("glossary"):
            from reader.tui.screens.glossary import GlossaryScreen

            self.install_screen(GlossaryScreen(), "glossary")
        self._show_installed("glossary")

    def action_search(self) -> None:
        """Full-text search across the corpus."""
        if not self.is_screen_installed("search"):
            from reader.tui.screens.search import SearchScreen

            self.install_screen(SearchScreen(), "search")
        self._show_installed("search")

    def action_help(self) -> None:
        """Every key binding of the current screen."""
        from reader.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def on_open_article(self, message: OpenArticle) -> None:
        """A screen asked to open an article (library, search, glossary: escape returns to
        the search or the glossary)."""
        via = self.screen if isinstance(self.screen, ResultsScreen) else None
        self.open_article(message.slug, message.sentence, via=via)

    def on_export_article(self, message: ExportArticle) -> None:
        """A screen asked to export an article."""
        self.export(message.slug)

    def on_show_glossary_entry(self, message: ShowGlossaryEntry) -> None:
        """A screen asked for the glossary (at an entry)."""
        self.action_glossary()
        if message.entry_id is not None:
            from reader.tui.screens.glossary import GlossaryScreen

            screen = self.get_screen("glossary")
            if isinstance(screen, GlossaryScreen):
                screen.select_entry(message.entry_id)

    def on_readings_changed(self, message: ReadingsChanged) -> None:
        """A pinyin correction was saved: every open article is read again."""
        self.reload_analysis()

    def export(self, slug: str) -> None:
        """The export dialog for an article; notifies the path of the written file."""
        from reader.tui.screens.export import ExportDialog, export_folder

        try:
            title = self.workspace.corpus.load(slug).meta.title
        except ReaderError as exc:
            self.notify(str(exc), title="Export", severity="error")
            return

        def done(path: Path | None) -> None:
            if path is not None:
                self.state.settings.export_dir = str(path.parent)  # the next export goes there
                self._save_settings()
                self.notify(f"Wrote {path}", title="Exported", timeout=8)

        folder = export_folder(self.state.settings.export_dir)
        self.push_screen(ExportDialog(slug, title, folder), done)

    def action_toggle_theme(self) -> None:
        """Switches between the dark and the light theme (remembered)."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
        self.state.settings.theme = self.theme
        self._save_settings()

    def action_tone_colors(self) -> None:
        """Tone colours for pinyin on or off (remembered)."""
        from reader.tui.screens.article import ArticleScreen

        settings = self.state.settings
        settings.tone_colors = not settings.tone_colors
        self._save_settings()
        for screen in self.screen_stack:
            if isinstance(screen, ArticleScreen):
                screen.set_tone_colors(settings.tone_colors)
        self.notify(f"Tone colours {'on' if settings.tone_colors else 'off'}", timeout=1.5)

    def action_specialist_terms(self) -> None:
        """Underline all glossary terms, or specialist terms only (remembered)."""
        from reader.tui.widgets.article_view import ArticleView

        settings = self.state.settings
        settings.specialist_terms_only = not settings.specialist_terms_only
        self._save_settings()
        for screen in self.screen_stack:
            for view in screen.query(ArticleView):
                view.set_general_terms(not settings.specialist_terms_only)
        which = "specialist terms only" if settings.specialist_terms_only else "all terms"
        self.notify(f"Glossary underlines: {which}", timeout=2)

    def action_line_width(self) -> None:
        """The article's widest line: 72, 88, 100, 120 cells or the terminal's width."""
        from reader.tui.screens.article import ArticleScreen

        settings = self.state.settings
        following = [w for w in LINE_WIDTHS if w > settings.line_width or not w]
        settings.line_width = following[0] if settings.line_width else LINE_WIDTHS[0]
        self._save_settings()
        for screen in self.screen_stack:
            if isinstance(screen, ArticleScreen):
                screen.set_line_width(settings.line_width)
        shown = f"{settings.line_width} cells" if settings.line_width else "the terminal's width"
        self.notify(f"Line width: {shown}", timeout=2)

    def reload_analysis(self) -> None:
        """Rebuilds the analyzer (new corrections or settings) and re-analyses open articles."""
        from reader.tui.screens.article import ArticleScreen

        ws = self.workspace
        ws.neutral_tones = self.state.settings.neutral_tones
        ws.forget_analyzer()
        for screen in self.screen_stack:
            if isinstance(screen, ArticleScreen):
                screen.reanalyze()

    def action_tone_sandhi(self) -> None:
        """Tones as spoken (不是 bú shì, 一个 yí gè) on or off; remembered."""
        from reader.tui.screens.article import ArticleScreen

        settings = self.state.settings
        settings.tone_sandhi = not settings.tone_sandhi
        self._save_settings()
        for screen in self.screen_stack:  # the analyzer stays: sandhi is applied per analysis
            if isinstance(screen, ArticleScreen):
                screen.reanalyze()
        self.notify(f"Tone sandhi {'shown' if settings.tone_sandhi else 'off'}", timeout=2)

    def action_neutral_tones(self) -> None:
        """Dictionary neutral tones on every word (衣服 yīfu) on or off; remembered."""
        settings = self.state.settings
        settings.neutral_tones = not settings.neutral_tones
        self._save_settings()
        self.reload_analysis()
        where = "every word" if settings.neutral_tones else "common words"
        self.notify(f"Neutral tones: {where}", timeout=2)

    def action_engine(self, engine: str) -> None:
        """Chooses the engine T uses (argos, llm or gloss); remembered."""
        from reader.translation.engines import describe, readiness

        self.state.settings.engine = engine
        self._save_settings()
        problem = readiness(self.state.settings)
        self.notify(
            problem or f"T translates with {describe(self.state.settings)}.",
            title="Translation engine",
            severity="warning" if problem else "information",
            timeout=8 if problem else 3,
        )

    def action_llm_settings(self) -> None:
        """The llm engine's server URL and model (a dialog); choosing a server selects llm."""
        from reader.tui.screens.engine import LlmSettingsDialog

        settings = self.state.settings

        def saved(values: tuple[str, str] | None) -> None:
            if values is None:
                return
            settings.llm_url, settings.llm_model = values
            self.action_engine("llm" if settings.llm_url else settings.engine)

        self.push_screen(LlmSettingsDialog(settings.llm_url, settings.llm_model), saved)

    def _save_settings(self) -> None:
        try:
            self.state.save()
        except ReaderError as exc:
            self.notify(str(exc), title="Settings not saved", severity="warning")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette: the reader's actions and every article."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Glossary", "Search the glossary of AI terms (g)", self.action_glossary)
        yield SystemCommand(
            "Search", "Search all articles in Chinese and English (/)", self.action_search
        )
        yield SystemCommand("Help", "Show every key binding (?)", self.action_help)
        yield SystemCommand(
            "Tone colours", "Colour pinyin by tone, on or off", self.action_tone_colors
        )
        yield SystemCommand("Light/dark theme", "Switch theme (ctrl+t)", self.action_toggle_theme)
        yield SystemCommand(
            "Glossary terms: all / specialist only",
            "Underline common words of AI writing (模型, 数据) quietly, or not at all",
            self.action_specialist_terms,
        )
        yield SystemCommand(
            "Line width",
            "The article's widest line: 72, 88, 100, 120 cells or the whole terminal",
            self.action_line_width,
        )
        yield SystemCommand(
            "Tone sandhi", "Show tones as spoken (不是 bú shì), on or off", self.action_tone_sandhi
        )
        yield SystemCommand(
            "Neutral tones everywhere",
            "Dictionary neutral tones on every word (衣服 yīfu), on or off",
            self.action_neutral_tones,
        )
        engine = self.state.settings.engine
        for name, label in (
            ("argos", "the offline argos model"),
            ("llm", "a local LLM server (OpenAI-compatible)"),
            ("gloss", "word glosses only"),
        ):
            mark = " (current)" if name == engine else ""
            yield SystemCommand(
                f"Translate with {name}{mark}",
                f"T translates with {label}",
                lambda name=name: self.action_engine(name),
            )
        yield SystemCommand(
            "LLM server…", "Base URL and model of the llm engine", self.action_llm_settings
        )
        yield from self.vocabulary_commands()
        if isinstance(screen, ReaderScreen):
            yield from screen.palette_commands()
        try:  # from the library index: no article is read to list them
            articles = self.workspace.library.records()
        except ReaderError:
            articles = []
        for article in articles:
            yield SystemCommand(
                f"Open: {article.title}",
                article.slug,
                lambda slug=article.slug: self.open_article(slug),
            )
