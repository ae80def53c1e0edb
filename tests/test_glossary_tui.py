"""The reader underlines common words of AI writing (tier general) quietly, or not at all."""

from __future__ import annotations

from reader.tui.app import ReaderApp
from reader.tui.layout import TokenView, _term_style
from reader.tui.screens.article import ArticleScreen
from reader.tui.widgets.article_view import ArticleView
from reader.workspace import Workspace
from tests.tui_support import settle


def test_general_terms_have_their_own_style() -> None:
    assert _term_style(TokenView(0, 2, (None, None), "model", general=True)) == "term-general"
    assert _term_style(TokenView(0, 2, (None, None), "agi")) == "term"


async def test_specialist_terms_only_is_a_remembered_setting(
    workspace_session: Workspace,
) -> None:
    app = ReaderApp(workspace_session)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_article("latepost-interview")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        view = screen.query_one(ArticleView)
        general = {
            t.term
            for p in screen._paragraph_views()
            for s in p.sentences
            for t in s.tokens or ()
            if t.general
        }
        assert general and general <= {
            e.id for e in workspace_session.glossary.entries if e.general
        }
        assert view._style("term-general") != view._style("zh")
        app.action_specialist_terms()
        assert view.general_terms is False
        assert view._style("term-general") == view._style("zh")
        assert view._style("term") != view._style("zh")
    again = ReaderApp(workspace_session)
    assert again.state.settings.specialist_terms_only is True
