"""Attacks on the reader (the TUI), driven with Textual's pilot, one per test.

Hostile articles open without a crash and show their text literally; nothing that reaches the
terminal carries a control character (an escape sequence in an article, a title or a translation
would recolour, move, retitle or set the clipboard of the user's terminal); damaged user data and
caches never stop the reader, and the problems it carried on past are shown, each once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.dialogs import MessageDialog
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.article_view import ArticleView
from reader.workspace import Workspace
from tests.conftest import ROOT
from tests.hostile_support import LAUGHS, slow
from tests.tui_support import recorder, settle

SIZE = (100, 30)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def shared_workspace(corpus: Path | None, session: Workspace) -> Workspace:
    """A workspace on ``corpus`` (default: bundled plus imports) that borrows the session's
    loaded glossary, analyzer and dictionary (loading them takes seconds)."""
    ws = Workspace(str(corpus) if corpus else None)
    ws.__dict__["glossary"] = session.glossary
    ws.__dict__["analyzer"] = session.analyzer
    ws.__dict__["dictionary"] = session.dictionary
    return ws


def shown_text(screen: ArticleScreen, role: str | None = None) -> str:
    """Every character the article view lays out, line by line (only lines of ``role``, such as
    "zh" for the Chinese, when given)."""
    view = screen.query_one(ArticleView)
    return "\n".join(
        "".join(sp.text for sp in line.spans)
        for line in view.document.lines
        if role is None or line.role == role
    )


def painted(screen: ArticleScreen) -> list[str]:
    """The text of every segment the article view paints for the visible lines."""
    view = screen.query_one(ArticleView)
    return [seg.text for y in range(view.size.height) for seg in view.render_line(y)]


def import_text(tmp_path: Path, text: str, slug: str, name: str = "a.txt") -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    assert main(["import", str(source), "--slug", slug]) == 0


# -- hostile articles show literally -----------------------------------------------------------

LITERAL = {
    "rich-markup": "[bold]粗体[/] 和 [link=https://evil.example]链接[/link] 和 [/] 和 [red]红[/red]。",
    "textual-markup": "$accent 和 [@click=app.quit]退出[/] 和 [b]x[/b] 和 [on red]底[/]。",
    "markdown-and-html": "**粗** `码` <b>加粗</b> <script>alert(1)</script> &lt;i&gt;。",
    "bidi-controls": "管理员\u202e\u2066文本\u2069\u202c说了。",
    "emoji-and-astral": "😀👩\u200d💻🇨🇳 𠀀𪚥 和 ⼀ 豈。",
    "long-sentence": "我们用坐标下降训练模型，" * 500 + "。",
}


async def test_hostile_imported_articles_open_and_show_their_text_literally(
    tmp_path: Path, workspace_session: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each article of :data:`LITERAL` is imported, opened in turn in one reader, read with the
    word cursor and the look-up, and its Chinese lines are its text."""
    for name, text in LITERAL.items():
        import_text(tmp_path, f"标题\n\n{text}\n", name, name=f"{name}.md")
    capsys.readouterr()
    app = ReaderApp(shared_workspace(None, workspace_session))
    async with app.run_test(size=SIZE) as pilot:
        for name, text in LITERAL.items():
            app.open_article(name)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ArticleScreen) and screen.slug == name
            assert screen.article is not None and screen.reading.analysed  # opened and analysed
            # The Chinese lines, joined where they wrap, are the text as imported (Markdown
            # emphasis and <b> are cleaned by the import, by design; all else is kept).
            (paragraph,) = screen.article.paragraphs
            shown = "".join(shown_text(screen, "zh").split())
            assert shown == "".join(paragraph.text.split()), name
            if name not in ("markdown-and-html", "long-sentence"):
                assert paragraph.text == text, name
            await pilot.press("j", "l", "enter")  # move, word mode, look-up: no crash
            await settle(pilot)


# -- nothing that reaches the terminal is a control character ----------------------------------

ESC_BODY = "正文\x1b[2J清屏\x1b]0;pwned\x07标题\x9b31m红\x1b]52;c;cHduZWQ=\x07剪贴板。"


def _escape_corpus(folder: Path) -> None:
    """A shared corpus whose article, title and curated English hold terminal escapes (raw
    bytes in the body, YAML "\\e" escapes in the front matter and the curated file)."""
    folder.mkdir()
    (folder / "esc.md").write_text(
        '---\ntitle: "\\e]0;pwned\\a标题\\e[31m"\nauthor: "\\e[2J作者"\n---\n\n' + ESC_BODY + "\n",
        encoding="utf-8",
    )
    from reader.corpus import read_article

    entries = "".join(
        f"  - id: {s.id}\n    zh: {s.text!r}\n"
        f'    en: "\\e]52;c;cHduZWQ=\\a\\e[2JEnglish text {s.index}."\n'
        for s in read_article(folder / "esc.md").sentences()
    )
    (folder / "esc.en.yaml").write_text(
        f'title: "\\e[5mEnglish"\nsentences:\n{entries}', encoding="utf-8"
    )


async def test_escape_sequences_in_an_article_never_reach_the_terminal(
    tmp_path: Path, workspace_session: Workspace
) -> None:
    folder = tmp_path / "shared"
    _escape_corpus(folder)
    app = ReaderApp(shared_workspace(folder, workspace_session), open_slug="esc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        segments = painted(screen)
        assert not any(_CONTROL.search(text) for text in segments), segments
        joined = "".join(segments)
        assert "清屏" in joined and "剪贴板" in joined and "English text 0." in joined
        assert not _CONTROL.search(screen.title or "") and not _CONTROL.search(
            screen.sub_title or ""
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)  # the library lists it, safely
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        cells = [str(table.get_cell_at((r, c))) for r in range(table.row_count) for c in range(3)]
        assert not any(_CONTROL.search(cell) for cell in cells), cells


# -- damaged user data and caches never stop the reader ----------------------------------------

HOSTILE_GLOSSARIES = {
    "billion-laughs": LAUGHS + "entries: *i\n",
    "python-object": "entries:\n  - !!python/object/apply:os.system ['touch pwned-by-tui']\n",
    "terminal-escape": 'entries:\n  - id: x\n    en: "\\e]0;pwned\\a"\n    category: concept\n'
    "    definition: d\n",
    "nested-100000-deep": "entries: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "not-utf8": "entries:\n  - id: 中文\n",
}


@pytest.mark.parametrize(
    "name",
    [n if n in ("billion-laughs", "terminal-escape") else pytest.param(n, marks=slow)
     for n in HOSTILE_GLOSSARIES],
)  # fmt: skip
async def test_a_hostile_user_glossary_is_a_dialog_and_the_reader_still_works(
    name: str, isolated_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    data = HOSTILE_GLOSSARIES[name]
    (isolated_dirs / "glossary.yaml").write_bytes(
        data.encode("gbk") if name == "not-utf8" else data.encode()
    )
    monkeypatch.chdir(tmp_path)
    app = ReaderApp(Workspace())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert all("glossary.yaml:" in line and len(line) < 400 for line in app.screen.details)
        await pilot.press("escape")
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.reading and screen.reading.analysed
    assert not list(tmp_path.rglob("pwned*"))


STATE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "not-utf8": lambda p: p.write_bytes(b"\xff\xfe\x00garbage"),
    "not-json": lambda p: p.write_text("{not json", encoding="utf-8"),
    "nested-100000-deep": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "wrong-types": lambda p: p.write_text(
        '{"settings": {"default_layout": "sideways", "theme": 5},'
        ' "articles": {"yan-junjie-gamble": {"sentence": 999999, "layout": "x"}}}'
    ),
    "a-folder": lambda p: p.mkdir(),
}


@pytest.mark.parametrize(
    "name",
    [n if n in ("not-utf8", "wrong-types") else pytest.param(n, marks=slow) for n in STATE_DAMAGE],
)
async def test_damaged_reading_positions_never_stop_the_reader(
    name: str, isolated_dirs: Path, workspace_session: Workspace
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    STATE_DAMAGE[name](isolated_dirs / "state.json")
    app = ReaderApp(shared_workspace(None, workspace_session))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        app.open_article("yan-junjie-gamble")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        await pilot.press("j", "j")
        assert screen.query_one(ArticleView).current == min(2 if name != "wrong-types" else 83, 83)
        await pilot.press("escape")  # saves the position (or says why it cannot)
        await settle(pilot)


async def test_a_damaged_translation_cache_still_opens_imported_articles(
    isolated_dirs: Path, tmp_path: Path, workspace_session: Workspace
) -> None:
    import_text(tmp_path, "标题\n\n银行行长说今天的数据很大。\n", "mine")
    (isolated_dirs / "translations.sqlite").write_bytes(b"not a database at all\n" * 100)
    app = ReaderApp(shared_workspace(None, workspace_session), open_slug="mine")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert "bank" in shown_text(screen)  # the gloss is shown
    assert list(isolated_dirs.glob("translations.sqlite.broken-*"))


async def test_the_reader_says_when_the_translation_cache_was_rebuilt(
    isolated_dirs: Path, tmp_path: Path, workspace_session: Workspace
) -> None:
    import_text(tmp_path, "标题\n\n银行行长说今天的数据很大。\n", "mine")
    (isolated_dirs / "translations.sqlite").write_bytes(b"not a database at all\n" * 100)
    app = ReaderApp(shared_workspace(None, workspace_session), open_slug="mine")
    messages = recorder(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert any("translation cache" in n.message for n in messages), messages


async def test_broken_pinyin_corrections_do_not_stop_an_article_from_opening(
    isolated_dirs: Path, tmp_path: Path
) -> None:
    import_text(tmp_path, "标题\n\n银行行长说今天的数据很大。\n", "mine")
    (isolated_dirs / "pinyin.yaml").write_text("银行: [yín\n", encoding="utf-8")
    app = ReaderApp(Workspace(), open_slug="mine")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)


async def test_broken_pinyin_corrections_are_reported_and_analysis_still_runs(
    isolated_dirs: Path,
) -> None:
    isolated_dirs.mkdir(parents=True, exist_ok=True)
    (isolated_dirs / "pinyin.yaml").write_text("银行: [yín\n", encoding="utf-8")
    app = ReaderApp(Workspace(), open_slug="yan-junjie-gamble")
    messages = recorder(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.reading and screen.reading.analysed, "no analysis"
    assert any("pinyin.yaml" in n.message for n in messages), messages


async def test_the_library_names_an_article_it_cannot_read(
    tmp_path: Path, workspace_session: Workspace
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "good.md").write_text("---\ntitle: 好\n---\n\n正文。\n", encoding="utf-8")
    (folder / "bad.md").write_text("---\ntitle: [unclosed\n---\n\n正文。\n", encoding="utf-8")
    app = ReaderApp(shared_workspace(folder, workspace_session))
    messages = recorder(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from textual.widgets import DataTable

        assert app.screen.query_one(DataTable).row_count == 1  # the good one is listed
    assert any("bad.md" in n.message for n in messages), messages


def test_the_tui_module_is_not_imported_by_the_hostile_core_suites() -> None:
    """The core suites (text, inputs, archives, faults) run without Textual loaded."""
    import subprocess
    import sys

    code = (
        "import sys, reader.files, reader.safe_yaml, reader.importer, reader.translation.archive\n"
        "assert 'textual' not in sys.modules, 'textual'\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
