"""``reader vocab`` and the "hsk" field of ``reader analyze``: the command-line contract."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.vocab.store import VocabStore
from tests.test_vocab_export import BANK, GREEN


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_with_an_article_and_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "vocab", "add", "创业", "--article", "three-hard-battles")
    assert code == 0 and out.startswith("Saved 创业 chuàngyè — to begin an undertaking")
    code, out, _ = run(capsys, "vocab", "list", "--json")
    [row] = json.loads(out)
    assert set(row) == {
        "id", "word", "simplified", "traditional", "pinyin", "pinyin_numbers", "english",
        "english_from", "term", "state", "hsk", "sentence", "sentence_en", "article",
        "sentence_id", "title", "source", "url", "notes", "added",
    }  # fmt: skip
    assert row["word"] == "创业" and row["pinyin"] == "chuàngyè" and row["state"] == "learning"
    assert row["hsk"] == 5 and row["article"] == "three-hard-battles"
    assert "创业" in row["sentence"] and row["sentence_en"]


def test_add_again_updates(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "vocab", "add", "银行")
    code, out, _ = run(capsys, "vocab", "add", "銀行", "--note", "seen twice")
    assert code == 0 and out.startswith("Updated 銀行 yínháng")
    _, out, _ = run(capsys, "vocab", "list", "--json")
    assert [r["notes"] for r in json.loads(out)] == ["seen twice"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("闫俊杰",), "neither CC-CEDICT nor the glossary; give its English with --en"),
        (("hello",), "no Chinese characters"),
        (("银行", "--sentence", "1.1"), "--sentence needs --article"),
        (("银行", "--article", "nope"), "No article with slug 'nope'"),
        (("银行", "--article", "three-hard-battles", "--sentence", "999.9"), "No sentence"),
        (("银河", "--article", "three-hard-battles"), "does not occur in the article"),
    ],
)
def test_add_errors(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "vocab", "add", *argv)
    assert code == 1 and out == ""
    assert err.startswith("reader: ") and message in err and err.count("\n") == 1


def test_a_phrase_is_saved_with_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "vocab", "add", "浪费时间")
    assert code == 0
    assert out.splitlines() == [
        "Saved 浪费时间 làngfèishíjiān — parts: 浪费 waste · 时间 time",
        "“浪费时间” is not in CC-CEDICT: its English is made of its parts' senses (give your own "
        "with --en).",
    ]


def test_a_word_in_no_dictionary_with_own_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "vocab", "add", "闫俊杰", "--en", "Yan Junjie", "--json")
    assert code == 0 and json.loads(out)["english"] == ["Yan Junjie"]


def test_known_learning_new(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "vocab", "known", "的", "是", "銀行")
    assert code == 0 and out.strip() == "Marked 3 of 3 word(s) known"
    _, out, _ = run(capsys, "vocab", "known", "的")
    assert out.strip() == "Marked 0 of 1 word(s) known (1 already were)"
    run(capsys, "vocab", "new", "是")
    _, out, _ = run(capsys, "vocab", "info", "银行", "是", "--json")
    infos = [json.loads(line) for line in out.splitlines()]
    assert [(i["word"], i["state"], i["hsk"]) for i in infos] == [
        ("银行", "known", 3),
        ("是", "new", 1),
    ]
    assert infos[0]["zipf"] > 5
    code, _, err = run(capsys, "vocab", "known", "的", "hello")
    assert code == 1 and "“hello” has no Chinese characters; nothing was marked" in err


def test_list_table_and_search(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "vocab", "list")
    assert "No saved words yet" in out
    run(capsys, "vocab", "add", "银行")
    run(capsys, "vocab", "add", "学习")
    _, out, _ = run(capsys, "vocab", "list", "--search", "xuexi")
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["WORD", "PINYIN", "STATE", "HSK"]
    assert len(lines) == 2 and lines[1].startswith("学习")


def test_remove(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "vocab", "add", "银行")
    code, out, _ = run(capsys, "vocab", "remove", "銀行")
    assert code == 0 and out.strip() == "Removed 银行 yínháng"
    code, _, err = run(capsys, "vocab", "remove", "银行")
    assert code == 1 and "not in your vocabulary" in err


def test_export_anki_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "vocab", "add", "创业", "--article", "three-hard-battles")
    deck = tmp_path / "words.apkg"
    code, out, _ = run(capsys, "vocab", "export", "--format", "anki", "-o", str(deck))
    assert code == 0 and out.strip() == f"Wrote 1 word(s) to {deck} (Anki deck)"
    assert zipfile.ZipFile(deck).namelist() == ["collection.anki2", "media"]
    code, _, err = run(capsys, "vocab", "export", "-o", str(deck))
    assert code == 1 and "exists; add --force" in err
    code, out, _ = run(capsys, "vocab", "export", "--format", "csv", "-o", "-")
    assert code == 0 and out.startswith("\ufeffhanzi,traditional,pinyin,")
    code, _, err = run(capsys, "vocab", "export", "--format", "anki", "-o", "-")
    assert code == 1 and "standard output" in err


def test_import_a_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "known.txt"
    path.write_bytes("银行\n学习\n闫俊杰\nhello\n".encode("gbk"))
    code, out, _ = run(capsys, "vocab", "import", str(path), "--dry-run")
    assert code == 0 and out.startswith("Would mark 3 word(s) known from a list")
    _, out, _ = run(capsys, "vocab", "info", "银行", "--json")
    assert json.loads(out)["state"] == "new"  # a dry run changes nothing
    code, out, _ = run(capsys, "vocab", "import", str(path))
    assert code == 0
    assert out.splitlines() == [
        "Marked 3 word(s) known from a list (3 in the file, 0 already known, "
        "1 line(s) without a word skipped, read as gb18030)",
        "1 of them are in no dictionary (names? typos?): 闫俊杰",
    ]
    code, out, _ = run(capsys, "vocab", "import", str(path), "--as", "learning")
    assert code == 0 and out.startswith("Marked 3 word(s) learning")


def test_import_errors_exit_non_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(50_000_000)
    code, _, err = run(capsys, "vocab", "import", str(huge))
    assert code == 1 and "more than the 20 MB" in err and err.count("\n") == 1


def test_difficulty_json(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "vocab", "known", "的", "是", "我们")
    code, out, _ = run(capsys, "vocab", "difficulty", "three-hard-battles", "--json")
    [row] = json.loads(out)
    assert code == 0 and row["slug"] == "three-hard-battles"
    assert 0 < row["known_share"] < 0.5 and row["new_words"] > 100
    assert sum(row["hsk"].values()) == row["distinct"]


def test_difficulty_of_the_whole_corpus_equals_counting_each_article(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command reads the index's word counts; the figures are those of segmenting each
    article, for every bundled article."""
    from reader.vocab.difficulty import article_words, difficulty
    from reader.workspace import Workspace

    run(capsys, "vocab", "known", "的", "是", "我们", "模型")
    run(capsys, "vocab", "add", "创业")  # learning
    code, out, _ = run(capsys, "vocab", "difficulty", "--json")
    rows = {row.pop("slug"): row for row in json.loads(out)}
    ws = Workspace()
    assert code == 0 and list(rows) == ws.corpus.slugs()
    for slug, row in rows.items():
        d = difficulty(
            article_words(ws.analyzer, ws.corpus.load(slug)), {"的", "是", "我们", "模型"}, {"创业"}
        )
        assert row["words"] == d.words and row["new_words"] == d.new_words, slug
        assert row["known_share"] == round(d.known_share, 4) and row["learning"] == d.learning
    code, out, _ = run(capsys, "vocab", "difficulty")
    assert code == 0 and out.startswith("ARTICLE") and out.count("\n") == len(rows) + 1


def test_difficulty_of_named_articles_counts_only_them(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.workspace import Workspace

    code, out, _ = run(capsys, "vocab", "difficulty", "three-hard-battles", "--json")
    assert code == 0 and [r["slug"] for r in json.loads(out)] == ["three-hard-battles"]
    ws = Workspace()
    library = ws.synced_library()
    assert library.words_to_count() == len(library.records()) - 1


def test_difficulty_of_an_unknown_article(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "vocab", "difficulty", "no-such-article")
    assert code == 1 and out == ""
    assert err.startswith("reader: No article with slug 'no-such-article'") and err.count("\n") == 1


def test_analyze_tokens_have_hsk_levels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "我們去銀行，MoE很好。")
    tokens = {t["text"]: t for t in json.loads(out)["tokens"]}
    assert code == 0
    assert tokens["我們"]["hsk"] == 1 and tokens["銀行"]["hsk"] == 3  # traditional input too
    assert tokens["MoE"]["hsk"] is None and tokens["，"]["hsk"] is None
    assert list(tokens["銀行"]) == ["text", "start", "end", "pinyin", "term", "hsk"]


def test_csv_round_trip_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_dirs: Path
) -> None:
    store = VocabStore()
    store.save(BANK)
    store.save(GREEN)
    store.set_state(["绿色"], "known")
    before = store.entries()
    path = tmp_path / "words.csv"
    assert main(["vocab", "export", "-o", str(path)]) == 0
    store.close()
    (isolated_dirs / "vocabulary.sqlite").unlink()
    assert main(["vocab", "import", str(path)]) == 0
    assert "Added 2 of 2 saved word(s)" in capsys.readouterr().out
    fresh = VocabStore()
    strip = [{**e.__dict__, "id": None} for e in before]
    assert [{**e.__dict__, "id": None} for e in fresh.entries()] == strip
    assert fresh.states() == {"银行": "learning", "绿色": "known"}
