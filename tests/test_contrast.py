"""Every text style of the article view is readable in the dark and the light theme: WCAG AA
contrast (4.5:1) against the page and against the current sentence's band."""

from __future__ import annotations

import pytest
from rich.color import Color

from reader.tui.app import ReaderApp
from reader.tui.widgets.article_view import ArticleView
from reader.workspace import Workspace
from tests.tui_support import settle

AA = 4.5
NOT_TEXT = {"rule", "frame", "current", "cursor"}  # separator and box lines, backgrounds


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("a", "b", "ratio"), [("#000000", "#ffffff", 21.0), ("#777777", "#ffffff", 4.48)]
)
def test_contrast_formula(a: str, b: str, ratio: float) -> None:
    assert contrast(Color.parse(a), Color.parse(b)) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_every_text_style_meets_wcag_aa(workspace_session: Workspace, theme: str) -> None:
    app = ReaderApp(workspace_session, open_slug="yan-junjie-gamble")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = theme
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        base = view.rich_style
        band = (base + view._style("current")).bgcolor
        page = base.bgcolor
        assert band is not None and page is not None
        failing = []
        for name in sorted(ArticleView.COMPONENT_CLASSES):
            key = name.removeprefix("article-view--")
            if key in NOT_TEXT:
                continue
            color = (base + view._style(key)).color
            assert color is not None, key
            for where, background in (("page", page), ("current", band)):
                if (ratio := contrast(color, background)) < AA:
                    failing.append(f"{key} on the {where}: {ratio:.2f}")
        cursor = base + view._style("current") + view._style("cursor")
        assert cursor.color is not None and cursor.bgcolor is not None
        if (ratio := contrast(cursor.color, cursor.bgcolor)) < AA:
            failing.append(f"the word cursor: {ratio:.2f}")
        assert not failing, failing
