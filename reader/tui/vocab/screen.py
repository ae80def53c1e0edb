"""Provides the vocabulary screen: the saved words with their states, a search, the selected
word's sentence and notes, and the actions on it (edit, delete, mark, jump back, export)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input, Static

from reader.errors import ReaderError
from reader.tui.messages import OpenArticle
from reader.tui.screens.base import ReaderScreen
from reader.tui.vocab.messages import VocabularyChanged
from reader.vocab.levels import label, word_level
from reader.vocab.model import State, VocabEntry
from reader.vocab.reading import marks

_STATE_STYLE: dict[State, str] = {"new": "bold", "learning": "yellow", "known": "green"}


def _cut(text: str, width: int) -> Text:
    out = Text(text)
    out.truncate(width, overflow="ellipsis")
    return out


def detail_text(entry: VocabEntry, state: State) -> Text:
    """The selected word in full: reading, English, sentence (word highlighted), its English,
    source and notes. Everything is appended literally (never parsed as markup)."""
    text = Text()
    text.append(entry.word, style="bold")
    if entry.traditional and entry.traditional not in (entry.word, entry.simplified):
        text.append(f" ({entry.traditional})", style="dim")
    text.append(f"  {marks(entry.reading)}", style="italic")
    level = word_level(entry.simplified)
    text.append(f"  · {state}" + (f" · HSK {label(level)}" if level is not None else ""), "dim")
    text.append("\n" + (entry.english or "(no English: press n to add it)"))
    if entry.sentence:
        text.append("\n\n")
        start = entry.word_start
        if start is None or entry.sentence[start : start + len(entry.word)] != entry.word:
            start = entry.sentence.find(entry.word)
        if start >= 0:
            end = start + len(entry.word)
            text.append(entry.sentence[:start])
            text.append(entry.sentence[start:end], style="bold underline")
            text.append(entry.sentence[end:])
        else:
            text.append(entry.sentence)
        if entry.sentence_en:
            text.append("\n" + entry.sentence_en, style="italic")
        text.append(f"\n— {entry.title}" + (f", {entry.source}" if entry.source else ""), "dim")
    if entry.notes:
        text.append("\n\nNotes: ", style="bold")
        text.append(entry.notes)
    return text


class VocabularyScreen(ReaderScreen[None]):
    """The saved words, newest first; / searches, enter goes back to the word's sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Go to sentence", tooltip="Open the article at the sentence"),
        Binding("slash", "focus_search", "Search", tooltip="Word, pinyin, English, notes, title"),
        Binding("n", "edit", "Edit", tooltip="Edit the word's English and notes"),
        Binding("m", "mark_known", "Known", tooltip="Mark the word known (again: learning)"),
        Binding("d,delete", "delete", "Delete", tooltip="Delete the saved word (asks first)"),
        Binding("x", "export", "Export", tooltip="Anki deck, CSV, TSV or Pleco list"),
        Binding("question_mark", "app.help", "Help"),
        Binding("escape", "back", "Back", tooltip="Clear the search, or back"),
        Binding("q", "app.quit", "Quit", show=False),
    ]
    CSS_PATH = "screen.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[VocabEntry] = []
        self.states: dict[str, State] = {}
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        """Search box, table of words, the selected word in full, footer."""
        yield Header()
        yield Input(placeholder="Search: word, pinyin (yinhang), English, notes…", id="search")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="words")
        yield Static("", id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """The columns, then the words."""
        self.title = "Vocabulary"
        table = self.query_one(DataTable)
        for name, key in (
            ("Word", "word"),
            ("Pinyin", "pinyin"),
            ("State", "state"),
            ("HSK", "hsk"),
            ("English", "english"),
            ("Article", "article"),
            ("Added", "added"),
        ):
            table.add_column(name, key=key)
        self.refresh_vocabulary()
        table.focus()

    def on_screen_resume(self) -> None:
        """Words saved or marked elsewhere meanwhile (also by ``reader vocab``) appear."""
        self.reader_app.vocabulary.reload()
        self.refresh_vocabulary()

    def on_resize(self) -> None:
        """Re-fits the English column."""
        self._fill()

    def refresh_vocabulary(self) -> None:
        """Reads the vocabulary again and redraws."""
        session = self.reader_app.vocabulary
        query = self.query_one("#search", Input).value
        try:
            self.entries = session.store.entries(query)
            self.states = session.states()
            self.error = None
        except ReaderError as exc:
            self.entries, self.error = [], str(exc)
        self._fill()

    def _fill(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        narrow = self.size.width < 100
        english_width = max(12, self.size.width - (68 if narrow else 70))
        for entry in self.entries:
            state = self.states.get(entry.simplified, "new")
            level = word_level(entry.simplified)
            table.add_row(
                Text(entry.word),
                Text(marks(entry.reading)),
                Text(state, style=_STATE_STYLE[state]),
                label(level) if level is not None else "",
                _cut(entry.english, english_width),
                _cut(entry.slug or "", 14 if narrow else 18),
                entry.added[:10],
                key=str(entry.id),
            )
        if self.entries:
            table.move_cursor(row=min(cursor, len(self.entries) - 1))
        self._show_detail()

    def selected(self) -> VocabEntry | None:
        """The highlighted entry."""
        table = self.query_one(DataTable)
        if not self.entries or not table.row_count:
            return None
        return self.entries[min(table.cursor_row, len(self.entries) - 1)]

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        entry = self.selected()
        if self.error:
            detail.update(Text(self.error, style="bold"))
        elif entry is not None:
            detail.update(detail_text(entry, self.states.get(entry.simplified, "new")))
        elif self.query_one("#search", Input).value.strip():
            detail.update(Text("No saved word matches the search.", style="dim"))
        else:
            detail.update(
                Text(
                    "No saved words yet. In an article, move to a word (h/l) and press w to save "
                    "it with its sentence; m marks a word known.",
                    style="dim",
                )
            )

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    @on(Input.Changed, "#search")
    def _search(self) -> None:
        self.refresh_vocabulary()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_search(self) -> None:
        """Moves to the search box."""
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Clears the search first, else goes back."""
        box = self.query_one("#search", Input)
        if box.value:
            box.value = ""
            self.query_one(DataTable).focus()
            return
        self.app.pop_screen()

    def action_open(self) -> None:
        """Opens the article at the sentence the word was saved from."""
        entry = self.selected()
        if entry is None:
            return
        if not entry.slug:
            self.notify("This word was saved without a sentence.", timeout=3)
            return
        position = sentence_position(self, entry)
        if position is None:
            return
        self.post_message(OpenArticle(entry.slug, position))

    def action_edit(self) -> None:
        """Edits the English and the notes of the highlighted word."""
        from reader.tui.vocab.dialogs import EditEntry

        entry = self.selected()
        if entry is None:
            return

        def done(changes: tuple[str, str] | None) -> None:
            if changes is None or entry.id is None:
                return
            english, notes = changes
            senses = [s.strip() for s in english.split(";")]
            try:
                if tuple(s for s in senses if s) != entry.senses:
                    self.reader_app.vocabulary.store.update(entry.id, senses=senses)
                if notes.strip() != entry.notes:
                    self.reader_app.vocabulary.store.update(entry.id, notes=notes)
            except ReaderError as exc:
                self.notify(str(exc), title="Vocabulary", severity="error")
                return
            self.refresh_vocabulary()

        self.app.push_screen(EditEntry(entry), done)

    def action_mark_known(self) -> None:
        """Marks the highlighted word known, or back to learning."""
        entry = self.selected()
        if entry is None:
            return
        try:
            new = self.reader_app.vocabulary.toggle_known(entry.simplified)
        except ReaderError as exc:
            self.notify(str(exc), title="Vocabulary", severity="error")
            return
        self.notify(f"{entry.word}: {new}", timeout=2)
        self.post_message(VocabularyChanged())

    def action_delete(self) -> None:
        """Deletes the highlighted word after asking."""
        from reader.tui.vocab.dialogs import Confirm

        entry = self.selected()
        if entry is None:
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.reader_app.vocabulary.delete(entry)
            except ReaderError as exc:
                self.notify(str(exc), title="Vocabulary", severity="error")
                return
            self.notify(f"Deleted {entry.word} {marks(entry.reading)}.", timeout=3)
            self.post_message(VocabularyChanged())

        question = f"Delete {entry.word} {marks(entry.reading)} from your vocabulary?"
        self.app.push_screen(Confirm(question, "Its learning state stays."), done)

    def action_export(self) -> None:
        """Exports the vocabulary (Anki, CSV, TSV or Pleco, from the file's extension)."""
        from reader.tui.vocab.dialogs import ExportVocabulary

        def done(path: str | None) -> None:
            if path:
                self.notify(f"Wrote {path}", title="Vocabulary exported", timeout=8)

        self.app.push_screen(ExportVocabulary(), done)

    def palette_commands(self):  # type: ignore[no-untyped-def]
        """The vocabulary's actions in the command palette."""
        from textual.app import SystemCommand

        yield SystemCommand(
            "Export the vocabulary", "Anki, CSV, TSV or Pleco (x)", self.action_export
        )


def sentence_position(screen: ReaderScreen[None], entry: VocabEntry) -> int | None:
    """The reading position of the sentence an entry was saved from (its id, else the same
    place, else the first sentence with the word); None, with a notice, when it is gone."""
    from reader.vocab.capture import find_in_sentence

    try:
        article = screen.reader_app.workspace.corpus.load(entry.slug or "")
    except ReaderError:
        screen.notify(f"The article {entry.slug} is no longer in the library.", title="Vocabulary")
        return None
    sentences = list(article.sentences())
    for position, sentence in enumerate(sentences):
        if sentence.id == entry.sentence_id:
            return position
    place = (entry.sentence_id or "").split("-")[0]
    for position, sentence in enumerate(sentences):
        if sentence.id.split("-")[0] == place and find_in_sentence(sentence.text, entry.word):
            return position
    for position, sentence in enumerate(sentences):
        if find_in_sentence(sentence.text, entry.word):
            screen.notify("The sentence has changed; showing the first with the word.")
            return position
    screen.notify(f"{entry.word} no longer occurs in {article.meta.title}.", title="Vocabulary")
    return None
