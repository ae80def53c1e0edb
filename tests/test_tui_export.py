"""Pilot tests of the export dialog: it never overwrites unasked, suggests the documents folder
(or the last one used), creates a missing folder only when asked, and fits at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input

from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.export import ExportDialog, free_path
from reader.workspace import Workspace
from tests.tui_support import settle

SLUG = "three-hard-battles"


async def open_dialog(pilot) -> ExportDialog:  # type: ignore[no-untyped-def]
    await pilot.press("e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


def error(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#error").render())


async def test_suggests_a_new_file_in_documents_then_the_last_folder(
    workspace_session: Workspace, tmp_path: Path
) -> None:
    documents = tmp_path / "home" / "Documents"
    documents.mkdir(parents=True)
    (documents / f"{SLUG}.md").write_text("mine", encoding="utf-8")
    elsewhere = tmp_path / "notes"
    elsewhere.mkdir()
    app = ReaderApp(workspace_session, open_slug=SLUG)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        suggested = Path(dialog.query_one("#path", Input).value)
        assert suggested == documents / f"{SLUG}-2.md"  # never the existing file
        dialog.query_one("#path", Input).value = str(elsewhere / "out.md")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert (elsewhere / "out.md").is_file()
        dialog = await open_dialog(pilot)
        assert Path(dialog.query_one("#path", Input).value) == elsewhere / f"{SLUG}.md"
    assert (documents / f"{SLUG}.md").read_text(encoding="utf-8") == "mine"
    assert app.state.settings.export_dir == str(elsewhere)


async def test_an_existing_file_is_replaced_only_when_ticked(
    workspace_session: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "exists.md"
    target.write_text("keep me", encoding="utf-8")
    app = ReaderApp(workspace_session, open_slug=SLUG)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog) and "Replace" in error(dialog)
        assert target.read_text(encoding="utf-8") == "keep me"
        dialog.query_one("#force", Checkbox).value = True
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
    assert target.read_text(encoding="utf-8").startswith("---")


async def test_a_missing_folder_is_created_when_asked(
    workspace_session: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "deeper" / "out.md"
    app = ReaderApp(workspace_session, open_slug=SLUG)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "does not exist" in error(dialog) and not target.parent.exists()
        assert "Create folder" in str(dialog.query_one("#export", Button).label)
        await pilot.press("enter")  # yes, create it
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
    assert target.is_file()


async def test_the_dialog_fits_at_80_by_24(workspace_session: Workspace) -> None:
    app = ReaderApp(workspace_session, open_slug=SLUG)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot)
        box = dialog.query_one(Vertical).region
        assert box.x >= 0 and box.right <= 80 and box.y >= 0 and box.bottom <= 24
        for widget in dialog.query("Select, Checkbox, Input, Button"):
            region = widget.region
            assert region.height and box.contains_region(region), widget


def test_free_path_never_names_an_existing_file(tmp_path: Path) -> None:
    assert free_path(tmp_path, "a") == tmp_path / "a.md"
    for name in ("a.md", "a-2.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert free_path(tmp_path, "a") == tmp_path / "a-3.md"
