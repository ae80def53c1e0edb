"""Provides the article screen: aligned bilingual reading with pinyin, look-up and layouts."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.lookup import look_up
from reader.model import Article
from reader.pinyin.overrides import Correction, correction_target
from reader.plural import plural
from reader.state import LAYOUT_NAMES, LAYOUTS, SCRIPTS, ArticleState, Script
from reader.text.script import to_simplified, to_traditional
from reader.translation.lookup import translations_for
from reader.tui.later import after
from reader.tui.layout import ParagraphView, TokenView
from reader.tui.messages import (
    AlternativesReady,
    AnalysisReady,
    ExportArticle,
    LookupReady,
    ReadingsChanged,
    ShowGlossaryEntry,
    TranslationDone,
    TranslationProgress,
)
from reader.tui.reading import ArticleReading, check_english, is_word
from reader.tui.screens.base import ReaderScreen
from reader.tui.status import Part, fit_status
from reader.tui.vocab.article_actions import VocabActions
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entry import related
from reader.tui.widgets.lookup_panel import LookupPanel

_SENTENCE = Binding.Group("Sentence")
PinyinMode = Literal["off", "all", "sentence"]
PINYIN_STATUS: dict[PinyinMode, str] = {
    "off": "pinyin off",
    "all": "pinyin on",
    "sentence": "pinyin: this sentence",
}


class ArticleScreen(VocabActions, ReaderScreen[None]):
    """One article: the current sentence moves with j/k, the word cursor with h/l."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows what fits at 80 columns; help (?) lists every key.
        Binding("j,down", "move(1)", "Next", tooltip="Next sentence", group=_SENTENCE),
        Binding("k,up", "move(-1)", "Previous", tooltip="Previous sentence", group=_SENTENCE),
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
            tooltip="Pinyin for the current sentence only (it follows the cursor), on or off",
        ),
        Binding(
            "t",
            "cycle_layout",
            "Layout",
            tooltip="Layout: interleaved, side by side, Chinese only, English only",
        ),
        Binding(
            "s",
            "cycle_script",
            "Script",
            show=False,
            tooltip="Characters: original, simplified, traditional",
        ),
        Binding(
            "r",
            "reveal",
            "Reveal English",
            show=False,
            tooltip="Chinese-only layout: the current sentence's English, shown or hidden",
        ),
        Binding(
            "right_square_bracket",
            "heading(1)",
            "Next heading",
            show=False,
            tooltip="Next heading",
        ),
        Binding(
            "left_square_bracket",
            "heading(-1)",
            "Previous heading",
            show=False,
            tooltip="Previous heading",
        ),
        Binding(
            "plus",
            "more_senses",
            "More senses",
            show=False,
            key_display="+",
            tooltip="Look-up panel: every dictionary sense, or the first few again",
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
        Binding(
            "g",
            "glossary",
            "Glossary",
            tooltip="Glossary of AI terms (at the term in the look-up panel, if any)",
        ),
        Binding("slash", "app.search", "Search", tooltip="Search every article"),
        Binding("e", "export", "Export", show=False, tooltip="Export as bilingual Markdown"),
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
        Binding(
            "w", "save_word", "Save word", show=False, tooltip="Save the word with its sentence"
        ),
        Binding(
            "m",
            "mark_known",
            "Known",
            show=False,
            tooltip="Mark the word known (again: back to learning)",
        ),
        Binding(
            "M",
            "mark_sentence_known",
            "Sentence known",
            show=False,
            tooltip="Mark every new word of the current sentence known",
        ),
        Binding("v", "app.vocabulary", "Vocabulary", show=False, tooltip="Your saved words"),
        Binding("question_mark", "app.help", "Help"),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            tooltip="Close the look-up, leave the word cursor, or back to the library",
        ),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    CSS_PATH = "article.tcss"
    KEYS_NOTE = (
        "Click a word to look it up; in the look-up panel, click “… more” for every sense and "
        "a related term's name to open it.\n"
        "Pinyin colours follow tone: 1 red · 2 green · 3 blue · 4 purple · neutral grey.\n"
        "The gutter marks each translation: c curated, m machine (argos), l local LLM, "
        "g word glosses, ! stale.\n"
        "The command palette (ctrl+p) has the settings: tone colours, tone sandhi, neutral "
        "tones, line width, specialist terms only, the translation engine and its LLM server."
    )

    def __init__(self, slug: str, sentence: int | None = None) -> None:
        super().__init__()
        self.slug = slug
        self.start_sentence = sentence
        # What the screen shows about the article, by reading position (None until loaded).
        # The cursor (current sentence, word) lives in the view, which paints it; the layout
        # and pinyin in the view's options. Only the script and modes are kept here.
        self.reading: ArticleReading | None = None
        self.script: Script = "original"
        self.progress: tuple[int, int] | None = None  # machine translation: done, total
        self.auto_translate = True
        self.word_mode = False
        self.reveal = True  # Chinese-only layout: the current sentence's English is shown
        self._save_timer: asyncio.TimerHandle | None = None
        # The article view holds the cursor and the layout options (kept for on_unmount,
        # when the screen's children can no longer be queried).
        self.view = ArticleView(id="article")

    def compose(self) -> ComposeResult:
        """Header, the article view, the look-up panel, a status line and the footer."""
        yield Header()
        with Horizontal(id="reading"):
            yield self.view
            yield LookupPanel(id="lookup")
        yield Static(id="status")
        yield Footer(compact=True)

    @property
    def article(self) -> Article | None:
        """The open article (None until loaded, or when it could not be read)."""
        return self.reading.article if self.reading is not None else None

    @property
    def current(self) -> int:
        """The current sentence's position."""
        return self.view.current

    # loading ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        """Shows the text at once; pinyin and term highlighting follow from a worker."""
        ws = self.reader_app.workspace
        try:
            article = ws.corpus.load(self.slug)
            # Only stored translations here (fast); glosses and machine translation follow
            # from workers, so a long untranslated article opens as fast as any other.
            self.reading = ArticleReading(article, translations_for(ws, article, glosses=False))
        except ReaderError as exc:
            self.notify(str(exc), title="Cannot open the article", severity="error", timeout=10)
            self.app.call_later(self.app.pop_screen)
            return
        self.reader_app.show_notices()
        self.title = article.meta.title
        self.sub_title = article.meta.author or article.meta.source or ""
        saved = self.reader_app.state.article(self.slug)
        self.script = saved.script
        start = saved.sentence if self.start_sentence is None else self.start_sentence
        view = self.view
        view.options = replace(
            view.options,
            mode=saved.layout,
            pinyin=saved.pinyin,
            tone_colors=self.reader_app.state.settings.tone_colors,
        )
        view.max_width = self.reader_app.state.settings.line_width
        view.general_terms = not self.reader_app.state.settings.specialist_terms_only
        view.current = max(0, min(start, len(self.reading) - 1))
        if saved.pinyin_here and not saved.pinyin:
            view.options = replace(view.options, pinyin_sentences=frozenset({view.current}))
        view.set_paragraphs(self._paragraph_views())
        self.call_after_refresh(view.scroll_to_current)
        self._update_status()
        view.focus()
        self._pending("analysis")
        self.call_after_refresh(self.analyze)  # after the text is on screen

    def _pending(self, name: str, done: bool = False) -> None:
        """Notes this screen's background work in the app's record (tests wait on it)."""
        key = f"{name}:{id(self)}"
        if done:
            self.reader_app.pending.end(key)
        else:
            self.reader_app.pending.begin(key)

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyze(self) -> None:
        """Segments every sentence and finds glossary terms in the English (off the UI thread)."""
        from reader.analysis_cache import AnalysisCancelled, analyze_all  # not before a frame

        worker = get_current_worker()
        reading = self.reading
        if reading is None:
            return
        ws = self.reader_app.workspace
        sandhi = self.reader_app.state.settings.tone_sandhi
        general = {e.id for e in ws.glossary.entries if e.general}
        sentences = [state.sentence for state in reading]
        try:  # the analysis cache has the words of articles read before
            analysed = analyze_all(
                ws,
                [(s.text, s.atoms) for s in sentences],
                tone_sandhi=sandhi,
                stop=lambda: worker.is_cancelled,
            )
        except AnalysisCancelled:
            return
        tokens = [
            tuple(
                TokenView(
                    t.start,
                    t.end,
                    t.pinyin,
                    t.term,
                    is_word(t.text) and not t.atom,
                    t.term in general,
                )
                for t in found
            )
            for found in analysed
        ]
        translations = reading.translations()
        if any(s.translation is None for s in reading):
            try:  # word glosses for what has no translation yet (stored once computed)
                translations = translations_for(ws, reading.article)
            except ReaderError as exc:
                self.app.call_from_thread(
                    self.notify, str(exc), title="Glosses", severity="warning"
                )
        english = check_english(ws, reading.article, translations)
        if not worker.is_cancelled:
            self.post_message(AnalysisReady(tokens, english))

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        """Shows the words, pinyin and term highlights; starts the model where it can help."""
        self._pending("analysis", done=True)
        if self.reading is None or not self.is_attached:
            return
        self.reading.set_tokens(message.tokens)
        self.reading.set_english(message.english)
        self.reader_app.show_notices()
        if self.auto_translate and self.reading.machine_missing():
            self._auto_translate()
        self._update_status()
        view = self.view
        view.set_paragraphs(self._paragraph_views())
        view.scroll_to_current()
        if self.word_mode:
            self._set_word(self._first_word(view.current))

    # machine translation -----------------------------------------------------------------

    def _auto_translate(self) -> None:
        """On opening: argos runs by itself (it is local and cheap); for the llm engine, an
        article with no English at all gets an offer, once per session."""
        from reader.translation.engines import describe, readiness

        reading = self.reading
        settings = self.reader_app.state.settings
        if settings.engine == "argos":
            self.translate()
            return
        if reading is None:
            return
        no_english = reading.machine_missing() == len(reading)
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

        offer = TranslateOffer(reading.article.meta.title, describe(settings), len(reading))
        self.app.push_screen(offer, answered)

    def action_translate(self) -> None:
        """Translates the article with the chosen engine in the background, or stops it."""
        running = [w for w in self.workers if w.group == "translate" and w.is_running]
        if running:
            for worker in running:
                worker.cancel()
            self.notify("Stopping after the current batch; what is done is kept.", timeout=3)
            return
        if self.reading is None or not self.reading.machine_missing():
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

    def translate(self) -> None:
        """Starts machine translation of the sentences that show a gloss or nothing."""
        self._pending("translate")
        self._run_translation()

    @work(thread=True, exclusive=True, group="translate", exit_on_error=False)
    def _run_translation(self) -> None:
        """Runs the chosen engine over the untranslated sentences; results appear batch by
        batch."""
        from reader.translation.engines import llm_config, readiness
        from reader.translation.runner import translate_article

        settings = self.reader_app.state.settings
        engine = settings.engine
        reading = self.reading
        if engine == "gloss" or readiness(settings) or reading is None:
            self.post_message(TranslationDone(cancelled=False, error=None, started=False))
            return
        worker = get_current_worker()
        ws = self.reader_app.workspace
        article = reading.article

        def progress(done: int, total: int) -> None:
            merged = {**reading.translations(), **translations_for(ws, article, glosses=False)}
            self.post_message(TranslationProgress(check_english(ws, article, merged), done, total))

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
            self.post_message(TranslationDone(cancelled=False, error=str(exc)))
            return
        finally:
            if session is not None:
                session.close()
        self.post_message(TranslationDone(summary.cancelled))

    def on_translation_progress(self, message: TranslationProgress) -> None:
        """Shows the English of the batches done so far."""
        if self.reading is None or not self.is_attached:
            return
        self.reading.set_english(message.english)
        self.progress = (message.done, message.total)
        self.view.set_paragraphs(self._paragraph_views())
        self._update_status()

    def on_translation_done(self, message: TranslationDone) -> None:
        """Says how the translation ended."""
        self._pending("translate", done=True)
        if self.reading is None or not self.is_attached or not message.started:
            return
        self.progress = None
        self._update_status()
        left = self.reading.machine_missing()
        if message.error is not None:
            self.notify(message.error, title="Translation stopped", severity="error", timeout=10)
        elif message.cancelled:
            self.notify(f"Translation stopped; {plural(left, 'sentence')} left (T resumes).")
        elif left:
            self.notify(
                f"The model left {plural(left, 'sentence')} untranslated; they show glosses.",
                timeout=6,
            )
        else:
            self.notify("Article translated.", timeout=3)

    def _display_text(self, text: str) -> str:
        if self.script == "simplified":
            return to_simplified(text)
        if self.script == "traditional":
            return to_traditional(text)
        return text

    def _paragraph_views(self) -> list[ParagraphView]:
        assert self.reading is not None
        marks = self.word_marks()
        return self.reading.paragraph_views(
            self._display_text,
            (lambda s: marks.marks(s.sentence.text, s.tokens)) if marks is not None else None,
        )

    # state --------------------------------------------------------------------------------

    def _update_status(self) -> None:
        if not self.reading:
            return
        view = self.view
        state = self.reading[view.current]
        t = state.translation
        engine = ("stale curated" if t.stale else t.engine) if t else "no translation"
        parts = [
            Part(f"{view.current + 1}/{len(self.reading)}", 0),
            Part(engine, 1),
            Part(LAYOUT_NAMES[view.options.mode], 4),
            Part(PINYIN_STATUS[self.pinyin_mode], 2),
            Part(self.script, 5),
        ]
        if not self.reading.analysed:
            parts.append(Part("analysing…", 1, "italic"))
        if self.progress is not None:
            done, total = self.progress
            parts.append(Part(f"translating {done}/{total}", 1, "italic"))
        if state.english.missing:
            glossary = self.reader_app.workspace.glossary
            names = ", ".join(
                e.en for m in state.english.missing if (e := glossary.get(m)) is not None
            )
            parts.append(Part(f"English lacks: {names}", 0, "bold", shrinks=True))
        status = self.query_one("#status", Static)
        width = status.content_region.width or self.size.width - 2
        status.update(fit_status(parts, width))

    def saved_state(self) -> ArticleState:
        """Where the reader is and how the article is shown, as it is saved."""
        view = self.view
        return ArticleState(
            sentence=view.current,
            layout=view.options.mode,
            pinyin=view.options.pinyin,
            pinyin_here=self.pinyin_mode == "sentence",
            script=self.script,
        )

    def _changed(self) -> None:
        """Persists the reading state shortly after the last change."""
        self._update_status()
        if self._save_timer is not None:
            self._save_timer.cancel()
        self._save_timer = after(self, 0.5, self._save)

    def _save(self) -> None:
        try:
            self.reader_app.state.set_article(self.slug, self.saved_state())
        except ReaderError as exc:
            self.notify(str(exc), title="Reading position not saved", severity="warning")

    def on_unmount(self) -> None:
        """Saves the reading position when the screen closes (its work is given up)."""
        for name in ("analysis", "translate"):
            self._pending(name, done=True)
        if self._save_timer is not None:
            self._save_timer.cancel()
        if self.reading:
            self._save()

    # movement -----------------------------------------------------------------------------

    def _go(self, sentence: int, *, last_word: bool = False) -> None:
        """Makes ``sentence`` current; in word mode the cursor goes to its first (or last)
        word."""
        if not self.reading:
            return
        view = self.view
        sentence = max(0, min(sentence, len(self.reading) - 1))
        words = self._words(sentence) if self.word_mode else []
        token = (words[-1] if last_word else words[0]) if words else None
        follow: dict[str, object] = {}  # what follows the cursor: the revealed English, pinyin
        if view.options.mode == "zh" and self.reveal:
            follow["reveal"] = sentence
        if self.pinyin_mode == "sentence":
            follow["pinyin_sentences"] = frozenset({sentence})
        if follow:
            view.current = sentence
            view.set_options(**follow)
        view.set_cursor(sentence, token)
        view.scroll_to_current()
        self._changed()
        if self.word_mode and self._panel_open():
            self._look_up()

    def action_move(self, delta: int) -> None:
        """Next or previous sentence."""
        self._go(self.view.current + delta)

    def action_edge(self, end: int) -> None:
        """First or last sentence."""
        self._go(len(self.reading or ()) - 1 if end else 0)

    def action_page(self, direction: int) -> None:
        """Scrolls a page and makes the first sentence on it current."""
        view = self.view
        height = view.scrollable_content_region.height
        view.scroll_to(
            y=max(0, view.scroll_offset.y + direction * (height - 1)), animate=False, immediate=True
        )
        first = view.first_visible_sentence()
        if first is not None:
            self._go(first)

    def on_article_view_clicked(self, event: ArticleView.Clicked) -> None:
        """A click selects a sentence; a click on a word looks it up."""
        state = self.reading[event.sentence] if self.reading else None
        if event.token is not None and state is not None and event.token in state.words():
            self.word_mode = True
            self._go(event.sentence)
            self.view.set_cursor(event.sentence, event.token)
            self._open_panel()
            self._look_up()
        else:
            self._go(event.sentence)

    def action_heading(self, direction: int) -> None:
        """The next (or previous) heading's first sentence."""
        if not self.reading:
            return
        current = self.view.current
        headings = self.reading.heading_positions()
        ahead = [p for p in headings if (p - current) * direction > 0]
        if not ahead:
            self.notify("No heading " + ("after" if direction > 0 else "before") + " this.")
            return
        self._go(min(ahead, key=lambda p: abs(p - current)))

    # words and look-up --------------------------------------------------------------------

    def _words(self, sentence: int) -> list[int]:
        return self.reading[sentence].words() if self.reading else []

    def _first_word(self, sentence: int) -> int | None:
        words = self._words(sentence)
        return words[0] if words else None

    def _set_word(self, token: int | None) -> None:
        view = self.view
        view.set_cursor(view.current, token)
        if self._panel_open():
            self._look_up()

    def _words_hidden(self) -> bool:
        """True (and says so) when there are no Chinese words on screen to move over."""
        if self.reading is None or not self.reading.analysed:
            self.notify("Words appear once the text is analysed…", timeout=2)
            return True
        if self.view.options.mode == "en":
            self.notify(
                "The English-only layout hides the Chinese words: press t for a layout "
                "that shows them.",
                timeout=3,
            )
            return True
        return False

    def action_word(self, delta: int) -> None:
        """Moves the word cursor; past the first or last word, on to the neighbouring
        sentence."""
        if self._words_hidden():
            return
        view = self.view
        words = self._words(view.current)
        if words and (not self.word_mode or view.cursor_token not in words):
            self.word_mode = True
            self._set_word(words[0] if delta > 0 else words[-1])
            return
        token = view.cursor_token
        position = words.index(token) + delta if words and token is not None else -1
        if 0 <= position < len(words):
            self._set_word(words[position])
            return
        following = self._sentence_with_words(view.current + delta, delta)
        if following is not None:
            self.word_mode = True
            self._go(following, last_word=delta < 0)

    def _sentence_with_words(self, start: int, step: int) -> int | None:
        """The first sentence from ``start`` in direction ``step`` that has words."""
        position = start
        while self.reading and 0 <= position < len(self.reading):
            if self._words(position):
                return position
            position += step
        return None

    def _panel_open(self) -> bool:
        return self.query_one(LookupPanel).has_class("-open")

    def action_look_up(self) -> None:
        """Opens the look-up panel for the word under the cursor."""
        if self._words_hidden():
            return
        view = self.view
        if not self.word_mode or view.cursor_token is None:
            first = self._first_word(view.current)
            if first is None:
                self.notify("This sentence has no words to look up.", timeout=2)
                return
            self.word_mode = True
            view.set_cursor(view.current, first)
        self._open_panel()
        self._look_up()

    def _look_up(self) -> None:
        view = self.view
        if self.reading is None or view.cursor_token is None:
            return
        if view.cursor_token >= len(self.reading[view.current].tokens or ()):
            return
        self.query_one(LookupPanel).show_message("Looking up…")
        self._run_look_up(view.current, view.cursor_token)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _run_look_up(self, sentence: int, token: int) -> None:
        from reader.analysis import Token

        assert self.reading is not None
        state = self.reading[sentence]
        text = state.sentence.text
        tv = (state.tokens or ())[token]
        result = look_up(
            self.reader_app.workspace,
            text,
            Token(text[tv.start : tv.end], tv.start, tv.end, tv.pinyin, tv.term),
        )
        if not get_current_worker().is_cancelled:
            self.post_message(LookupReady(sentence, token, result))
            self.post_word_info(sentence, token, text[tv.start : tv.end])

    def on_lookup_ready(self, message: LookupReady) -> None:
        """Shows a look-up unless the cursor has moved on meanwhile."""
        view = self.view
        if (view.current, view.cursor_token) == (message.sentence, message.token):
            term = message.result.term
            see_also = related(self.reader_app.workspace.glossary, term) if term else []
            self.query_one(LookupPanel).show(message.result, see_also)

    def action_more_senses(self) -> None:
        """Every dictionary sense in the look-up panel, or the first few again."""
        if not self._panel_open() or not self.query_one(LookupPanel).toggle_senses():
            self.notify("Every sense is shown.", timeout=2)

    def action_see_also(self, entry_id: str) -> None:
        """Opens a related glossary entry in the look-up panel (its name was clicked)."""
        glossary = self.reader_app.workspace.glossary
        entry = glossary.get(entry_id)
        if entry is not None:
            self._open_panel().show_entry(entry, related(glossary, entry))

    def action_panel_back(self) -> None:
        """From a related entry back to the word's look-up."""
        self.query_one(LookupPanel).back()

    def action_glossary(self) -> None:
        """The glossary, at the term the look-up panel shows (if any)."""
        panel = self.query_one(LookupPanel)
        shown = panel.entry or (panel.result.term if panel.result else None)
        if self._panel_open() and shown is not None:
            self.post_message(ShowGlossaryEntry(shown.id))
        else:
            self.post_message(ShowGlossaryEntry(None))

    # display options ----------------------------------------------------------------------

    @property
    def pinyin_mode(self) -> PinyinMode:
        """Pinyin over every word ("all"), over the current sentence ("sentence") or none."""
        options = self.view.options
        if options.pinyin:
            return "all"
        return "sentence" if options.pinyin_sentences else "off"

    def action_pinyin(self) -> None:
        """Pinyin above every word of the article, on or off."""
        on = self.pinyin_mode != "all"
        self.view.set_options(pinyin=on, pinyin_sentences=frozenset())
        self._after_option_change("pinyin")

    def action_pinyin_sentence(self) -> None:
        """Pinyin for the current sentence only, on or off; it follows the cursor."""
        view = self.view
        here = frozenset() if self.pinyin_mode == "sentence" else frozenset({view.current})
        view.set_options(pinyin=False, pinyin_sentences=here)
        self._after_option_change("pinyin")

    def _after_option_change(self, what: str) -> None:
        if what == "pinyin" and self.reading is not None and not self.reading.analysed:
            self.notify("Pinyin appears as soon as the text is analysed…", timeout=3)
        self.view.scroll_to_current()
        self._changed()

    def action_cycle_layout(self) -> None:
        """Interleaved → side by side → Chinese only → English only."""
        view = self.view
        layout = LAYOUTS[(LAYOUTS.index(view.options.mode) + 1) % len(LAYOUTS)]
        reveal = view.current if layout == "zh" and self.reveal else None
        if layout == "en" and self.word_mode:  # no Chinese words on screen to point at
            self.word_mode = False
            view.set_cursor(view.current, None)
            self.query_one(LookupPanel).remove_class("-open")
        view.set_options(mode=layout, reveal=reveal)
        self.notify(f"Layout: {LAYOUT_NAMES[layout]}", timeout=1.5)
        self._after_option_change("layout")

    def action_cycle_script(self) -> None:
        """Original → simplified → traditional characters."""
        self.script = SCRIPTS[(SCRIPTS.index(self.script) + 1) % len(SCRIPTS)]
        if self.reading is not None:
            self.view.set_paragraphs(self._paragraph_views())
        self.notify(f"Script: {self.script}", timeout=1.5)
        self._after_option_change("script")

    def action_reveal(self) -> None:
        """In the Chinese-only layout, shows or hides the current sentence's English."""
        view = self.view
        self.reveal = not self.reveal
        view.set_options(reveal=view.current if self.reveal else None)
        if view.options.mode != "zh":
            self.notify("Reveal applies to the Chinese-only layout (press t).", timeout=2)
        self._after_option_change("reveal")

    def set_tone_colors(self, on: bool) -> None:
        """Applies the tone-colour setting."""
        self.view.set_options(tone_colors=on)

    def set_line_width(self, cells: int) -> None:
        """Applies the readable line width (0: the terminal's width)."""
        self.view.set_max_width(cells)
        self.view.scroll_to_current()

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
        self._run_alternatives(self.view.current)

    @work(thread=True, exclusive=True, group="lookup", exit_on_error=False)
    def _run_alternatives(self, position: int) -> None:
        from reader.translation.runner import alternatives_for

        assert self.reading is not None
        state = self.reading[position]
        sentence = state.sentence
        article = self.reading.article
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
                    found = llm_alternatives(self.reader_app.workspace, article, sentence, session)
                heading = f"\n{session.model}, first rendering first (a asks for another)\n"
            else:
                found = alternatives_for(self.reader_app.workspace, article, sentence)
        except ReaderError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Alternatives", severity="error")
            return
        text = Text()
        text.append(sentence.text + "\n", style="bold")
        curated = state.translation
        if curated is not None and curated.engine == "curated":
            text.append("\nCurated\n", style="bold")
            text.append(curated.text + "\n")
        text.append(heading, style="bold")
        for n, option in enumerate(found, 1):
            text.append(f"{n}. ", style="dim")
            text.append(option + "\n")
        self.post_message(AlternativesReady(position, text))

    def on_alternatives_ready(self, message: AlternativesReady) -> None:
        """Shows the alternatives unless the reader has moved to another sentence."""
        if self.view.current == message.sentence:
            self.query_one(LookupPanel).show_text(message.text)

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

        view = self.view
        state = self.reading[view.current] if self.reading else None
        tokens = state.tokens or () if state else ()
        if not self.word_mode or view.cursor_token is None or view.cursor_token >= len(tokens):
            self.notify("Move to a word first (h/l), then press R.", timeout=3)
            return
        assert state is not None
        if not any(tokens[view.cursor_token].pinyin):
            self.notify("Only Chinese words have a reading to correct.", timeout=3)
            return
        words = [(t.start, t.end, t.pinyin) for t in tokens]
        target = correction_target(state.sentence.text, words, view.cursor_token)
        self.app.push_screen(CorrectReading(target), self._reading_saved)

    def _reading_saved(self, correction: Correction | None) -> None:
        if correction is None:
            return
        self.post_message(ReadingsChanged())
        where = "everywhere" if correction.everywhere else "here"
        self.notify(f"Saved: {correction.word} {correction.reading} ({where}).", timeout=4)

    def action_corrections(self) -> None:
        """Lists the pinyin corrections; undoing one re-reads the article."""
        from reader.tui.screens.corrections import CorrectionsScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.post_message(ReadingsChanged())

        self.app.push_screen(CorrectionsScreen(), closed)

    def reanalyze(self) -> None:
        """Analyses the article again (after a setting or a correction changed readings)."""
        self.analyze()

    def action_addresses(self) -> None:
        """Shows (and copies) the addresses of the image and links at the current sentence."""
        from reader.tui.links import addresses_near

        reading = self.reading
        if reading is None or not len(reading):
            return
        found = addresses_near(reading.article, reading[self.view.current].sentence)
        if not found:
            self.notify("No image or link here.", timeout=2)
            return
        self.app.copy_to_clipboard(found[0][1])
        lines = "\n".join(f"{label}: {url}" for label, url in found)
        self.notify(f"{lines}\n(the first is copied)", title="Addresses", timeout=10)

    def action_export(self) -> None:
        """Exports this article as bilingual Markdown."""
        self.post_message(ExportArticle(self.slug))

    def action_back(self) -> None:
        """Closes the look-up panel, or leaves word mode, or goes back to the library."""
        panel = self.query_one(LookupPanel)
        view = self.view
        if panel.has_class("-open"):
            if not panel.back():  # from a related entry to the word first
                panel.remove_class("-open")
            return
        if self.word_mode:
            self.word_mode = False
            view.set_cursor(view.current, None)
            return
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The article's actions in the command palette."""
        yield SystemCommand("Pinyin", "Pinyin above every word, on or off (p)", self.action_pinyin)
        yield SystemCommand(
            "Pinyin for this sentence", "Toggle pinyin here (P)", self.action_pinyin_sentence
        )
        yield SystemCommand(
            "Next layout",
            "Interleaved, side by side, Chinese, English (t)",
            self.action_cycle_layout,
        )
        yield SystemCommand(
            "Next script", "Original, simplified, traditional (s)", self.action_cycle_script
        )
        yield SystemCommand(
            "Look up the word", "Dictionary and glossary for the word (enter)", self.action_look_up
        )
        yield SystemCommand(
            "Pinyin corrections", "List and undo your corrections (C)", self.action_corrections
        )
        yield SystemCommand(
            "Save the word", "Save the word with its sentence (w)", self.action_save_word
        )
        yield SystemCommand(
            "Mark the word known", "Or back to learning (m)", self.action_mark_known
        )
        yield SystemCommand(
            "Mark the sentence's new words known", "(M)", self.action_mark_sentence_known
        )

    def go_to(self, sentence: int) -> None:
        """Makes ``sentence`` current (search and glossary jumps)."""
        self._go(sentence)
