"""SVG snapshots of a technical article: code, math, a table, an image and nested lists.

Update after an intended change with
``uv run pytest tests/test_snapshots_documents.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.importer import import_file
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.workspace import Workspace
from tests.test_snapshots import _quiet

FIXTURE = Path(__file__).parent / "fixtures" / "documents" / "tutorial.md"


def tutorial_app(tmp_path: Path) -> ReaderApp:
    folder = tmp_path / "corpus"
    folder.mkdir()
    ws = Workspace(str(folder))
    import_file(ws.corpus, FIXTURE, slug="tutorial")
    return ReaderApp(ws, open_slug="tutorial")


def at(starts: str, *presses: str):  # type: ignore[no-untyped-def]
    """A run_before that makes the sentence starting with ``starts`` current, then presses."""

    async def run(pilot: Pilot[None]) -> None:
        await _quiet(pilot)
        for key in presses:
            await pilot.press(key)
        await _quiet(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.reading is not None
        screen.go_to(next(s.position for s in screen.reading if s.sentence.text.startswith(starts)))
        await _quiet(pilot)

    return run


CASES = {
    "code-and-math-80x24": ("下面的代码", (), (80, 24)),
    "table-and-lists-100x30": ("大模型", (), (100, 30)),
    "table-chinese-only-with-pinyin": ("小模型", ("t", "t", "p"), (100, 30)),
}


@pytest.mark.parametrize(("starts", "presses", "size"), list(CASES.values()), ids=list(CASES))
def test_technical_article(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, starts: str, presses: tuple[str, ...], size: tuple[int, int]
) -> None:
    assert snap_compare(tutorial_app(tmp_path), terminal_size=size, run_before=at(starts, *presses))
