"""Provides the article screen's vocabulary actions: save the word under the cursor, mark it
known, mark a sentence's new words known, show word marks, and the look-up's level line.

A mixin of :class:`~reader.tui.screens.article.ArticleScreen` (its bindings are declared there,
where the help screen lists them); it uses the screen's reading, view and cursor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work

from reader.errors import ReaderError
from reader.text.chars import has_han
from reader.tui.vocab.marks import WordMarks
from reader.tui.vocab.messages import VocabularyChanged, WordInfoReady, WordSaved

if TYPE_CHECKING:
    from reader.tui.reading import SentenceState
    from reader.tui.screens.article import ArticleScreen
    from reader.vocab.session import VocabSession, WordInfo

_MOVE_FIRST = "Move to a word first (h/l, or enter to look it up), then press {key}."


def info_line(info: WordInfo) -> Text:
    """The look-up's first line: level, frequency and state, and the keys that change them."""
    text = Text(info.describe(), style="dim")
    text.append("\nw save · m " + ("learning" if info.state == "known" else "known"), "italic dim")
    return text


class VocabActions:
    """Saving and marking words from the article screen."""

    @property
    def _screen(self) -> ArticleScreen:
        return cast("ArticleScreen", self)

    def _session(self) -> VocabSession:
        return self._screen.reader_app.vocabulary

    def _word_at_cursor(self, key: str) -> tuple[SentenceState, int, str] | None:
        """The current sentence, the token under the cursor and its text; None (with a hint)
        when no Chinese word is under the cursor."""
        view = self._screen.view
        state = self._screen.reading[view.current] if self._screen.reading else None
        tokens = state.tokens if state is not None else None
        if not self._screen.word_mode or view.cursor_token is None or not tokens:
            self._screen.notify(_MOVE_FIRST.format(key=key), timeout=3)
            return None
        assert state is not None
        word = state.word_text(view.cursor_token)
        if not has_han(word):
            self._screen.notify("Only Chinese words are saved and marked.", timeout=3)
            return None
        return state, view.cursor_token, word

    # marks ---------------------------------------------------------------------------------

    def word_marks(self) -> WordMarks | None:
        """The marks to draw, when the setting is on (None: no marks)."""
        if not self._screen.reader_app.state.settings.word_marks:
            return None
        try:
            return WordMarks(self._session().states())
        except ReaderError as exc:
            self._screen.reader_app.report(str(exc), "Vocabulary")
            return None

    def refresh_marks(self) -> None:
        """Draws the words again after states changed or the setting was switched, and the
        look-up's level line (the word's state may have changed)."""
        from reader.tui.widgets.lookup_panel import LookupPanel

        screen = self._screen
        if screen.reading is None:
            return
        screen.view.set_paragraphs(screen._paragraph_views())
        panel = screen.query_one(LookupPanel)
        view = screen.view
        if panel.result is None or view.cursor_token is None or not screen.word_mode:
            return
        tokens = screen.reading[view.current].tokens or ()
        if view.cursor_token < len(tokens):
            word = screen.reading[view.current].word_text(view.cursor_token)
            if not has_han(word):
                return
            try:  # a few indexed queries: done here, so the line never shows a stale state
                info = self._session().info(word)
            except ReaderError:
                return
            panel.show_info(info_line(info))

    # actions -------------------------------------------------------------------------------

    def action_save_word(self) -> None:
        """Saves the word under the cursor with its reading, English and sentence."""
        found = self._word_at_cursor("w")
        if found is None:
            return
        state, token, _word = found
        self._save_word(state.position, token)

    @work(thread=True, group="vocab-save", exit_on_error=False)
    def _save_word(self, position: int, token_index: int) -> None:
        from reader.vocab.capture import Context, make_entry, reading_of

        assert self._screen.reading is not None
        state = self._screen.reading[position]
        sentence = state.sentence
        token = (state.tokens or ())[token_index]
        ws = self._screen.reader_app.workspace
        translation = state.translation
        english = translation.text if translation and translation.engine != "gloss" else ""
        try:
            # The reading in citation tones (the view may show tone sandhi).
            tokens = ws.analyzer.analyze(sentence.text)
            context = Context(
                self._screen.reading.article, sentence, token.start, token.end, english
            )
            entry = make_entry(
                ws,
                sentence.text[token.start : token.end],
                reading_of(tokens, token.start, token.end),
                context=context,
                term=token.term,
                require_english=False,
            )
            stored, created = self._session().save(entry)
        except ReaderError as exc:
            self._screen.post_message(WordSaved(None, error=str(exc)))
            return
        self._screen.post_message(WordSaved(stored, created))

    def on_word_saved(self, message: WordSaved) -> None:
        """Says what was saved; the word's mark and the look-up follow."""
        from reader.vocab.reading import marks

        entry = message.entry
        if entry is None:
            self._screen.notify(message.error or "Not saved.", title="Vocabulary", severity="error")
            return
        verb = "Saved" if message.created else "Saved again (this sentence)"
        if entry.senses:
            english = entry.english if len(entry.english) <= 60 else entry.english[:59] + "…"
            self._screen.notify(
                f"{verb}: {entry.word} {marks(entry.reading)} — {english}", timeout=4
            )
        else:
            self._screen.notify(
                f"{verb}: {entry.word} {marks(entry.reading)}. It is in no dictionary: add its "
                "English in the vocabulary (v, then n).",
                timeout=8,
            )
        self._screen.post_message(VocabularyChanged())

    def action_mark_known(self) -> None:
        """Marks the word under the cursor known, or a known word back to learning."""
        found = self._word_at_cursor("m")
        if found is None:
            return
        _state, _token, word = found
        try:
            new = self._session().toggle_known(word)
        except ReaderError as exc:
            self._screen.notify(str(exc), title="Vocabulary", severity="error")
            return
        hint = "" if self._screen.reader_app.state.settings.word_marks else " (word marks: ctrl+p)"
        self._screen.notify(f"{word}: {new}{hint}", timeout=2)
        self._screen.post_message(VocabularyChanged())

    def action_mark_sentence_known(self) -> None:
        """Marks every new word of the current sentence known (words being learnt stay)."""
        if self._screen.reading is None:
            return
        state = self._screen.reading[self._screen.view.current]
        if not state.tokens:
            self._screen.notify("Words appear once the text is analysed…", timeout=2)
            return
        session = self._session()
        try:
            states = session.states()
            words = [k for k in WordMarks(states).keys(state.sentence.text, state.tokens) if k]
            new = sorted({w for w in words if states.get(w, "new") == "new"})
            changed = session.set_state(new, "known") if new else 0
        except ReaderError as exc:
            self._screen.notify(str(exc), title="Vocabulary", severity="error")
            return
        self._screen.notify(
            f"Marked {changed} new word{'s' if changed != 1 else ''} of this sentence known."
            if changed
            else "This sentence has no new words.",
            timeout=2,
        )
        if changed:
            self._screen.post_message(VocabularyChanged())

    # the look-up's level line --------------------------------------------------------------

    def post_word_info(self, sentence: int, token: int, word: str) -> None:
        """From the look-up worker: the word's level, frequency and state for the panel."""
        if not has_han(word):
            return
        try:
            info = self._session().info(word)
        except ReaderError:
            return  # the look-up itself is shown; the vocabulary's problem is reported elsewhere
        self._screen.post_message(WordInfoReady(sentence, token, info))

    def on_word_info_ready(self, message: WordInfoReady) -> None:
        """Shows the level line unless the cursor has moved on meanwhile."""
        from reader.tui.widgets.lookup_panel import LookupPanel

        view = self._screen.view
        if (view.current, view.cursor_token) == (message.sentence, message.token):
            self._screen.query_one(LookupPanel).show_info(info_line(message.info))
