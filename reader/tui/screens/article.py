"""Provides the article screen: aligned bilingual reading with pinyin, look-up and layouts."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.lookup import look_up
from reader.model import Article, Sentence
from reader.pinyin.overrides import Correction, correction_target
from reader.state import LAYOUT_NAMES, LAYOUTS, SCRIPTS, ArticleState
from reader.text.script import to_simplified, to_traditional
from reader.translation.lookup import translations_for
from reader.translation.model import Translation
from reader.translation.report import inconsistent_by_sentence
from reader.tui.layout import ParagraphView, SentenceView, TokenView
from reader.tui.screens.base import ReaderScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.lookup_panel import LookupPanel


def _is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class ArticleScreen(ReaderScreen[None]):
    """One article: the current sentence moves with j/k, the word cursor with h/l."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next", tooltip="Next sentence"),
        Binding("k,up", "move(-1)", "Previous", tooltip="Previous sentence"),
        Binding("h,left", "word(-1)", "Word ←", show=False, tooltip="Previous word"),
        Binding("l,right", "word(1)", "Word →", show=False, tooltip="Next word"),
        Binding(
            "enter,space",
            "look_up",
            "Look up",
            tooltip="Look up the word: dictionary, glossary, corpus frequency",
        ),
        Binding("p", "pinyin", "Pinyin", tooltip="Pinyin above every word, on or off"),
        Binding(
            "P",
            "pinyin_sentence",
            "Pinyin (sentence)",
            show=False,
            tooltip="Pinyin for the current sentence only",
        ),
        Binding(
            "t",
            "cycle_layout",
            "Layout",
            tooltip="Layout: interleaved, side by side, Chinese only, English only",
        ),
        Binding(
            "s", "cycle_script", "Script", tooltip="Characters: original, simplified, traditional"
        ),
        Binding(
            "r",
            "reveal",
            "Reveal English",
            show=False,
            tooltip="Chinese-only layout: the current sentence's English, shown or hidden",
        ),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "edge(0)", "First sentence", show=False),
        Binding("end", "edge(1)", "Last sentence", show=False),
        Binding(
            "o",
            "addresses",
            "Address",
            show=False,
            tooltip="The address of the image or the links at the current sentence",
        ),
        Binding("g", "app.glossary", "Glossary", tooltip="Glossary of AI terms"),
        Binding("slash", "app.search", "Search", tooltip="Search every article"),
        Binding("e", "export", "Export", tooltip="Export as bilingual Markdown"),
        Binding(
            "a",
            "alternatives",
            "Alternatives",
            show=False,
            tooltip="Other translations of the current sentence (argos, or the local LLM)",
        ),
        Binding(
            "R",
            "correct_reading",
            "Correct reading",
            show=False,
            tooltip="Correct the pinyin of the word under the cursor (here or everywhere)",
        ),
        Binding("C", "corrections", "Corrections", show=False, tooltip="List and undo corrections"),
        Binding(
            "T",
            "translate",
            "Translate",
            show=False,
            tooltip="Translate with the engine chosen in the settings (again to stop)",
        ),
        Binding("question_mark", "app.help", "Help"),
        Binding(
            "escape",
            "back",
            "Back",
            tooltip="Close the look-up, leave the word cursor, or back to the library",
        ),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    DEFAULT_CSS = """
    ArticleScreen #reading { height: 1fr; }
    ArticleScreen #reading.-narrow { layout: vertical; }
    ArticleScreen ArticleView { width: 1fr; height: 1fr; }
    ArticleScreen #status { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, slug: str, sentence: int | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.start_sentence = sentence
        self.article: Article | None = None
        self.sentences: list[Sentence] = []
        self.translations: dict[str, Translation] = {}
        self.tokens: dict[int, tuple[TokenView, ...]] = {}
        self.en_terms: dict[int, tuple[tuple[int, int], ...]] = {}
        self.inconsistent: dict[str, list[str]] = {}
        self.progress: tuple[int, int] | None = None
        self.auto_translate = True
        self.state = ArticleState()
        self.word_mode = False
        self.reveal = True
        self._save_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Header, the article view, the look-up panel, a status line and the footer."""
        yield Header()
        with Horizontal(id="reading"):
            yield ArticleView(id="article")
            yield LookupPanel(id="lookup")
        yield Static(id="status")
        yield Footer()

    # loading ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Shows the text at once; pinyin and term highlighting follow from a worker."""
        ws = self.reader_app.workspace
        try:
            self.article = ws.corpus.load(self.slug)
            # Only stored translations here (fast); glosses and machine translation follow
            # from workers, so a long untranslated article opens as fast as any other.
            self.translations = translations_for(ws, self.article, glosses=False)
        except ReaderError as exc:
            self.notify(str(exc), title="Cannot open the article", severity="error", timeout=10)
            self.app.call_later(self.app.pop_screen)
            return
        self.sentences = list(self.article.sentences())
        self.reader_app.show_notices()
        self.title = self.article.meta.title
        self.sub_title = self.article.meta.author or self.article.meta.source or ""
        self.state = self.reader_app.state.article(self.slug)
        if self.start_sentence is not None:
            self.state.sentence = self.start_sentence
        self.state.sentence = max(0, min(self.state.sentence, len(self.sentences) - 1))
        view = self.query_one(ArticleView)
        view.options = replace(
            view.options,
            mode=self.state.layout,
            pinyin=self.state.pinyin,
            tone_colors=self.reader_app.state.settings.tone_colors,
        )
        view.current = self.state.sentence
        view.general_terms = not self.reader_app.state.settings.specialist_terms_only
        view.set_paragraphs(self._paragraph_views())
        self.call_after_refresh(view.scroll_to_current)
        self._update_status()
        view.focus()
        self.call_after_refresh(self.analyze)  # after the text is on screen

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyze(self) -> None:
        """Segments every sentence and finds glossary terms in the English (off the UI thread)."""
        worker = get_current_worker()
        ws = self.reader_app.workspace
        analyzer = ws.analyzer
        sandhi = self.reader_app.state.settings.tone_sandhi
        tokens: dict[int, tuple[TokenView, ...]] = {}
        general = {e.id for e in ws.glossary.entries if e.general}
        for position, sentence in enumerate(self.sentences):
            if worker.is_cancelled:
                return
            tokens[position] = tuple(
                TokenView(
                    t.start,
                    t.end,
                    t.pinyin,
                    t.term,
                    _is_word(t.text) and not t.atom,
                    t.term in general,
                )
                for t in analyzer.analyze(sentence.text, tone_sandhi=sandhi, atoms=sentence.atoms)
            )
        assert self.article is not None
        translations = self.translations
        if any(s.id not in translations for s in self.sentences):
            try:  # word glosses for what has no translation yet (stored once computed)
                translations = translations_for(ws, self.article)
            except ReaderError as exc:
                self.app.call_from_thread(
                    self.notify, str(exc), title="Glosses", severity="warning"
                )
        checked = self._checked(translations)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._analysis_ready, tokens, translations, *checked)

    def _checked(
        self, translations: dict[str, Translation]
    ) -> tuple[dict[int, tuple[tuple[int, int], ...]], dict[str, list[str]]]:
        """Glossary terms in each English sentence, and the terms the English leaves out."""
        ws = self.reader_app.workspace
        matcher = ws.analyzer.matcher
        en_terms: dict[int, tuple[tuple[int, int], ...]] = {}
        for position, sentence in enumerate(self.sentences):
            t = translations.get(sentence.id)
            if t is not None and t.engine != "gloss":
                en_terms[position] = tuple((m.start, m.end) for m in matcher.find(t.text))
        assert self.article is not None
        return en_terms, inconsistent_by_sentence(ws, self.article, translations)

    def _analysis_ready(  # called from the worker thread via call_from_thread
        self,
        tokens: dict[int, tuple[TokenView, ...]],
        translations: dict[str, Translation],
        en_terms: dict[int, tuple[tuple[int, int], ...]],
        inconsistent: dict[str, list[str]],
    ) -> None:
        if not self.is_attached:
            return  # the screen was closed while the worker ran
        self.tokens, self.en_terms = tokens, en_terms
        self.translations, self.inconsistent = translations, inconsistent
        self.reader_app.show_notices()
        if self.auto_translate and self._machine_missing():
            self._auto_translate()
        self._update_status()
        view = self.query_one(ArticleView)
        view.set_paragraphs(self._paragraph_views())
        view.scroll_to_current()
        if self.word_mode:
            self._set_word(self._first_word(view.current))

    # machine translation -----------------------------------------------------------------

    def _machine_missing(self) -> int:
        """Sentences that show a gloss or nothing, which a model could translate."""
        return sum(
            1
            for s in self.sentences
            if (t := self.translations.get(s.id)) is None or t.engine == "gloss"
        )

    def _auto_translate(self) -> None:
        """On opening: argos runs by itself (it is local and cheap); for the llm engine, an
        article with no English at all gets an offer, once per session."""
        from reader.translation.engines import describe, readiness

        settings = self.reader_app.state.settings
        if settings.engine == "argos":
            self.translate()
            return
        no_english = all(
            (t := self.translations.get(s.id)) is None or t.engine == "gloss"
            for s in self.sentences
        )
        offered = self.reader_app.declined_offers
        if (
            settings.engine != "llm"
            or readiness(settings)
            or not no_english
            or self.slug in offered
        ):
            return
        from reader.tui.screens.engine import TranslateOffer

        def answered(accept: bool | None) -> None:
            if accept:
                self.translate()
            else:
                offered.add(self.slug)

        assert self.article is not None
        offer = TranslateOffer(self.article.meta.title, describe(settings), len(self.sentences))
        self.app.push_screen(offer, answered)

    def action_translate(self) -> None:
        """Translates the article with the chosen engine in the background, or stops it."""
        running = [w for w in self.workers if w.group == "translate" and w.is_running]
        if running:
            for worker in running:
                worker.cancel()
            self.notify("Stopping after the current batch; what is done is kept.", timeout=3)
            return
        if not self._machine_missing():
            self.notify("Every sentence already has a translation.", timeout=3)
            return
        from reader.translation.engines import readiness

        settings = self.reader_app.state.settings
        if settings.engine == "gloss":
            self.notify(
                "The engine is 'gloss': word glosses are already shown. Choose argos or llm "
                "in the command palette (ctrl+p) to translate.",
                title="Translate",
                timeout=8,
            )
            return
        problem = readiness(settings)
        if problem:
            self.notify(
                f"{problem} Word glosses are shown meanwhile.", title="Translate", timeout=8
            )
            return
        self.translate()

    @work(thread=True, exclusive=True, group="translate", exit_on_error=False)
    def translate(self) -> None:
        """Runs the chosen engine over the untranslated sentences; results appear batch by
        batch."""
        from reader.translation.engines import llm_config, readiness
        from reader.translation.runner import translate_article

        settings = self.reader_app.state.settings
        engine = settings.engine
        if engine == "gloss" or readiness(settings) or self.article is None:
            return
        worker = get_current_worker()
        ws = self.reader_app.workspace
        article = self.article

        def progress(done: int, total: int) -> None:
            fresh = translations_for(ws, article, glosses=False)
            merged = {**self.translations, **fresh}
            self.app.call_from_thread(self._translated, merged, done, total, *self._checked(merged))

        session = None
        try:
            if engine == "llm":
                from reader.translation.llm.engine import LlmSession

                config = llm_config(settings)
                assert config is not None  # readiness() checked it
                session = LlmSession.open(config)
            summary = translate_article(
                ws,
                article,
                engine,  # type: ignore[arg-type]
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                llm=session,
            )
        except ReaderError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Translation stopped", severity="error", timeout=10
            )
            return
        finally:
            if session is not None:
                session.close()
        self.app.call_from_thread(self._translation_done, summary.cancelled)

    def _translated(
        self,
        translations: dict[str, Translation],
        done: int,
        total: int,
        en_terms: dict[int, tuple[tuple[int, int], ...]],
        inconsistent: dict[str, list[str]],
    ) -> None:
        if not self.is_attached:
            return
        self.translations, self.en_terms, self.inconsistent = translations, en_terms, inconsistent
        self.progress = (done, total)
        self.query_one(ArticleView).set_paragraphs(self._paragraph_views())
        self._update_status()

    def _translation_done(self, cancelled: bool) -> None:
        if not self.is_attached:
            return
        self.progress = None
        self._update_status()
        left = self._machine_missing()
        if cancelled:
            self.notify(f"Translation stopped; {left} sentences left (press T to resume).")
        elif left:
            self.notify(
                f"The model left {left} sentences untranslated; they show glosses.", timeout=6
            )
        else:
            self.notify("Article translated.", timeout=3)

    def _display_text(self, text: str) -> str:
        if self.state.script == "simplified":
            return to_simplified(text)
        if self.state.script == "traditional":
            return to_traditional(text)
        return text

    def _paragraph_views(self) -> list[ParagraphView]:
        assert self.article is not None
        views = []
        position = 0
        for paragraph in self.article.paragraphs:
            sentences = []
            for sentence in paragraph.sentences:
                t = self.translations.get(sentence.id)
                label = (
                    len(paragraph.speaker) + 1 if paragraph.speaker and sentence.index == 0 else 0
                )
                sentences.append(
                    SentenceView(
                        index=position,
                        text=self._display_text(sentence.text),
                        tokens=self.tokens.get(position),
                        english=t.text if t else None,
                        engine=t.engine if t else None,
                        stale=bool(t and t.stale),
                        en_terms=self.en_terms.get(position, ()),
                        inconsistent=frozenset(self.inconsistent.get(sentence.id, ())),
                        speaker_len=label,
                        marks=sentence.marks,
                        cell=sentence.cell,
                    )
                )
                position += 1
            views.append(
                ParagraphView(
                    paragraph.index,
                    paragraph.kind,
                    paragraph.level,
                    tuple(sentences),
                    paragraph.block,
                )
            )
        return views

    # state --------------------------------------------------------------------------------

    def _update_status(self) -> None:
        view = self.query_one(ArticleView)
        if not self.sentences:
            return
        sentence = self.sentences[view.current]
        t = self.translations.get(sentence.id)
        engine = ("stale curated" if t.stale else t.engine) if t else "no translation"
        pinyin = "on" if self.state.pinyin else "off"
        text = Text(
            f"{view.current + 1}/{len(self.sentences)} · {engine} · "
            f"{LAYOUT_NAMES[self.state.layout]} · pinyin {pinyin} · {self.state.script}"
        )
        if self.tokens == {} and self.article is not None:
            text.append(" · analysing…", style="italic")
        if self.progress is not None:
            done, total = self.progress
            text.append(f" · translating {done}/{total}", style="italic")
        missed = self.inconsistent.get(sentence.id)
        if missed:
            glossary = self.reader_app.workspace.glossary
            names = ", ".join(e.en for m in missed if (e := glossary.get(m)) is not None)
            text.append(f" · English lacks: {names}", style="bold")
        self.query_one("#status", Static).update(text)

    def _changed(self) -> None:
        """Persists the reading state shortly after the last change."""
        self._update_status()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(0.5, self._save)

    def _save(self) -> None:
        try:
            self.reader_app.state.set_article(self.slug, self.state)
        except ReaderError as exc:
            self.notify(str(exc), title="Reading position not saved", severity="warning")

    def on_unmount(self) -> None:
        """Saves the reading position when the screen closes."""
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.sentences:
            self._save()

    # movement -----------------------------------------------------------------------------

    def _go(self, sentence: int) -> None:
        view = self.query_one(ArticleView)
        sentence = max(0, min(sentence, len(self.sentences) - 1))
        token = self._first_word(sentence) if self.word_mode else None
        if view.options.mode == "zh" and self.reveal:
            view.current = sentence
            view.set_options(reveal=sentence)
        view.set_cursor(sentence, token)
        view.scroll_to_current()
        self.state.sentence = sentence
        self._changed()
        if self.word_mode and self._panel_open():
            self._look_up()

    def action_move(self, delta: int) -> None:
        """Next or previous sentence."""
        self._go(self.query_one(ArticleView).current + delta)

    def action_edge(self, end: int) -> None:
        """First or last sentence."""
        self._go(len(self.sentences) - 1 if end else 0)

    def action_page(self, direction: int) -> None:
        """Scrolls a page and makes the first sentence on it current."""
        view = self.query_one(ArticleView)
        height = view.scrollable_content_region.height
        view.scroll_to(
            y=max(0, view.scroll_offset.y + direction * (height - 1)), animate=False, immediate=True
        )
        first = view.first_visible_sentence()
        if first is not None:
            self._go(first)

    def on_article_view_clicked(self, event: ArticleView.Clicked) -> None:
        """A click selects a sentence, and a word when one was clicked."""
        if event.token is not None and self.tokens.get(event.sentence):
            self.word_mode = True
            self._go(event.sentence)
            self._set_word(event.token)
        else:
            self._go(event.sentence)

    # words and look-up --------------------------------------------------------------------

    def _words(self, sentence: int) -> list[int]:
        return [i for i, t in enumerate(self.tokens.get(sentence, ())) if t.is_word]

    def _first_word(self, sentence: int) -> int | None:
        words = self._words(sentence)
        return words[0] if words else None

    def _set_word(self, token: int | None) -> None:
        view = self.query_one(ArticleView)
        view.set_cursor(view.current, token)
        if self._panel_open():
            self._look_up()

    def action_word(self, delta: int) -> None:
        """Moves the word cursor within the current sentence."""
        view = self.query_one(ArticleView)
        words = self._words(view.current)
        if not words:
            self.notify("Words appear once the text is analysed…", timeout=2)
            return
        if not self.word_mode or view.cursor_token not in words:
            self.word_mode = True
            self._set_word(words[0] if delta > 0 else words[-1])
            return
        position = words.index(view.cursor_token) + delta
        self._set_word(words[max(0, min(position, len(words) - 1))])

    def _panel_open(self) -> bool:
        return self.query_one(LookupPanel).has_class("-open")

    def action_look_up(self) -> None:
        """Opens the look-up panel for the word under the cursor."""
        view = self.query_one(ArticleView)
        if not self.word_mode or view.cursor_token is None:
            self.word_mode = True
            first = self._first_word(view.current)
            if first is None:
                self.notify("Words appear once the text is analysed…", timeout=2)
                return
            view.set_cursor(view.current, first)
        self._open_panel()
        self._look_up()

    def _look_up(self) -> None:
        view = self.query_one(ArticleView)
        tokens = self.tokens.get(view.current, ())
        if view.cursor_token is None or view.cursor_token >= len(tokens):
            return
        self.query_one(LookupPanel).show_message("Looking up…")
        self._run_look_up(view.current, view.cursor_token)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _run_look_up(self, sentence: int, token: int) -> None:
        ws = self.reader_app.workspace
        text = self.sentences[sentence].text
        tv = self.tokens[sentence][token]
        from reader.analysis import Token

        result = look_up(
            ws, text, Token(text[tv.start : tv.end], tv.start, tv.end, tv.pinyin, tv.term)
        )
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._show_look_up, sentence, token, result)

    def _show_look_up(self, sentence: int, token: int, result: object) -> None:
        if not self.is_attached:
            return
        view = self.query_one(ArticleView)
        if (view.current, view.cursor_token) == (sentence, token):  # drop outdated results
            self.query_one(LookupPanel).show(result)  # type: ignore[arg-type]

    # display options ----------------------------------------------------------------------

    def action_pinyin(self) -> None:
        """Pinyin above every word of the article, on or off."""
        self.state.pinyin = not self.state.pinyin
        self.query_one(ArticleView).set_options(
            pinyin=self.state.pinyin, pinyin_sentences=frozenset()
        )
        self._after_option_change("pinyin")

    def action_pinyin_sentence(self) -> None:
        """Pinyin for the current sentence only, on or off."""
        view = self.query_one(ArticleView)
        chosen = set(view.options.pinyin_sentences) ^ {view.current}
        view.set_options(pinyin_sentences=frozenset(chosen))
        self._after_option_change("pinyin")

    def _after_option_change(self, what: str) -> None:
        if what == "pinyin" and not self.tokens:
            self.notify("Pinyin appears as soon as the text is analysed…", timeout=3)
        self.query_one(ArticleView).scroll_to_current()
        self._changed()

    def action_cycle_layout(self) -> None:
        """Interleaved → side by side → Chinese only → English only."""
        view = self.query_one(ArticleView)
        self.state.layout = LAYOUTS[(LAYOUTS.index(self.state.layout) + 1) % len(LAYOUTS)]
        reveal = view.current if self.state.layout == "zh" and self.reveal else None
        view.set_options(mode=self.state.layout, reveal=reveal)
        self.notify(f"Layout: {LAYOUT_NAMES[self.state.layout]}", timeout=1.5)
        self._after_option_change("layout")

    def action_cycle_script(self) -> None:
        """Original → simplified → traditional characters."""
        self.state.script = SCRIPTS[(SCRIPTS.index(self.state.script) + 1) % len(SCRIPTS)]
        self.query_one(ArticleView).set_paragraphs(self._paragraph_views())
        self.notify(f"Script: {self.state.script}", timeout=1.5)
        self._after_option_change("script")

    def action_reveal(self) -> None:
        """In the Chinese-only layout, shows or hides the current sentence's English."""
        view = self.query_one(ArticleView)
        self.reveal = not self.reveal
        view.set_options(reveal=view.current if self.reveal else None)
        if view.options.mode != "zh":
            self.notify("Reveal applies to the Chinese-only layout (press t).", timeout=2)
        self._after_option_change("reveal")

    def set_tone_colors(self, on: bool) -> None:
        """Applies the tone-colour setting."""
        self.query_one(ArticleView).set_options(tone_colors=on)

    def action_alternatives(self) -> None:
        """Shows the model's alternative translations of the current sentence in the panel
        (the llm engine: each press asks it for one more rendering)."""
        from reader.translation.engines import readiness
        from reader.translation.packages import active_model

        settings = self.reader_app.state.settings
        if settings.engine == "llm" and (problem := readiness(settings)):
            self.notify(problem, title="Alternatives", timeout=8)
            return
        if settings.engine != "llm" and active_model() is None:
            self.notify(
                "Alternatives come from the offline model: install one with "
                "'reader models install'.",
                title="Alternatives",
                timeout=6,
            )
            return
        panel = self._open_panel()
        panel.show_message("Asking the model for alternatives…")
        self._run_alternatives(self.query_one(ArticleView).current)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _run_alternatives(self, position: int) -> None:
        from reader.translation.runner import alternatives_for

        assert self.article is not None
        sentence = self.sentences[position]
        settings = self.reader_app.state.settings
        heading = "\nModel, best first\n"
        try:
            if settings.engine == "llm":
                from reader.translation.engines import llm_config
                from reader.translation.llm.engine import LlmSession
                from reader.translation.llm.run import llm_alternatives

                config = llm_config(settings)
                assert config is not None
                with LlmSession.open(config) as session:
                    found = llm_alternatives(
                        self.reader_app.workspace, self.article, sentence, session
                    )
                heading = f"\n{session.model}, first rendering first (a asks for another)\n"
            else:
                found = alternatives_for(self.reader_app.workspace, self.article, sentence)
        except ReaderError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Alternatives", severity="error")
            return
        text = Text()
        text.append(sentence.text + "\n", style="bold")
        curated = self.translations.get(sentence.id)
        if curated is not None and curated.engine == "curated":
            text.append("\nCurated\n", style="bold")
            text.append(curated.text + "\n")
        text.append(heading, style="bold")
        for n, option in enumerate(found, 1):
            text.append(f"{n}. ", style="dim")
            text.append(option + "\n")
        self.app.call_from_thread(self._show_alternatives, position, text)

    def _show_alternatives(self, position: int, text: Text) -> None:
        if self.is_attached and self.query_one(ArticleView).current == position:
            self.query_one(LookupPanel).show_text(text)

    def _open_panel(self) -> LookupPanel:
        panel = self.query_one(LookupPanel)
        narrow = self.size.width < 100
        self.query_one("#reading").set_class(narrow, "-narrow")
        panel.set_class(narrow, "-bottom")
        panel.add_class("-open")
        return panel

    def action_correct_reading(self) -> None:
        """Asks for the right reading of the word under the cursor and keeps it everywhere."""
        from reader.tui.screens.correct import CorrectReading

        view = self.query_one(ArticleView)
        tokens = self.tokens.get(view.current, ())
        if not self.word_mode or view.cursor_token is None or view.cursor_token >= len(tokens):
            self.notify("Move to a word first (h/l), then press R.", timeout=3)
            return
        if not any(tokens[view.cursor_token].pinyin):
            self.notify("Only Chinese words have a reading to correct.", timeout=3)
            return
        words = [(t.start, t.end, t.pinyin) for t in tokens]
        target = correction_target(self.sentences[view.current].text, words, view.cursor_token)
        self.app.push_screen(CorrectReading(target), self._reading_saved)

    def _reading_saved(self, correction: Correction | None) -> None:
        if correction is None:
            return
        self.reader_app.reload_analysis()
        where = "everywhere" if correction.everywhere else "here"
        self.notify(f"Saved: {correction.word} {correction.reading} ({where}).", timeout=4)

    def action_corrections(self) -> None:
        """Lists the pinyin corrections; undoing one re-reads the article."""
        from reader.tui.screens.corrections import CorrectionsScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.reader_app.reload_analysis()

        self.app.push_screen(CorrectionsScreen(), closed)

    def reanalyze(self) -> None:
        """Analyses the article again (after a setting or a correction changed readings)."""
        self.analyze()

    def action_addresses(self) -> None:
        """Shows (and copies) the addresses of the image and links at the current sentence."""
        from reader.tui.links import addresses_near

        if self.article is None or not self.sentences:
            return
        found = addresses_near(self.article, self.sentences[self.query_one(ArticleView).current])
        if not found:
            self.notify("No image or link here.", timeout=2)
            return
        self.app.copy_to_clipboard(found[0][1])
        lines = "\n".join(f"{label}: {url}" for label, url in found)
        self.notify(f"{lines}\n(the first is copied)", title="Addresses", timeout=10)

    def action_export(self) -> None:
        """Exports this article as bilingual Markdown."""
        self.reader_app.action_export(self.slug)

    def action_back(self) -> None:
        """Closes the look-up panel, or leaves word mode, or goes back to the library."""
        panel = self.query_one(LookupPanel)
        view = self.query_one(ArticleView)
        if panel.has_class("-open"):
            panel.remove_class("-open")
            return
        if self.word_mode:
            self.word_mode = False
            view.set_cursor(view.current, None)
            return
        self.app.pop_screen()

    # for tests and the command palette ---------------------------------------------------

    @property
    def current(self) -> int:
        """The current sentence's position."""
        return self.state.sentence

    def go_to(self, sentence: int) -> None:
        """Makes ``sentence`` current (search and glossary jumps)."""
        self._go(sentence)
