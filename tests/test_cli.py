"""The command-line contract: JSON shapes, errors and environment overrides."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main
from tests.conftest import ROOT


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 5
    for row in rows:
        # The contract's fields, and what the library index adds.
        assert set(row) >= {"slug", "title", "author", "source", "date", "script", "sentences"}
        assert {"series", "chapter", "english", "engines", "difficulty"} <= set(row)
        assert row["series"] is None and row["chapter"] is None  # not chapters of a book
        assert isinstance(row["sentences"], int) and row["sentences"] > 0


def test_list_prints_the_table_of_the_articles(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli.output import table

    rows = json.loads(run(capsys, "list", "--json")[1])
    code, out, _ = run(capsys, "list")
    assert code == 0
    cells = [
        (
            r["slug"],
            r["title"],
            r["author"] or r["source"] or "",
            r["date"] or "",
            str(r["sentences"]),
        )
        for r in rows
    ]
    headers = ("SLUG", "TITLE", "AUTHOR / SOURCE", "DATE", "SENT.")
    assert out == table(headers, cells, (22, 44, 24, 10, 5)) + "\n"


def test_show_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "three-hard-battles", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["slug"] == "three-hard-battles"
    assert {"title", "author", "source", "date", "script", "paragraphs"} <= set(doc)
    kinds = {p["kind"] for p in doc["paragraphs"]}
    assert kinds <= {"heading", "text", "quote", "list"}
    sentence = doc["paragraphs"][0]["sentences"][0]
    assert set(sentence) == {"id", "zh", "en", "engine", "tokens"}
    assert "".join(t["text"] for t in sentence["tokens"]) == sentence["zh"]
    token = sentence["tokens"][0]
    assert set(token) == {"text", "start", "end", "pinyin", "term"}


def test_analyze_text_and_tones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "MoE(混合专家)和绿色", "--tone", "numbers")
    assert code == 0
    doc = json.loads(out)
    assert doc["text"] == "MoE(混合专家)和绿色"
    tokens = {t["text"]: t for t in doc["tokens"]}
    assert tokens["MoE"]["term"] == "mixture-of-experts"
    assert tokens["混合专家"]["pinyin"] == ["hun4", "he2", "zhuan1", "jia1"]
    assert tokens["MoE"]["pinyin"] == [None, None, None]
    assert tokens["绿色"]["pinyin"] == ["lü4", "se4"]
    assert tokens["MoE"]["start"] == 0 and tokens["MoE"]["end"] == 3
    _, marks, _ = run(capsys, "analyze", "绿色")
    assert json.loads(marks)["tokens"][0]["pinyin"] == ["lǜ", "sè"]
    _, plain, _ = run(capsys, "analyze", "绿色", "--tone", "none")
    assert json.loads(plain)["tokens"][0]["pinyin"] == ["lü", "se"]


def test_analyze_jsonl_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("長期\n\n银行\n"))
    code, out, _ = run(capsys, "analyze", "--jsonl", "--tone", "numbers")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [x["text"] for x in lines] == ["長期", "", "银行"]
    assert lines[0]["tokens"][0]["pinyin"] == ["chang2", "qi1"]
    assert lines[1]["tokens"] == []


def test_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "no-such-article")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "No article with slug 'no-such-article'" in err
    with pytest.raises(SystemExit) as exc:
        main(["show"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_corpus_override_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    src = tmp_path / "note.md"
    src.write_text("# 我的文章\n\n第一段。第二句。\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(src), "--corpus", str(folder))
    assert code == 0 and "Imported '我的文章' as wo-de-wen-zhang" in out
    monkeypatch.setenv("READER_CORPUS", str(folder))
    _, listed, _ = run(capsys, "list", "--json")
    assert [r["slug"] for r in json.loads(listed)] == ["wo-de-wen-zhang"]
    code, _, err = run(capsys, "list", "--corpus", str(tmp_path / "missing"))
    assert code == 1 and "does not exist" in err


def test_import_goes_to_user_dir_not_bundled(
    tmp_path: Path, isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("标题\n\n内容第一句。\n", encoding="utf-8")
    assert run(capsys, "import", str(src))[0] == 0
    assert (isolated_dirs / "corpus" / "biao-ti.md").exists()
    _, listed, _ = run(capsys, "list", "--json")
    assert len(json.loads(listed)) == 6


def test_console_script_runs_in_a_real_process(isolated_dirs: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "list", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 5
