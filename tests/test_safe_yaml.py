"""YAML errors read as one short line that says where (reader.safe_yaml.describe_error)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reader.corpus import read_article
from reader.errors import ReaderError
from reader.safe_yaml import describe_error, safe_load


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        (
            "银行: [yín\n",
            0,
            "line 2, column 1: expected ',' or ']', but got '<stream end>' "
            "(while parsing a flow sequence at line 1, column 5)",
        ),
        ("a: b: c\n", 0, "line 1, column 5: mapping values are not allowed here"),
        ("title: 'open\n", 1, "line 3, column 1: found unexpected end of stream"),
    ],
)
def test_a_syntax_error_is_one_line_with_its_place(text: str, offset: int, expected: str) -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        safe_load(text)
    message = describe_error(caught.value, line_offset=offset)
    assert message.startswith(expected), message
    assert "\n" not in message and "^" not in message


def test_front_matter_errors_count_lines_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: 好\nauthor: [unclosed\n---\n\n正文。\n", encoding="utf-8")
    with pytest.raises(ReaderError) as caught:
        read_article(path)
    assert "while parsing a flow sequence at line 3, column 9" in str(caught.value)
    assert "\n" not in str(caught.value)
