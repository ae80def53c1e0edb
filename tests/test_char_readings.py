"""Single-character readings and traditional forms without loading whole-text tables: the
glossary is checked without importing pypinyin or OpenCC's phrase tables."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.text.char_readings import char_readings, traditional_char
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("char", "expected"),
    [("行", {"háng", "xíng"}), ("銀", {"yín"}), ("了", {"le", "liǎo"}), ("a", set()), ("", set())],
)
def test_char_readings(char: str, expected: set[str]) -> None:
    assert expected <= set(char_readings(char))
    assert bool(char_readings(char)) is bool(expected)


@pytest.mark.parametrize(
    ("char", "expected"),
    [("银", "銀"), ("发", "發"), ("后", "後"), ("好", "好"), ("A", "A"), ("银行", "银行")],
)
def test_traditional_char(char: str, expected: str) -> None:
    assert traditional_char(char) == expected


def test_loading_the_glossary_imports_neither_pypinyin_nor_the_phrase_tables() -> None:
    code = (
        "import sys\n"
        "from reader.workspace import Workspace\n"
        "glossary = Workspace().glossary\n"
        "assert len(glossary) > 300\n"
        "assert 'pypinyin' not in sys.modules, 'pypinyin'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
