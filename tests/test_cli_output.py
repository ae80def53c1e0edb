"""Table-driven tests of the CLI's CJK-aware widths and table fitting."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.cli.output import cell_width, fit, table


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("", 0),
        ("MiniMax", 7),
        ("复盘", 4),
        ("復盤 AI", 7),
        ("ＡＢ", 4),  # full-width Latin
        ("é", 1),
        ("…", 1),
        ("闫俊杰：MiniMax-M2", 18),
    ],
)
def test_cell_width(text: str, cells: int) -> None:
    assert cell_width(text) == cells


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("abc", 5, "abc  "),
        ("abcdef", 4, "abc…"),
        ("复盘的方法", 6, "复盘… "),  # a wide character never straddles the cut
        ("复盘的方法", 10, "复盘的方法"),
        ("复盘的方法", 7, "复盘的…"),
        ("a复盘", 4, "a复…"),
    ],
)
def test_fit(text: str, width: int, expected: str) -> None:
    assert fit(text, width) == expected


def _reference_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
def test_fit_is_exactly_the_width(text: str, width: int) -> None:
    assert cell_width(text) == _reference_width(text)
    fitted = fit(text, width)
    assert _reference_width(fitted) == width
    assert fitted.rstrip(" ").removesuffix("…") in text or fitted.rstrip(" ") == text


def test_table_pads_every_column_and_rejects_short_rows() -> None:
    out = table(("A", "B"), [("x", "复盘"), ("long-slug", "b")], (4, 3))
    assert out.splitlines() == ["A     B", "x     复…", "lon…  b"]
    with pytest.raises(ValueError):
        table(("A", "B"), [("x",)], (4, 3))
