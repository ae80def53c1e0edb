"""``reader show --json`` of a technical article: the contract other programs rely on, and the
analysis cache that lets the second showing skip word analysis."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.analysis import Analyzer
from reader.analysis_cache import FILENAME, AnalysisCache
from reader.paths import cache_dir
from tests.hostile_support import run

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SENTENCE_KEYS = {"id", "zh", "en", "engine", "tokens"}


@pytest.fixture
def shown(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(capsys, "import", str(FIXTURES / "tutorial.md"), "--slug", "tutorial")
    assert code == 0, err
    code, out, err = run(capsys, "show", "tutorial", "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def sentences_of(paragraph: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(paragraph["sentences"])
    for row in paragraph.get("rows", []):
        for cell in row:
            found += cell["sentences"]
    return found


def test_every_paragraph_has_its_kind_and_sentences_keep_their_shape(shown: dict[str, Any]) -> None:
    kinds = {p["kind"] for p in shown["paragraphs"]}
    assert kinds == {"heading", "text", "quote", "list", "code", "math", "table", "image", "rule"}
    ids = []
    for paragraph in shown["paragraphs"]:
        for sentence in sentences_of(paragraph):
            assert set(sentence) == SENTENCE_KEYS
            assert "".join(t["text"] for t in sentence["tokens"]) == sentence["zh"]
            ids.append(sentence["id"])
    assert len(ids) == len(set(ids)) == shown["sentences"]


def test_code_math_table_image_and_list_fields(shown: dict[str, Any]) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for p in shown["paragraphs"]:
        by_kind.setdefault(p["kind"], []).append(p)
    code = by_kind["code"][0]
    assert code["lang"] == "python" and code["sentences"] == []
    assert code["text"].startswith("import math\nimport torch\n\n\n# 这一行是注释，不是标题\n")
    math = by_kind["math"][0]
    assert math["text"].startswith("\\mathrm{Attention}(Q, K, V)") and "\\\\\n" in math["text"]
    (table,) = by_kind["table"]
    header = [cell["text"] for cell in table["rows"][0]]
    assert header == ["模型", "层数", "参数量", "说明"]
    assert [s["zh"] for s in table["rows"][1][3]["sentences"]] == ["适合在单张显卡上微调"]
    image = by_kind["image"][0]
    assert image["src"] == "https://example.com/figures/3-1.png" and image["alt"] == "图片描述"
    assert [s["zh"] for s in image["sentences"]] == ["图3.1 缩放点积注意力的计算流程"]
    ordered = [(p["ordered"], p["number"], p["depth"]) for p in by_kind["list"]]
    assert ordered == [(True, 1, 0), (True, 2, 0), (True, 3, 0), (False, None, 1), (False, None, 1)]
    quote = by_kind["quote"][0]
    (link,) = [m for m in quote["inline"] if m["kind"] == "link"]
    assert (link["text"], link["url"]) == ("官方教程", "https://pytorch.org/tutorials/")


def test_inline_code_is_one_unread_token(shown: dict[str, Any]) -> None:
    first = next(p for p in shown["paragraphs"] if p["kind"] == "text")
    (code,) = [m for m in first["inline"] if m["kind"] == "code"]
    assert code["text"] == "softmax"
    tokens = [t for s in first["sentences"] for t in s["tokens"]]
    (token,) = [t for t in tokens if t["text"] == "softmax"]
    assert token["pinyin"] == [None] * 7 and token["term"] is None


def test_the_second_showing_reads_tokens_from_the_cache(
    shown: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(Analyzer, "analyze", refuse)
    code, out, err = run(capsys, "show", "tutorial", "--json")
    assert code == 0, err
    assert json.loads(out) == shown


def test_a_damaged_cache_is_rebuilt(
    shown: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = cache_dir() / FILENAME
    path.write_bytes(b"this is not a database" * 100)
    code, out, err = run(capsys, "show", "tutorial", "--json")
    assert code == 0, err
    assert json.loads(out) == shown
    cache = AnalysisCache(path)
    assert cache.get_many("x", [("文本", ())]) == {}  # a working (empty for that key) database
    cache.close()
